"""`tandem load`: the native JSON Lines format (see record.py) back into the store.

The whole file is read and checked before anything is written, so a file that cannot be loaded loads nothing:
a line of the wrong shape (an article without an id, `sides` that is not an object, an empty annotator name, a
span id used twice) is a StoreError naming the line. Spans and relations that are well formed but do not fit (a
quote not in the article, a label the schema does not have, the `gold` layer unless asked for) are skipped and
reported, by reason. Then each article's annotations go in one atomic write per annotator file, so a crash
leaves every file whole and a rerun completes it.

Spans from other tools may carry only `start`, `end`, `text`, `layer` and `label`: the rest is filled in (the
annotator, `created`/`updated` = now, no attributes, no note).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from tandem.annotations.errors import StoreError
from tandem.annotations.model import GOLD, SIDES, DocumentText, Span, Status, normalize_text, quote_context, utc_now
from tandem.annotations.record import RELATION_KEYS
from tandem.annotations.schema import Schema
from tandem.annotations.state import STATUS_KEY, Op
from tandem.annotations.store import Store
from tandem.annotations.validation import check_annotator, check_relation, check_span

STATUSES = tuple(Status)


class Skipped(NamedTuple):
    """One record left out: where it is in the file, and why (the reason groups like records together)."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class LoadReport:
    """What a load added, and what it skipped with the reason for each."""

    articles: int = 0
    spans: int = 0
    relations: int = 0
    statuses: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def loaded(self) -> int:
        """How many records were written (spans, relations, statuses)."""
        return self.spans + self.relations + self.statuses

    def skipped_by_reason(self) -> dict[str, list[str]]:
        """Where each reason applied, reasons in the order first met."""
        groups: dict[str, list[str]] = {}
        for skip in self.skipped:
            groups.setdefault(skip.reason, []).append(skip.where)
        return groups


@dataclass(frozen=True)
class LoadOptions:
    """Whose records the loaded annotations become.

    `annotator` fills in records that name nobody; `as_annotator` (an explicit `--annotator`) replaces every name;
    `gold` lets records of the adjudicated layer in (also when `as_annotator` is gold)."""

    annotator: str | None = None
    as_annotator: str | None = None
    gold: bool = False
    schema: Schema | None = None

    def owner(self, named: Any) -> str | None:
        """The annotator a record naming `named` is loaded as (None: it names nobody and there is no default)."""
        return self.as_annotator or named or self.annotator

    def allows(self, owner: str) -> bool:
        """False for the gold layer unless asked for."""
        return owner != GOLD or self.gold or self.as_annotator == GOLD


REASON_MAX = 160  # characters of a reason shown: a label of 100,000 characters is not repeated in full


def _reason(error: Exception) -> str:
    """An error's message, shortened; a KeyError's without its quotes."""
    text = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


