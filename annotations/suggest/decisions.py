"""Accepting and rejecting suggestions: each decision one undoable change in the annotator's own store.

An accepted suggestion becomes ordinary annotations whose attribute `suggested_by` names its source, so exports
can tell corrected suggestions from hand-made spans (and `agree` can leave them out). A rejection is remembered
by the suggestion's key — that span and label in that article — and shared with the team like any annotation.
"""

from __future__ import annotations

from collections.abc import Sequence

from tandem.annotations.model import Span
from tandem.annotations.session import ArticleAnnotations, NewRelation, NewSpan
from tandem.annotations.suggest.proposal import Endpoint, ProposedSpan, Suggestion

PROVENANCE = "suggested_by"


def accept(session: ArticleAnnotations, chosen: Sequence[Suggestion]) -> list[Span]:
    """Accept suggestions as one change; returns the spans made (relations come with them)."""
    spans: list[NewSpan] = []
    index: dict[str, int] = {}
    relations: list[NewRelation] = []

    def ref(end: Endpoint | None, source: str) -> str | int | None:
        if end is None or isinstance(end, str):
            return end
        if end.key not in index:
            index[end.key] = len(spans)
            spans.append(_new(end, source))
        return index[end.key]

    for s in chosen:
        if s.relation is None:
            ref(s.span, s.source)
        else:
            rel = s.relation
            relations.append(NewRelation(rel.type, ref(rel.head, s.source), ref(rel.child, s.source),  # type: ignore[arg-type]
                                         ref(rel.cue, s.source)))  # fmt: skip
    made, _ = session.add_together(spans, relations, settled=[s.key for s in chosen if s.source == "import"])
    return made


def _new(span: ProposedSpan, source: str) -> NewSpan:
    return NewSpan(span.side, span.start, span.end, span.layer, span.label, {**dict(span.attrs), PROVENANCE: source})


def reject(session: ArticleAnnotations, chosen: Sequence[Suggestion]) -> None:
    """Reject suggestions as one change: none of them is offered again on this article."""
    session.reject([(s.key, s.source) for s in chosen])
