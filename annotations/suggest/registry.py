"""The suggestion sources by name, and `suggestions`, the engine every caller (the reader, `tandem suggest`) uses.

The engine gathers what each source proposes, merges proposals of the same thing (the best score wins, the
others are kept as evidence; an attribution projected from the other side takes in that side's own proposal of
it), drops what this annotator rejected, what is already annotated and what overlaps an annotation of the same
layer, then keeps the better of overlapping proposals. Suggestions are never written
into the annotations: `session.accept` does that, one decision at a time.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from types import ModuleType

from tandem.annotations.model import Span
from tandem.annotations.suggest.context import ArticleContext
from tandem.annotations.suggest.proposal import Endpoint, ProposedRelation, ProposedSpan, Suggestion
from tandem.annotations.suggest.sources import attribution, imported, model, projection, propagation

SOURCES: dict[str, ModuleType] = {m.NAME: m for m in (propagation, model, attribution, projection, imported)}
"""name -> source module with NAME, DESCRIPTION, NEEDS_MODELS and `suggest(ctx) -> Iterable[Suggestion]`, in the
order they run (projection after attribution, whose findings on the other side it reads)."""


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
        links = []
        for link in s.links:
            ends = annotated.resolve(link.head), annotated.resolve(link.child)
            if None in ends or (all(isinstance(e, str) for e in ends) and (link.type, *ends) in linked):
                continue
            links.append(ProposedRelation(link.type, *ends))  # type: ignore[arg-type]
        resolved = replace(s, relation=ProposedRelation(rel.type, head, child, cue), links=tuple(links))
        if resolved.key in ctx.rejected:
            continue
        yield resolved


def _share(a: ProposedSpan, b: ProposedSpan) -> float:
    """How much two spans of one side and layer overlap, as a share of their union (0 when they do not)."""
    if (a.side, a.layer) != (b.side, b.layer):
        return 0.0
    inter = min(a.end, b.end) - max(a.start, b.start)
    return max(0, inter) / (max(a.end, b.end) - min(a.start, b.start))


def _joined(found: list[Suggestion]) -> list[Suggestion]:
    """A relation proposed with links (an attribution projected from the other side) and the same relation proposed
    by a source of that side (its head sharing more than half, its child overlapping) are one proposal: the side's
    own spans, which follow its rules for edges, with the links moved onto them, both sources' evidence and a score
    that counts both. The projected child's attributes (the source's kind, from the side it came from) are kept."""
    plain = [s for s in found if s.relation is not None and not s.links and _proposed_ends(s.relation)]
    joined: set[int] = set()  # ids of the plain proposals taken into a projected one
    out: list[Suggestion] = []
    for s in found:
        rel = s.relation
        if rel is None or not s.links or not _proposed_ends(rel):
            if id(s) not in joined:
                out.append(s)
            continue
        shares = [(_share(rel.head, p.relation.head), p) for p in plain  # type: ignore[arg-type,union-attr]
                  if id(p) not in joined and p.relation.type == rel.type  # type: ignore[union-attr]
                  and _share(rel.child, p.relation.child) > 0]  # type: ignore[arg-type,union-attr]  # fmt: skip
        share, own = max(shares, key=lambda found: found[0], default=(0.0, None))
        if own is None or share <= 0.5:
            out.append(s)
            continue
        joined.add(id(own))
        theirs = own.relation
        assert theirs is not None and isinstance(theirs.child, ProposedSpan)
        child = replace(theirs.child, attrs=rel.child.attrs)  # type: ignore[union-attr]
        cue = theirs.cue if theirs.cue is not None else rel.cue
        moved = {rel.head.key: theirs.head, rel.child.key: child}  # type: ignore[union-attr]

        def move(end: Endpoint, moved: dict[str, Endpoint] = moved) -> Endpoint:
            return moved.get(end.key, end) if isinstance(end, ProposedSpan) else end

        links = tuple(ProposedRelation(link.type, move(link.head), move(link.child)) for link in s.links)
        out.append(replace(s, score=1 - (1 - s.score) * (1 - own.score), reason=f"{s.reason}; {own.source}: "
                           f"{own.reason}", relation=ProposedRelation(rel.type, theirs.head, child, cue), links=links,
                           evidence=(*s.evidence, own.source, *own.evidence)))  # fmt: skip
    return [s for s in out if id(s) not in joined]


def _proposed_ends(rel: ProposedRelation) -> bool:
    return isinstance(rel.head, ProposedSpan) and isinstance(rel.child, ProposedSpan)


def _merged(found: Iterable[Suggestion]) -> list[Suggestion]:
    best: dict[str, Suggestion] = {}
    for s in found:
        kept = best.get(s.key)
        if kept is None:
            best[s.key] = s
            continue
        winner, other = (s, kept) if s.score > kept.score else (kept, s)
        best[s.key] = replace(winner, evidence=(*winner.evidence, other.source, *other.evidence),
                              links=winner.links or other.links)  # fmt: skip
    return list(best.values())


def _without_conflicts(found: list[Suggestion]) -> list[Suggestion]:
    """The better of overlapping span proposals of one layer (then the longer, then the earlier). Relations are
    not weighed against each other: their sources already settle their own overlaps, and attributions nest (a
    claim reporting another) or share a source and cue (two quotes of one speaker)."""
    kept: list[Suggestion] = [s for s in found if s.relation is not None]
    taken = _Ranges()
    spans_only = _without_names_inside_longer([s for s in found if s.relation is None])
    for s in sorted(spans_only, key=lambda s: (-s.score, s.span.start - s.span.end, s.key)):  # type: ignore[union-attr]
        if taken.overlaps(s.span):  # type: ignore[arg-type]
            continue
        kept.append(s)
        taken.add(s.span)  # type: ignore[arg-type]
    return kept


def _without_names_inside_longer(found: list[Suggestion]) -> list[Suggestion]:
    """Span proposals without those inside a longer one of the same label (메논 propagated from a tag, inside the
    model's 라지브 메논): spans never nest, and a name inside a longer name is a part of it, whatever its score."""
    inside: set[int] = set()
    by_label: dict[tuple[str, str, str], list[Suggestion]] = defaultdict(list)
    for s in found:
        assert s.span is not None
        by_label[(s.span.side, s.span.layer, s.span.label)].append(s)
    for group in by_label.values():
        reach, longest = -1, (-1, -1)  # the furthest end of the spans starting before (or with) the one looked at
        for s in sorted(group, key=lambda s: (s.span.start, -s.span.end)):  # type: ignore[union-attr]
            assert s.span is not None
            if s.span.end <= reach and (s.span.start, s.span.end) != longest:
                inside.add(id(s))
            elif s.span.end > reach:
                reach, longest = s.span.end, (s.span.start, s.span.end)
    return [s for s in found if id(s) not in inside]


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
    found = [s for name in SOURCES if name in names for s in SOURCES[name].suggest(ctx)]  # in SOURCES' order
    return sorted(_without_conflicts(_merged(_filtered(_joined(found), ctx))), key=_order)
