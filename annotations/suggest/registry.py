"""The suggestion sources by name, and `suggestions`, the engine every caller (the reader, `tandem suggest`) uses.

The engine gathers what each source proposes, merges proposals of the same thing (the best score wins, the
others are kept as evidence), drops what this annotator rejected, what is already annotated and what overlaps an
annotation of the same layer, then keeps the better of overlapping proposals. Suggestions are never written
into the annotations: `session.accept` does that, one decision at a time.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from types import ModuleType

from tandem.annotations.model import Span
from tandem.annotations.suggest.context import ArticleContext
from tandem.annotations.suggest.proposal import Endpoint, ProposedRelation, ProposedSpan, Suggestion
from tandem.annotations.suggest.sources import attribution, imported, model, projection, propagation

SOURCES: dict[str, ModuleType] = {m.NAME: m for m in (propagation, projection, model, attribution, imported)}
"""name -> source module with NAME, DESCRIPTION, NEEDS_MODELS and `suggest(ctx) -> Iterable[Suggestion]`."""


def register(source: ModuleType) -> None:
    """Add a source (a module with the attributes above)."""
    SOURCES[source.NAME] = source


class _Ranges:
    """Spans of each side and layer, sorted, to ask quickly whether a proposed span overlaps one of them."""

    def __init__(self) -> None:
        self.ranges: dict[tuple[str, str], list[tuple[int, int]]] = {}
        self.longest: dict[tuple[str, str], int] = {}

    def add(self, span: Span | ProposedSpan) -> None:
        key = (span.side, span.layer)
        insort(self.ranges.setdefault(key, []), (span.start, span.end))
        self.longest[key] = max(self.longest.get(key, 0), span.end - span.start)

    def overlaps(self, span: ProposedSpan) -> bool:
        key = (span.side, span.layer)
        ranges = self.ranges.get(key, [])
        i = bisect_left(ranges, (span.start - self.longest.get(key, 0), 0))
        while i < len(ranges) and ranges[i][0] < span.end:
            if ranges[i][1] > span.start:
                return True
            i += 1
        return False


class _Annotated:
    """The annotator's spans, to tell a proposed span that already exists (-> its id) from one that would
    overlap a decision already made in its layer (-> dropped)."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.exact = {(s.side, s.start, s.end, s.layer, s.label): s.id for s in spans}
        self.taken = _Ranges()
        for span in spans:
            self.taken.add(span)

    def resolve(self, end: Endpoint) -> Endpoint | None:
        if isinstance(end, str):
            return end
        found = self.exact.get((end.side, end.start, end.end, end.layer, end.label))
        if found is not None:
            return found
        if self.taken.overlaps(end):
            return None
        return end


def _filtered(found: Iterable[Suggestion], ctx: ArticleContext) -> Iterator[Suggestion]:
    annotated = _Annotated(ctx.spans)
    linked = {(r.type, r.head, r.child) for r in ctx.relations}
    for s in found:
        if s.key in ctx.rejected:
            continue
        if s.relation is None:
            if s.span is not None and annotated.resolve(s.span) is s.span:
                yield s
            continue
        rel = s.relation
        head, child = annotated.resolve(rel.head), annotated.resolve(rel.child)
        cue = annotated.resolve(rel.cue) if rel.cue is not None else None
        if head is None or child is None:
            continue
        if isinstance(head, str) and isinstance(child, str) and (rel.type, head, child) in linked:
            continue
        resolved = replace(s, relation=ProposedRelation(rel.type, head, child, cue))
        if resolved.key in ctx.rejected:
            continue
        yield resolved


def _merged(found: Iterable[Suggestion]) -> list[Suggestion]:
    best: dict[str, Suggestion] = {}
    for s in found:
        kept = best.get(s.key)
        if kept is None:
            best[s.key] = s
            continue
        winner, other = (s, kept) if s.score > kept.score else (kept, s)
        best[s.key] = replace(winner, evidence=(*winner.evidence, other.source, *other.evidence))
    return list(best.values())


def _without_conflicts(found: list[Suggestion]) -> list[Suggestion]:
    """The better of overlapping span proposals of one layer (then the longer, then the earlier). Relations are
    not weighed against each other: their sources already settle their own overlaps, and attributions nest (a
    claim reporting another) or share a source and cue (two quotes of one speaker)."""
    kept: list[Suggestion] = [s for s in found if s.relation is not None]
    taken = _Ranges()
    spans_only = [s for s in found if s.relation is None]
    for s in sorted(spans_only, key=lambda s: (-s.score, s.span.start - s.span.end, s.key)):  # type: ignore[union-attr]
        if taken.overlaps(s.span):  # type: ignore[arg-type]
            continue
        kept.append(s)
        taken.add(s.span)  # type: ignore[arg-type]
    return kept


def _order(s: Suggestion) -> tuple[str, int, int, str]:
    spans = s.proposed_spans()
    first = min(spans, key=lambda p: (p.side, p.start)) if spans else None
    return (first.side, first.start, first.end, s.key) if first else ("", 0, 0, s.key)


def suggestions(ctx: ArticleContext, sources: Sequence[str] | None = None) -> list[Suggestion]:
    """The pending suggestions for one article and annotator, in reading order (side, then offset)."""
    names = list(SOURCES) if sources is None else list(sources)
    unknown = [n for n in names if n not in SOURCES]
    if unknown:
        raise ValueError(f"unknown suggestion source {', '.join(unknown)}; sources: {', '.join(SOURCES)}")
    found = [s for name in names for s in SOURCES[name].suggest(ctx)]
    return sorted(_without_conflicts(_merged(_filtered(found, ctx))), key=_order)
