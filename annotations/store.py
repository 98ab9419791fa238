"""The annotation store: a directory of small TinyDB files, one per annotator and article, each with a journal.

Layout::

    <store>/.gitignore                         lock and temp files stay out of git
    <store>/<annotator>/<article>.json         TinyDB snapshot: tables _meta, spans, relations, status
    <store>/<annotator>/<article>.journal.jsonl  header {"gen": ...}, then one fsynced line per change

Each annotator writes only their own directory, so a team sharing the workspace through git never conflicts.
A save appends one line to one small journal under that file's lock: its cost does not grow with the store.
Journals are folded into their snapshot when a session opens or closes, never while saving.

A change is a list of ops `[kind, key, value]` (kind: "span", "relation" or "status"; value None deletes). Ops
are idempotent upserts, so replaying a journal over a snapshot that already contains it changes nothing.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import tomllib
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import platformdirs
from filelock import FileLock, Timeout
from tinydb import TinyDB

from annotations.anchoring import place_spans
from annotations.errors import StoreError
from annotations.model import DocumentText, Relation, Span, Status, new_id, quote_context, utc_now
from annotations.schema import Schema
from annotations.storage import DurableJSONStorage, Journal, clean_temp_files

STATUS_KEY = "status"
SNAPSHOT_SUFFIX = ".json"
JOURNAL_SUFFIX = ".journal.jsonl"
GITIGNORE = "*.lock\n.*.tmp\n"
LOCK_TIMEOUT = 30  # seconds to wait for another process's save or compaction before giving up

Op = list[Any]  # [kind, key, value-or-None]


def default_annotator() -> str:
    """Who is annotating: $TANDEM_ANNOTATOR, else `annotator` in the user's tandem config.toml, else the login."""
    name = os.environ.get("TANDEM_ANNOTATOR", "").strip()
    if name:
        return name
    config = Path(platformdirs.user_config_dir("tandem")) / "config.toml"
    try:
        with open(config, "rb") as f:
            name = str(tomllib.load(f).get("annotator", "")).strip()
    except FileNotFoundError:
        pass
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise StoreError(f"cannot read config: {e}", config) from e
    return name or getpass.getuser()


def file_name(name: str) -> str:
    """A reversible, portable file name for an annotator or article id (percent-encoding, no leading dot)."""
    if not name:
        raise ValueError("empty name")
    encoded = quote(name, safe="-_.")
    return "%2E" + encoded[1:] if encoded.startswith(".") else encoded


_SPAN_LOG_MAX = 512
_INCREMENTAL_MAX = 64
"""Up to this many changed spans, a reader's sorted list is updated in place; beyond, rebuilt."""
_SPAN_ORDER = attrgetter("side", "start", "end", "id")


