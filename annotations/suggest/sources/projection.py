"""`projection`: tag one language, get the other suggested — each span's counterpart in the aligned sentence.

For every span of this annotator with no counterpart link, `counterpart.find_counterpart` looks in the aligned
sentence of the other side, on the evidence of what the team already linked, the shipped lexicon (CLDR places,
news institutions and titles), sound (romanized Korean against English) and identity (acronyms, numbers, dates).
The proposal is the counterpart link, with the other side's span when it is not tagged yet; accepting makes both
in one change. A sentence with no clear counterpart gives nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from tandem.annotations.model import Span
from tandem.annotations.suggest.context import ArticleContext
from tandem.annotations.suggest.counterpart import find_counterpart
from tandem.annotations.suggest.lexicon import Lexicon
from tandem.annotations.suggest.proposal import Endpoint, ProposedRelation, ProposedSpan, Suggestion
from tandem.annotations.suggest.reported import content, find_quotes, trim

QUOTE_OPENERS = "“\"'‘「『«"

NAME = "projection"
DESCRIPTION = "the counterpart of a tagged span in the aligned sentence of the other language"
NEEDS_MODELS = False
RELATION = "counterpart"
PROJECTED_LAYERS = ("entity",)
CLAIM_LAYER = "claim"
CLAIM_SCORE = 0.7  # the aligned sentence translates the claim's sentence; its clause edges are a guess


def _other(side: str) -> str:
    return "en" if side == "ko" else "ko"


def _sentence(ctx: ArticleContext, span: Span) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(the span's sentence, the aligned sentence on the other side), both as side-text ranges."""
    mine = 0 if span.side == "ko" else 1
    for pair in ctx.sentence_pairs:
        here, there = pair[mine], pair[1 - mine]
        if here is not None and there is not None and here[0] <= span.start < here[1]:
            return here, there
    return None


def suggest(ctx: ArticleContext) -> Iterator[Suggestion]:
    """One counterpart proposal per tagged span without a counterpart link."""
    if len(ctx.doc.sides) < 2:
        return
    by_id = {s.id: s for s in ctx.spans}
    linked = {end for r in ctx.relations if r.type == RELATION for end in (r.head, r.child)}
    taken: dict[str, list[tuple[int, int]]] = {"ko": [], "en": []}
    for span_id in linked:
        if span_id in by_id:
            taken[by_id[span_id].side].append((by_id[span_id].start, by_id[span_id].end))
    lexicon = ctx.lexicon or Lexicon.shipped()
    for span in ctx.spans:
        if span.id in linked or span.layer not in (*PROJECTED_LAYERS, CLAIM_LAYER):
            continue
        found = _sentence(ctx, span)
        if found is None:
            continue
        if span.layer == CLAIM_LAYER:
            claim = _claim_counterpart(ctx, span, found[1])
            if claim is not None:
                yield claim
            continue
        (s0, s1), (o0, o1) = found
        other = _other(span.side)
        text = ctx.doc.sides[other]
        position = (span.start - s0) / max(1, s1 - s0)
        window = tuple(t for t in taken[other] if o0 <= t[0] < o1)
        key = (NAME, span.side, span.start, span.end, span.text, span.label, o0, o1, window, id(ctx.team), id(lexicon))
        if key not in ctx.memo:
            ctx.memo[key] = find_counterpart(span.text, span.label, span.side, text[o0:o1], o0,
                                             ctx.team.counterparts, lexicon, window, position=position)  # fmt: skip
        match = ctx.memo[key]
        if match is None:
            continue
        place = (other, match.start, match.end, span.layer)
        existing = next((s.id for s in ctx.spans if (s.side, s.start, s.end, s.layer) == place), None)
        partner: Endpoint = existing or ProposedSpan(other, match.start, match.end, match.text, span.layer,
                                                     span.label)  # fmt: skip
        head, child = (span.id, partner) if span.side == "ko" else (partner, span.id)
        reason = f"counterpart of {span.label} “{span.text}”: {match.reason}"
        yield Suggestion(NAME, match.score, reason, relation=ProposedRelation(RELATION, head, child))


def _quotes(ctx: ArticleContext, side: str) -> list[tuple[int, int]]:
    """The quotations of one side, found once per text."""
    key = (NAME, "quotes", side, ctx.doc.sides[side])
    if key not in ctx.memo:
        ctx.memo[key] = find_quotes(ctx.doc.sides[side])
    return ctx.memo[key]


def _claim_counterpart(ctx: ArticleContext, span: Span, there: tuple[int, int]) -> Suggestion | None:
    """A claim follows its sentence: the aligned sentence's quotation when the claim is a quote's inside (the
    one at the same place, when there are several), else the aligned sentence itself."""
    other = _other(span.side)
    text = ctx.doc.sides[other]
    own = ctx.doc.sides[span.side]
    quoted = span.start > 0 and own[span.start - 1] in QUOTE_OPENERS
    quotes = [content(text, q) for q in _quotes(ctx, other) if there[0] <= q[0] and q[1] <= there[1]]
    if quoted and quotes:
        mine = [content(own, q) for q in _quotes(ctx, span.side)]
        index = next((i for i, q in enumerate(mine) if q[0] <= span.start < q[1]), 0)
        start, end = quotes[min(index, len(quotes) - 1)] if len(quotes) > 1 else quotes[0]
        why = "the aligned sentence's quotation"
    else:
        start, end = trim(text, *there, chars=" .")
        why = "the aligned sentence"
    if start >= end:
        return None
    partner = ProposedSpan(other, start, end, text[start:end], span.layer, span.label)
    head, child = (span.id, partner) if span.side == "ko" else (partner, span.id)
    return Suggestion(NAME, CLAIM_SCORE, f"counterpart of the claim “{span.text[:30]}…”: {why}",
                      relation=ProposedRelation(RELATION, head, child))
