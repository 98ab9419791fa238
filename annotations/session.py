"""One annotator editing one article: every change on disk before it returns, undo and redo, re-anchoring.

A session is what the reading screen holds while an article is open. Each change is one journal line (see
storage.py); an undo is saved as an ordinary change, so a killed process loses nothing that was acknowledged.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Any

from tandem.annotations.anchoring import place_records
from tandem.annotations.model import DocumentText, Relation, Span, Status, new_id, quote_context, utc_now
from tandem.annotations.schema import Schema
from tandem.annotations.state import STATUS_KEY, ArticleState, Op, status_of
from tandem.annotations.storage import ArticleFile


@dataclass(frozen=True)
class NewSpan:
    """A span to add with others in one change (see `add_together`)."""

    side: str
    start: int
    end: int
    layer: str
    label: str
    attrs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NewRelation:
    """A relation to add in the same change: each end an existing span id, or the index of a NewSpan."""

    type: str
    head: str | int
    child: str | int
    cue: str | int | None = None


_INCREMENTAL_MAX = 64
"""Up to this many changed spans, a reader's sorted list is updated in place; beyond, rebuilt."""
_SPAN_ORDER = attrgetter("side", "start", "end", "id")


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

    def __init__(self, file: ArticleFile, doc: DocumentText, annotator: str, schema: Schema | None) -> None:
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
        placement = place_records(self._file.state.spans.values(), self.doc)
        self.orphans = placement.orphans
        if placement.moved:
            self._file.commit([["span", s.id, s.to_dict()] for s in placement.moved])

    # reading
    def spans(self, side: str | None = None) -> list[Span]:
        """Placed spans (orphans excluded), sorted by side, start, end, id."""
        spans = self._sorted("spans", self._build_spans)
        return list(spans) if side is None else [s for s in spans if s.side == side]

    def _build_spans(self, state: ArticleState, previous: list[Span] | None, since: int) -> list[Span]:
        """The sorted placed spans: the previous list with the few spans changed since updated in place (a bisect
        each), else built afresh: touching every span of a large article costs more than a save.
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
        """This annotator's status on the article, by the store's one rule (`state.status_of`)."""
        return status_of(self._file.read())

    def state(self) -> ArticleState:
        """The current stored state (spans, relations, rejections, status) as plain records; do not modify."""
        return self._file.read()

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

    def add_together(
        self,
        spans: Sequence[NewSpan],
        relations: Sequence[NewRelation] = (),
        settled: Iterable[str] = (),
    ) -> tuple[list[Span], list[Relation]]:
        """Add spans and the relations between them as ONE undoable change (an accepted suggestion, an attribution
        with its claim, source and cue). A relation's ends are existing span ids or indexes into `spans`;
        `settled` are keys of pending imported suggestions this change decides (they stop being pending)."""
        now = utc_now()
        made: list[Span] = []
        for new in spans:
            attrs = dict(new.attrs)
            if self.schema:
                attrs = self.schema.check_span(new.layer, new.label, attrs)
            text, prefix, suffix = quote_context(self._text(new.side), new.start, new.end)
            made.append(Span(
                id=new_id(), article_id=self.doc.id, side=new.side, start=new.start, end=new.end, text=text,
                prefix=prefix, suffix=suffix, layer=new.layer, label=new.label, attrs=attrs, note="",
                annotator=self.annotator, created=now, updated=now,
            ))  # fmt: skip
        by_id = {s.id: s for s in made}

        def end(ref: str | int | None) -> str | None:
            if ref is None or isinstance(ref, str):
                return ref
            return made[ref].id

        linked: list[Relation] = []
        for rel in relations:
            head, child, cue = end(rel.head), end(rel.child), end(rel.cue)
            for span_id in (head, child, cue):
                if span_id is not None and span_id not in by_id:
                    by_id[span_id] = self.span(span_id)
            if self.schema:
                self.schema.check_relation(rel.type, by_id[head].layer, by_id[child].layer, cue is not None)  # type: ignore[index]
            linked.append(Relation(id=new_id(), article_id=self.doc.id, type=rel.type, head=head, child=child,  # type: ignore[arg-type]
                                   cue=cue, annotator=self.annotator, created=now))  # fmt: skip
        ops: list[Op] = [["span", s.id, s.to_dict()] for s in made]
        ops += [["relation", r.id, r.to_dict()] for r in linked]
        ops += [["pending", key, None] for key in settled]
        self._change(ops)
        return made, linked

    def reject(self, keys: Iterable[tuple[str, str]]) -> None:
        """Remember, as one undoable change, that this annotator rejected these suggestions ((key, source) pairs):
        they are not offered again on this article (that exact span and label, nothing wider)."""
        now = utc_now()
        ops: list[Op] = []
        for key, source in keys:
            ops.append(["rejection", key, {"key": key, "source": source, "created": now}])
            ops.append(["pending", key, None])
        if ops:
            self._change(ops)

    def add_pending(self, suggestions: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Store suggestions from elsewhere ((key, JSON object) pairs) as pending for this annotator (bulk load)."""
        now = utc_now()
        self._change([["pending", key, {"key": key, "suggestion": data, "created": now}] for key, data in suggestions])

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