@dataclass
class ArticleState:
    """Everything one annotator has on one article, as plain dicts keyed by id."""

    spans: dict[str, dict[str, Any]] = field(default_factory=dict)
    relations: dict[str, dict[str, Any]] = field(default_factory=dict)
    status: dict[str, Any] | None = None
    revision: int = field(default=0, compare=False)
    """Counts the changes applied, so readers can keep what they derived until the next one."""
    span_log: list[tuple[int, str]] = field(default_factory=list, compare=False, repr=False)
    """(revision, span id) of recent span changes, so a reader can update what it derived from a few of them."""
    span_log_floor: int = field(default=0, compare=False, repr=False)
    """Every span change after this revision is in `span_log`."""

    def get(self, kind: str, key: str) -> Any:
        """The current value for one op target (None when absent)."""
        if kind == "status":
            return self.status
        return self._table(kind).get(key)

    def apply(self, ops: Iterable[Op]) -> None:
        """Apply ops in order; a None value deletes."""
        self.revision += 1
        for kind, key, value in ops:
            if kind == "span":
                self.span_log.append((self.revision, key))
            if kind == "status":
                self.status = value
            elif value is None:
                self._table(kind).pop(key, None)
            else:
                self._table(kind)[key] = value
        if len(self.span_log) > _SPAN_LOG_MAX:
            self.span_log_floor = self.span_log[-_SPAN_LOG_MAX // 2][0]
            self.span_log = [entry for entry in self.span_log if entry[0] > self.span_log_floor]

    def spans_changed_since(self, revision: int) -> set[str] | None:
        """Ids of the spans added, changed or removed after `revision`; None when that is no longer known."""
        if revision < self.span_log_floor:
            return None
        start = bisect_right(self.span_log, (revision, "\uffff"))
        return {key for _, key in self.span_log[start:]}

    def _table(self, kind: str) -> dict[str, dict[str, Any]]:
        if kind == "span":
            return self.spans
        if kind == "relation":
            return self.relations
        raise ValueError(f"unknown op kind {kind!r}")

    def is_empty(self) -> bool:
        """True when there is nothing to export for this annotator."""
        return not (self.spans or self.relations or self.status)


class _ArticleFile:
    """One annotator's snapshot + journal for one article, kept in step with other processes under a lock."""

    def __init__(self, directory: Path, article_id: str) -> None:
        base = file_name(article_id)
        self.snapshot = directory / f"{base}{SNAPSHOT_SUFFIX}"
        self.journal = Journal(directory / f"{base}{JOURNAL_SUFFIX}")
        self.lock = FileLock(directory / f".{base}.lock", timeout=LOCK_TIMEOUT)
        self.directory = directory
        self.state = ArticleState()
        self.gen: str | None = None  # generation of the snapshot `state` was built on; None: not read yet
        self.offset = 0  # journal bytes already applied to `state`
        self.pending = 0  # journal entries not yet folded into the snapshot
        self.synced: tuple[object, ...] | None = None  # the files' stamps when `state` last matched them

    def _read_snapshot(self) -> tuple[str, ArticleState]:
        with TinyDB(self.snapshot, storage=DurableJSONStorage) as db:
            data = db.storage.read()
        if data is None:
            return "", ArticleState()
        try:
            (meta,) = data["_meta"].values()
            status = list(data.get("status", {}).values())
            state = ArticleState(
                spans={d["id"]: d for d in data.get("spans", {}).values()},
                relations={d["id"]: d for d in data.get("relations", {}).values()},
                status=status[0] if status else None,
            )
            return str(meta["gen"]), state
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise StoreError(f"not a Tandem snapshot ({e!r}); the file was left untouched", self.snapshot) from e

    def sync(self) -> None:
        """Bring `state` up to date with the files; call holding the lock."""
        gen, entries, end = self.journal.read_from(self.offset, self.gen) if self.gen is not None else (None, [], 0)
        if self.gen is None or gen != self.gen:
            snap_gen, self.state = self._read_snapshot()
            gen, entries, end = self.journal.read_from(0, snap_gen)
            if gen is not None and gen != snap_gen and snap_gen == "":
                raise StoreError(f"journal belongs to snapshot generation {gen}, which is missing", self.journal.path)
            # Otherwise a journal of another generation was left by a compaction that died after replacing the
            # snapshot: it is already folded in, and the next commit replaces it (end 0: no journal of ours yet).
            self.gen, self.pending = snap_gen, 0
        for entry in entries:
            self.state.apply(entry["ops"])
        self.pending += len(entries)
        self.offset = end

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold this file's lock (one writer at a time across processes); OS errors become StoreError."""
        try:
            with self.lock:
                yield
        except Timeout as e:
            raise StoreError(f"another process has held the lock for {LOCK_TIMEOUT} s", Path(e.lock_file)) from e
        except OSError as e:
            raise StoreError(f"cannot write: {e.strerror}", Path(e.filename or self.journal.path)) from e

    def commit(self, ops: list[Op]) -> list[Op]:
        """Persist one change durably and apply it; returns the ops that undo it (computed under the lock)."""
        with self.locked():
            self.sync()
            inverse = [[kind, key, self.state.get(kind, key)] for kind, key, _ in reversed(ops)]
            if self.offset == 0:
                self.offset = self.journal.reset(self.gen or "")
            self.offset = self.journal.append({"ops": ops}, self.offset)
            self.state.apply(ops)
            self.pending += 1
            self._mark_synced()
        return inverse

    def compact(self, ops: list[Op] | None = None, force: bool = False) -> None:
        """Fold the journal (and `ops`, if given) into a fresh snapshot; cleans temp files a crash left behind."""
        with self.locked():
            clean_temp_files(self.snapshot)
            clean_temp_files(self.journal.path)
            self.sync()
            if ops:
                self.state.apply(ops)
            if not (ops or force or self.pending):
                return
            gen = new_id()
            write_snapshot(self.snapshot, self.state, gen)
            self.offset = self.journal.reset(gen)
            self.gen, self.pending = gen, 0
            self._mark_synced()

    def read(self) -> ArticleState:
        """A consistent, current view of the files. Taking the lock costs ~0.3 ms and the reader reads at every
        key, so it is skipped while neither file has changed since `state` last matched them."""
        if self.synced is not None and self._stamps() == self.synced:
            return self.state
        with self.locked():
            self.sync()
            self._mark_synced()
        return self.state

    def _stamps(self) -> tuple[object, ...]:
        return _stamp(self.snapshot), _stamp(self.journal.path)

    def _mark_synced(self) -> None:
        """Remember the files as `state` now matches them (call holding the lock). Any other writer changes a
        stamp: an append grows the journal, a compaction replaces both files. A journal with a torn tail (a
        writer killed mid-line) is not remembered, since the next append cuts the tail before writing."""
        stamps = self._stamps()
        journal = stamps[1]
        self.synced = stamps if (journal[1] if journal else 0) == self.offset else None


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, modification time) of a file, None when it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def write_snapshot(path: Path, state: ArticleState, gen: str) -> None:
    """Write `state` as a TinyDB database in one atomic write (table by table would not be atomic)."""

    def table(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {str(i): r for i, r in enumerate(records, 1)}

    spans = sorted(state.spans.values(), key=lambda s: (s["side"], s["start"], s["end"], s["id"]))
    data = {
        "_meta": table([{"gen": gen}]),
        "spans": table(spans),
        "relations": table(sorted(state.relations.values(), key=lambda r: r["id"])),
        "status": table([state.status] if state.status else []),
    }
    DurableJSONStorage(path).write(data)


class Store:
    """A directory of annotations; cheap to open whatever its size (nothing is read until asked for)."""

    def __init__(self, root: Path, schema: Schema | None = None) -> None:
        self.root = Path(root)
        self.schema = schema
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            gitignore = self.root / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text(GITIGNORE)
        except OSError as e:
            raise StoreError(f"cannot create the store: {e.strerror}", self.root) from e

    def _file(self, annotator: str, article_id: str) -> _ArticleFile:
        directory = self.root / file_name(annotator)
        directory.mkdir(exist_ok=True)
        return _ArticleFile(directory, article_id)

    def annotators(self) -> list[str]:
        """Everyone with a directory in the store, sorted."""
        return sorted(unquote(p.name) for p in self.root.iterdir() if p.is_dir() and not p.name.startswith("."))

    def article_ids(self, annotator: str) -> list[str]:
        """Articles `annotator` has files for, sorted."""
        directory = self.root / file_name(annotator)
        if not directory.is_dir():
            return []
        names = {p.name.removesuffix(SNAPSHOT_SUFFIX) for p in directory.glob(f"*{SNAPSHOT_SUFFIX}")}
        names |= {p.name.removesuffix(JOURNAL_SUFFIX) for p in directory.glob(f"*{JOURNAL_SUFFIX}")}
        return sorted(unquote(n) for n in names)

    def read(self, annotator: str, article_id: str) -> ArticleState:
        """One annotator's current annotations on one article (empty when there are none); writes nothing."""
        file = _ArticleFile(self.root / file_name(annotator), article_id)
        if not (file.snapshot.exists() or file.journal.path.exists()):
            return ArticleState()
        return file.read()

    def iter_article(self, article_id: str) -> Iterator[tuple[str, ArticleState]]:
        """(annotator, state) for every annotator with something on `article_id`; one file pair in memory at once."""
        for annotator in self.annotators():
            state = self.read(annotator, article_id)
            if not state.is_empty():
                yield annotator, state

    def merge(self, annotator: str, article_id: str, ops: list[Op]) -> None:
        """Apply `ops` straight into a new snapshot in one atomic write (bulk loading; not undoable)."""
        self._file(annotator, article_id).compact(ops, force=True)

    def session(self, doc: DocumentText, annotator: str) -> ArticleAnnotations:
        """Open `doc` for `annotator`: folds the journal, re-anchors spans if the text changed, reports orphans."""
        return ArticleAnnotations(self._file(annotator, doc.id), doc, annotator, self.schema)


@dataclass
class _Change:
    """One undo step: the ops that were applied and the ops that reverse them."""

    ops: list[Op]
    inverse: list[Op]


class ArticleAnnotations:
    """One annotator's work on one article. Every call is on disk (fsynced) before it returns.

    Undo and redo are in memory for this session, and themselves saved as ordinary changes. Spans whose quote can
    no longer be found in the text are kept in the store untouched and listed in `orphans`.
    """

    def __init__(self, file: _ArticleFile, doc: DocumentText, annotator: str, schema: Schema | None) -> None:
        self._file = file
        self.doc = doc
        self.annotator = annotator
        self.schema = schema
        self._undo: list[_Change] = []
        self._redo: list[_Change] = []
        self._spans_seen: dict[str, tuple[dict[str, Any], Span]] = {}
        self._derived: dict[str, tuple[ArticleState, int, list[Any]]] = {}
        file.compact()
        self.orphans: list[Span] = []
        self._reanchor()

    def _reanchor(self) -> None:
        by_side: dict[str, list[Span]] = {}
        for d in self._file.state.spans.values():
            by_side.setdefault(d["side"], []).append(Span.from_dict(d))
        moved: list[Span] = []
        self.orphans = []
        for side, spans in by_side.items():
            placement = place_spans(spans, self.doc.sides.get(side, ""))
            moved += placement.moved
            self.orphans += placement.orphans
        if moved:
            self._file.commit([["span", s.id, s.to_dict()] for s in moved])

    # reading
    def spans(self, side: str | None = None) -> list[Span]:
        """Placed spans (orphans excluded), sorted by side, start, end, id."""
        spans = self._sorted("spans", self._build_spans)
        return list(spans) if side is None else [s for s in spans if s.side == side]

    def _build_spans(self, state: ArticleState, previous: list[Span] | None, since: int) -> list[Span]:
        """The sorted placed spans: the previous list with the few spans changed since updated in place (a bisect
        each), else built afresh. Touching every span costs ~3 ms with thousands of them, more than a save.
        `_spans_seen` holds exactly the spans of the list, each with the record it was made from."""
        changed = state.spans_changed_since(since) if previous is not None else None
        orphan_ids = {s.id for s in self.orphans}
        if previous is not None and changed is not None and len(changed) <= _INCREMENTAL_MAX:
            spans = previous
            for key in changed:
                seen = self._spans_seen.get(key)
                record = state.spans.get(key)
                if seen is not None and seen[0] is record:
                    continue  # changed and changed back (undo): the listed span still holds
                if seen is not None:
                    i = bisect_left(spans, _SPAN_ORDER(seen[1]), key=_SPAN_ORDER)
                    if i == len(spans) or spans[i] is not seen[1]:
                        break  # not where it should be: rebuild rather than guess
                    del spans[i], self._spans_seen[key]
                if record is not None and key not in orphan_ids:
                    insort(spans, self._as_span(record), key=_SPAN_ORDER)
            else:
                return spans
        spans = [self._as_span(d) for d in state.spans.values() if d["id"] not in orphan_ids]
        spans.sort(key=_SPAN_ORDER)
        self._spans_seen = {s.id: self._spans_seen[s.id] for s in spans}
        return spans

    def _sorted(self, name: str, build: Callable[[ArticleState, list[Any] | None, int], list[Any]]) -> list[Any]:
        """What `build` derives from the state, kept until the state changes: the reader asks for every span and
        relation after each change and at every cursor move. `build` gets the previous result of the same state
        (and its revision) to update, or None."""
        state = self._file.read()
        cached = self._derived.get(name)
        if cached is None or cached[0] is not state or cached[1] != state.revision:
            previous = cached[2] if cached is not None and cached[0] is state else None
            since = cached[1] if cached is not None else 0
            cached = self._derived[name] = (state, state.revision, build(state, previous, since))
        return cached[2]

    def _as_span(self, record: dict[str, Any]) -> Span:
        """The Span for a stored record, reused while the record is unchanged (the reader asks for every span
        after each change; rebuilding thousands of them would cost more than the save)."""
        cached = self._spans_seen.get(record["id"])
        if cached is None or cached[0] is not record:
            cached = self._spans_seen[record["id"]] = (record, Span.from_dict(record))
        return cached[1]

    def span(self, span_id: str) -> Span:
        """One span by id; KeyError when it does not exist."""
        d = self._file.read().spans.get(span_id)
        if d is None:
            raise KeyError(span_id)
        return Span.from_dict(d)

    def relations(self) -> list[Relation]:
        """All relations, sorted by id."""
        return list(self._sorted("relations", lambda state, _previous, _since: sorted(
            (Relation.from_dict(d) for d in state.relations.values()), key=attrgetter("id"))))

    def status(self) -> Status:
        """This annotator's status on the article (NEW when never set)."""
        status = self._file.read().status
        return Status(status["status"]) if status else Status.NEW

    def can_undo(self) -> bool:
        """True when there is a change to undo."""
        return bool(self._undo)

    def can_redo(self) -> bool:
        """True when there is an undone change to redo."""
        return bool(self._redo)

    # changing
    def _change(self, ops: list[Op]) -> None:
        inverse = self._file.commit(ops)
        self._undo.append(_Change(ops, inverse))
        self._redo.clear()

    def undo(self) -> bool:
        """Reverse the last change (saved like any change); False when there is nothing to undo."""
        if not self._undo:
            return False
        change = self._undo.pop()
        redo_ops = self._file.commit(change.inverse)
        self._redo.append(_Change(change.inverse, redo_ops))
        return True

    def redo(self) -> bool:
        """Re-apply the last undone change; False when there is nothing to redo."""
        if not self._redo:
            return False
        change = self._redo.pop()
        undo_ops = self._file.commit(change.inverse)
        self._undo.append(_Change(change.inverse, undo_ops))
        return True

    def _text(self, side: str) -> str:
        if side not in self.doc.sides:
            raise ValueError(f"article {self.doc.id} has no {side!r} side")
        return self.doc.sides[side]

    def add_span(
        self,
        side: str,
        start: int,
        end: int,
        layer: str,
        label: str,
        attrs: Mapping[str, Any] | None = None,
        note: str = "",
    ) -> Span:
        """Tag `text[start:end]` of one side; offsets are code points in the side's NFC text, end exclusive."""
        attrs = dict(attrs or {})
        if self.schema:
            attrs = self.schema.check_span(layer, label, attrs)
        text, prefix, suffix = quote_context(self._text(side), start, end)
        now = utc_now()
        span = Span(
            id=new_id(), article_id=self.doc.id, side=side, start=start, end=end, text=text, prefix=prefix,
            suffix=suffix, layer=layer, label=label, attrs=attrs, note=note, annotator=self.annotator,
            created=now, updated=now,
        )  # fmt: skip
        self._change([["span", span.id, span.to_dict()]])
        return span

    def _update(self, span_id: str, **changes: Any) -> Span:
        span = replace(self.span(span_id), updated=utc_now(), **changes)
        self._change([["span", span.id, span.to_dict()]])
        return span

    def relabel(self, span_id: str, label: str, layer: str | None = None) -> Span:
        """Give a span another label (optionally in another layer)."""
        span = self.span(span_id)
        layer = layer or span.layer
        attrs = self.schema.check_span(layer, label, dict(span.attrs)) if self.schema else span.attrs
        return self._update(span_id, layer=layer, label=label, attrs=attrs)

    def respan(self, span_id: str, start: int, end: int) -> Span:
        """Move a span's boundaries on the same side; quote and context follow."""
        text, prefix, suffix = quote_context(self._text(self.span(span_id).side), start, end)
        return self._update(span_id, start=start, end=end, text=text, prefix=prefix, suffix=suffix)

    def set_note(self, span_id: str, note: str) -> Span:
        """Replace a span's free-text note."""
        return self._update(span_id, note=note)

    def set_attrs(self, span_id: str, attrs: Mapping[str, Any]) -> Span:
        """Replace a span's attributes (e.g. a claim's check-worthiness, a source's kind)."""
        span = self.span(span_id)
        attrs = self.schema.check_span(span.layer, span.label, dict(attrs)) if self.schema else dict(attrs)
        return self._update(span_id, attrs=attrs)

    def delete(self, span_id: str) -> None:
        """Delete a span and the relations that use it, as one undoable change."""
        self.span(span_id)
        ops: list[Op] = [["relation", r.id, None] for r in self.relations() if span_id in (r.head, r.child, r.cue)]
        self._change([*ops, ["span", span_id, None]])

    def link(self, type: str, head: str, child: str, cue: str | None = None) -> Relation:
        """Relate two spans, e.g. attribution claim → source with an optional cue span ("said", "밝혔다")."""
        for span_id in (head, child, cue):
            if span_id is not None:
                self.span(span_id)
        if self.schema:
            self.schema.check_relation(type, self.span(head).layer, self.span(child).layer, cue is not None)
        rel = Relation(
            id=new_id(), article_id=self.doc.id, type=type, head=head, child=child, cue=cue,
            annotator=self.annotator, created=utc_now(),
        )  # fmt: skip
        self._change([["relation", rel.id, rel.to_dict()]])
        return rel

    def unlink(self, relation_id: str) -> None:
        """Remove a relation."""
        if relation_id not in self._file.read().relations:
            raise KeyError(relation_id)
        self._change([["relation", relation_id, None]])

    def set_status(self, status: Status | str) -> None:
        """Mark the article new, in progress or done for this annotator."""
        self._change([["status", STATUS_KEY, {"status": Status(status).value, "updated": utc_now()}]])

    def close(self) -> None:
        """Fold the journal into the snapshot; the session must not be used afterwards."""
        self._file.compact()

    def __enter__(self) -> ArticleAnnotations:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
