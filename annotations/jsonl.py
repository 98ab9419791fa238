"""JSON Lines in and out: one object per article with its text, every annotator's spans, relations and status.

Line format (keys sorted, spans by start/end/id, relations by id, so the same store gives the same bytes)::

    {"article": {"id": ..., "meta": {...}},
     "relations": [{"id", "type", "head", "child", "cue", "annotator", "created"}],
     "sides": {"en": {"text": ..., "spans": [{"id", "start", "end", "text", "layer", "label", "attrs", "note",
                                              "annotator", "created", "updated"}],
                      "orphans": [... same, plus "prefix"/"suffix" ...]},   # only when there are orphans
               "ko": {...}},
     "status": {"<annotator>": "new" | "in_progress" | "done"}}

Export streams one article at a time into a temp file renamed over `out` at the end. Load adds each article's
annotations in one atomic write per annotator file, so a crash leaves every file whole and a rerun completes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from annotations.anchoring import anchor
from annotations.errors import StoreError
from annotations.model import SIDES, DocumentText, Span, Status, normalize_text, quote_context, utc_now
from annotations.storage import atomic_writer
from annotations.store import STATUS_KEY, Op, Store

SPAN_KEYS = ("id", "start", "end", "text", "layer", "label", "attrs", "note", "annotator", "created", "updated")
RELATION_KEYS = ("id", "type", "head", "child", "cue", "annotator", "created")
STATUSES = tuple(Status)


@dataclass
class ExportReport:
    """What an export wrote."""

    articles: int = 0
    spans: int = 0
    relations: int = 0
    orphans: int = 0


@dataclass
class LoadReport:
    """What a load added, and what it skipped with the reason for each."""

    articles: int = 0
    spans: int = 0
    relations: int = 0
    statuses: int = 0
    skipped: list[str] = field(default_factory=list)


def _placed_spans(records: Iterable[dict[str, Any]], text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(spans placed in `text`, orphans); a span whose quote moved is re-anchored like a session would."""
    placed, orphans = [], []
    for d in records:
        if text[d["start"] : d["end"]] == d["text"]:
            placed.append({k: d[k] for k in SPAN_KEYS})
            continue
        found = anchor(Span.from_dict(d), text)
        if found is None:
            orphans.append({k: d[k] for k in (*SPAN_KEYS, "prefix", "suffix")})
        else:
            start, end = found
            placed.append({k: d[k] for k in SPAN_KEYS} | {"start": start, "end": end, "text": text[start:end]})
    return placed, orphans


def article_record(doc: DocumentText, store: Store, annotators: list[str]) -> dict[str, Any]:
    """One export line's object for `doc`, from every annotator in `annotators`."""
    by_side: dict[str, list[dict[str, Any]]] = {side: [] for side in doc.sides}
    relations: list[dict[str, Any]] = []
    status: dict[str, str] = {}
    for annotator in annotators:
        state = store.read(annotator, doc.id)
        for d in state.spans.values():
            by_side.setdefault(d["side"], []).append(d)
        relations += ({k: r.get(k) for k in RELATION_KEYS} for r in state.relations.values())
        if state.status:
            status[annotator] = state.status["status"]
    sides: dict[str, Any] = {}
    for side, records in by_side.items():
        text = doc.sides.get(side, "")
        placed, orphans = _placed_spans(records, text)
        sides[side] = {"text": text, "spans": sorted(placed, key=lambda s: (s["start"], s["end"], s["id"]))}
        if orphans:
            sides[side]["orphans"] = sorted(orphans, key=lambda s: s["id"])
    return {
        "article": {"id": doc.id, "meta": dict(doc.meta)},
        "sides": sides,
        "relations": sorted(relations, key=lambda r: r["id"]),
        "status": status,
    }


def record_line(record: dict[str, Any]) -> bytes:
    """One article's line of the native format: sorted keys, so the same store always gives the same bytes."""
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS, default=str) + b"\n"


def export_jsonl(docs: Iterable[DocumentText], store: Store, out: Path, skip_unannotated: bool = False) -> ExportReport:
    """Write every article in `docs` as one JSON line; memory stays flat because articles stream one by one."""
    report = ExportReport()
    annotators = store.annotators()
    with atomic_writer(Path(out)) as f:
        for doc in docs:
            record = article_record(doc, store, annotators)
            spans = sum(len(s["spans"]) for s in record["sides"].values())
            orphans = sum(len(s.get("orphans", ())) for s in record["sides"].values())
            if skip_unannotated and not (spans or orphans or record["relations"] or record["status"]):
                continue
            f.write(record_line(record))
            report.articles += 1
            report.spans += spans
            report.orphans += orphans
            report.relations += len(record["relations"])
    return report


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


def _span_ops(record: dict[str, Any], doc: DocumentText, where: str, report: LoadReport) -> dict[str, list[Op]]:
    """Per-annotator ops for the spans of one line whose text matches the article; others are reported."""
    ops: dict[str, list[Op]] = {}
    for side, content in record.get("sides", {}).items():
        text = doc.sides.get(side)
        for kind in ("spans", "orphans"):
            for s in content.get(kind, []):
                try:
                    span = dict(s, article_id=doc.id, side=side, text=normalize_text(s["text"]))
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


def load_jsonl(path: Path, store: Store, documents: Mapping[str, DocumentText] | None = None) -> LoadReport:
    """Add the annotations of an export file to `store`.

    Spans are checked against `documents` (the workspace's articles) when given, else against the text in the
    file itself; those that do not match, relations that lose an end, and articles not in `documents` are
    skipped and reported. The whole file is parsed before anything is written, so a broken file loads nothing.
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
        ops = _span_ops(record, doc, where, report)
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
