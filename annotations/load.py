"""`tandem load`: the native JSON Lines format (see record.py) back into the store.

Load adds each article's annotations in one atomic write per annotator file, so a crash leaves every file whole
and a rerun completes it. The whole file is parsed before anything is written, so a broken file loads nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from annotations.errors import StoreError
from annotations.model import SIDES, DocumentText, Span, Status, normalize_text, quote_context, utc_now
from annotations.record import RELATION_KEYS
from annotations.state import STATUS_KEY, Op
from annotations.store import Store

STATUSES = tuple(Status)


@dataclass
class LoadReport:
    """What a load added, and what it skipped with the reason for each."""

    articles: int = 0
    spans: int = 0
    relations: int = 0
    statuses: int = 0
    skipped: list[str] = field(default_factory=list)


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with open(path, "rb") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError as e:
                    raise StoreError(f"line {number} is not valid JSON ({e}); nothing was loaded", path) from e
                if not isinstance(record, dict) or not isinstance(record.get("article"), dict):
                    raise StoreError(f'line {number} has no "article" object; nothing was loaded', path)
                yield number, record
    except OSError as e:
        raise StoreError(f"cannot read: {e.strerror}", path) from e


def _span_ops(record: dict[str, Any], doc: DocumentText, where: str, report: LoadReport,
              annotator: str | None = None) -> dict[str, list[Op]]:
    """Per-annotator ops for the spans of one line whose text matches the article; others are reported."""
    ops: dict[str, list[Op]] = {}
    now = utc_now()
    for side, content in record.get("sides", {}).items():
        text = doc.sides.get(side)
        for kind in ("spans", "orphans"):
            for s in content.get(kind, []):
                try:
                    span = dict(s, article_id=doc.id, side=side, text=normalize_text(s["text"]))
                    if annotator and not span.get("annotator"):
                        span["annotator"] = annotator  # spans from other tools name nobody, nor when
                    for key, default in (("created", now), ("updated", now), ("attrs", {}), ("note", "")):
                        span.setdefault(key, default)
                    if kind == "spans":
                        if text is None or text[span["start"] : span["end"]] != span["text"]:
                            report.skipped.append(
                                f"{where}: span {s['id']} ({side} {s['start']}:{s['end']}) "
                                f"quotes {s['text']!r}, which is not in the article there"
                            )
                            continue
                        _, span["prefix"], span["suffix"] = quote_context(text, span["start"], span["end"])
                    stored = Span.from_dict(span).to_dict()
                except (KeyError, TypeError, ValueError) as e:
                    report.skipped.append(f"{where}: malformed span {s!r:.80} ({e!r})")
                    continue
                ops.setdefault(stored["annotator"], []).append(["span", stored["id"], stored])
                report.spans += 1
    return ops


def lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, article object) of a native JSON Lines file; a broken line is a StoreError naming it."""
    return _lines(path)


def load_jsonl(path: Path, store: Store, documents: Mapping[str, DocumentText] | None = None,
               annotator: str | None = None) -> LoadReport:
    """Add the annotations of an export file to `store`.

    Spans are checked against `documents` (the workspace's articles) when given, else against the text in the
    file itself; spans that name no annotator are loaded as `annotator`. Those that do not match, relations that
    lose an end, and articles not in `documents` are skipped and reported. The whole file is parsed before
    anything is written, so a broken file loads nothing.
    """
    path = Path(path)
    for _ in _lines(path):
        pass
    report = LoadReport()
    for number, record in _lines(path):
        article = record["article"]
        where = f"{path.name}:{number} article {article.get('id')}"
        if documents is not None:
            doc = documents.get(article.get("id", ""))
            if doc is None:
                report.skipped.append(f"{where}: not in the workspace; its annotations were skipped")
                continue
        else:
            sides = {k: v.get("text", "") for k, v in record.get("sides", {}).items() if k in SIDES}
            doc = DocumentText(str(article.get("id", "")), article.get("meta", {}), sides)
        ops = _span_ops(record, doc, where, report, annotator)
        span_ids = {op[1] for annotator_ops in ops.values() for op in annotator_ops}
        for r in record.get("relations", []):
            ends = [r.get("head"), r.get("child")] + ([r["cue"]] if r.get("cue") else [])
            if not all(e in span_ids for e in ends) or "annotator" not in r:
                report.skipped.append(f"{where}: relation {r.get('id')} refers to a span that was not loaded")
                continue
            rel = {k: r.get(k) for k in RELATION_KEYS} | {"article_id": doc.id}
            ops.setdefault(r["annotator"], []).append(["relation", rel["id"], rel])
            report.relations += 1
        for annotator, status in record.get("status", {}).items():
            if status not in STATUSES:
                report.skipped.append(f"{where}: status {status!r} of {annotator} is not one of {', '.join(STATUSES)}")
                continue
            ops.setdefault(annotator, []).append(["status", STATUS_KEY, {"status": status, "updated": utc_now()}])
            report.statuses += 1
        for annotator, annotator_ops in ops.items():
            store.merge(annotator, doc.id, annotator_ops)
        report.articles += 1
    return report