class _Line:
    """One line of the file being checked: its place, for messages, and shape checks that name it."""

    def __init__(self, path: Path, number: int) -> None:
        self.path, self.number = path, number

    def fail(self, message: str) -> StoreError:
        return StoreError(f"line {self.number} {message}; nothing was loaded", self.path)

    def obj(self, value: Any, what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"{what} is not an object")
        return value

    def list(self, value: Any, what: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(f"{what} is not a list")
        return value

    def annotator(self, name: Any) -> None:
        if name is not None:
            try:
                check_annotator(name)
            except ValueError as e:
                raise self.fail(str(e)) from e


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
    except UnicodeDecodeError as e:
        raise StoreError(f"cannot read: {e}", path) from e


def lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, article object) of a native JSON Lines file; a broken line is a StoreError naming it."""
    return _lines(path)


class _Plan:
    """Everything the file will write, built and checked before the first write."""

    def __init__(self, path: Path, documents: Mapping[str, DocumentText] | None, options: LoadOptions) -> None:
        self.path, self.documents, self.options = path, documents, options
        self.report = LoadReport()
        self.ops: dict[tuple[str, str], list[Op]] = {}  # (annotator, article id) -> ops, in file order
        self.seen: dict[tuple[str, str], int] = {}  # (record kind, id) -> the line it first appeared on

    def add_line(self, number: int, record: dict[str, Any]) -> None:
        line = _Line(self.path, number)
        article = record["article"]
        article_id = article.get("id")
        if not isinstance(article_id, str) or not article_id:
            raise line.fail('has no article "id" (text)')
        sides = line.obj(record.get("sides", {}), '"sides"')
        relations = line.list(record.get("relations", []), '"relations"')
        statuses = line.obj(record.get("status", {}), '"status"')
        for side, content in sides.items():
            if side not in SIDES:
                raise line.fail(f"side {side!r:.20} is not one of {', '.join(SIDES)}")
            content = line.obj(content, f"side {side}")
            for kind in ("spans", "orphans"):
                for s in line.list(content.get(kind, []), f"{side} {kind}"):
                    self._claim(line, "span", line.obj(s, f"a {side} span").get("id"))
                    line.annotator(s.get("annotator"))
        for r in relations:
            self._claim(line, "relation", line.obj(r, "a relation").get("id"))
            line.annotator(r.get("annotator"))
        for name in statuses:
            line.annotator(name)
        where = f"{self.path.name}:{number} article {article_id}"
        if self.documents is not None:
            doc = self.documents.get(article_id)
            if doc is None:
                self.report.skipped.append(Skipped(where, "article not in the workspace; its annotations were skipped"))
                return
        else:
            texts = {k: v.get("text", "") for k, v in sides.items()}
            if not all(isinstance(t, str) for t in texts.values()):
                raise line.fail("has a side whose text is not text")
            meta = article.get("meta", {})
            doc = DocumentText(article_id, meta if isinstance(meta, dict) else {}, texts)
        layers = self._spans(doc, sides, where)
        self._relations(doc, relations, layers, where)
        self._statuses(doc, statuses, where)
        self.report.articles += 1

    def _claim(self, line: _Line, kind: str, record_id: Any) -> None:
        """Ids are unique in a file: a second record with the same id would silently replace the first."""
        if not isinstance(record_id, str) or not record_id:
            raise line.fail(f"has a {kind} without an id (text)")
        first = self.seen.get((kind, record_id))
        if first is not None:
            raise line.fail(f"repeats {kind} id {record_id!r:.40} (first on line {first})")
        self.seen[kind, record_id] = line.number

    def _skip(self, where: str, reason: str) -> None:
        self.report.skipped.append(Skipped(where, reason))

    def _owner(self, named: Any, where: str) -> str | None:
        owner = self.options.owner(named)
        if owner is None:
            self._skip(where, "names no annotator (give --annotator)")
        elif not self.options.allows(owner):
            self._skip(where, f"belongs to {GOLD}, which is loaded only with --gold")
            return None
        return owner

    def _spans(self, doc: DocumentText, sides: dict[str, Any], where: str) -> dict[tuple[str, str], str]:
        """Adds the spans that fit; returns (annotator, span id) -> layer of each one added."""
        added: dict[tuple[str, str], str] = {}
        now = utc_now()
        schema = self.options.schema
        for side, content in sides.items():
            text = doc.sides.get(side)
            for kind in ("spans", "orphans"):
                for s in content.get(kind, []):
                    at = f"{where} span {s['id']:.40}"
                    owner = self._owner(s.get("annotator"), at)
                    if owner is None:
                        continue
                    span = {"attrs": {}, "note": "", "created": now, "updated": now, "prefix": "", "suffix": ""}
                    span |= s | {"article_id": doc.id, "side": side, "annotator": owner}
                    try:
                        check_span(span)
                        span["text"] = normalize_text(span["text"])
                        if schema is not None:
                            schema.check_span(span["layer"], span["label"], span["attrs"])
                    except (KeyError, ValueError) as e:
                        self._skip(at, f"malformed or not in the schema: {_reason(e)}")
                        continue
                    if kind == "spans":
                        if text is None or text[span["start"] : span["end"]] != span["text"]:
                            self._skip(at, "its quote is not in the article at its offsets")
                            continue
                        _, span["prefix"], span["suffix"] = quote_context(text, span["start"], span["end"])
                    stored = Span.from_dict(span).to_dict()
                    self.ops.setdefault((owner, doc.id), []).append(["span", stored["id"], stored])
                    added[owner, stored["id"]] = stored["layer"]
                    self.report.spans += 1
        return added

    def _relations(self, doc: DocumentText, relations: list[Any], layers: dict[tuple[str, str], str],
                   where: str) -> None:  # fmt: skip
        schema = self.options.schema
        for r in relations:
            at = f"{where} relation {r['id']:.40}"
            owner = self._owner(r.get("annotator"), at)
            if owner is None:
                continue
            rel = {"created": utc_now()} | {k: r[k] for k in RELATION_KEYS if r.get(k) is not None}
            rel |= {"article_id": doc.id, "annotator": owner, "cue": r.get("cue") or None}
            ends = [rel.get("head"), rel.get("child")] + ([rel["cue"]] if rel["cue"] else [])
            if not all((owner, e) in layers for e in ends if isinstance(e, str)):
                self._skip(at, "refers to a span that was not loaded")
                continue
            try:
                check_relation(rel)
                if schema is not None:
                    schema.check_relation(rel["type"], layers[owner, rel["head"]], layers[owner, rel["child"]],
                                          rel["cue"] is not None)  # fmt: skip
            except (KeyError, ValueError) as e:
                self._skip(at, f"malformed or not in the schema: {_reason(e)}")
                continue
            self.ops.setdefault((owner, doc.id), []).append(["relation", rel["id"], rel])
            self.report.relations += 1

    def _statuses(self, doc: DocumentText, statuses: dict[str, Any], where: str) -> None:
        for named, status in statuses.items():
            at = f"{where} status of {named:.40}"
            owner = self._owner(named, at)
            if owner is None:
                continue
            if status not in STATUSES:
                self._skip(at, f"status {status!r:.40} is not one of {', '.join(STATUSES)}")
                continue
            self.ops.setdefault((owner, doc.id), []).append(
                ["status", STATUS_KEY, {"status": status, "updated": utc_now()}]
            )
            self.report.statuses += 1


def load_jsonl(path: Path, store: Store, documents: Mapping[str, DocumentText] | None = None,
               annotator: str | None = None, options: LoadOptions | None = None) -> LoadReport:
    """Add the annotations of an export file to `store`.

    Spans are checked against `documents` (the workspace's articles) when given, else against the text in the
    file itself; spans that name no annotator are loaded as `annotator` (`options` says more: an annotator for
    every record, the gold layer, the schema). Those that do not fit are skipped and reported. The whole file is
    checked before anything is written, so a broken file loads nothing.
    """
    options = options or LoadOptions(annotator=annotator)
    path = Path(path)
    plan = _Plan(path, documents, options)
    any_line = False
    for number, record in _lines(path):
        plan.add_line(number, record)
        any_line = True
    if not any_line:
        raise StoreError("holds no article; nothing was loaded", path)
    for (owner, article_id), ops in plan.ops.items():
        store.merge(owner, article_id, ops)
    return plan.report
