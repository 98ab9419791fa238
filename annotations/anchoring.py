"""Re-anchoring: find where a span belongs after its article's text changed.

Following Hypothesis (field notes §6): first the stored position, if the quote is still there; then an exact search
for the quote, choosing the occurrence whose context matches best and that lies closest to the old position;
then a fuzzy match of context + quote + context near the old position. A span that cannot be placed is an orphan:
kept as it was and reported, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from difflib import Match, SequenceMatcher
from typing import Any

from tandem.annotations.model import DocumentText, Span, quote_context

FUZZY_WINDOW = 4000  # characters searched on each side of the old position by the fuzzy step
FUZZY_MIN_SCORE = 0.7  # weighted likeness (quote 50, prefix 20, suffix 20, as Hypothesis) to count as found


@dataclass
class Placement:
    """The outcome of re-anchoring a set of spans against a new text."""

    kept: list[Span] = field(default_factory=list)
    moved: list[Span] = field(default_factory=list)
    orphans: list[Span] = field(default_factory=list)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _exact(text: str, quote: str, prefix: str, suffix: str, hint: int) -> tuple[int, int] | None:
    """The best occurrence of `quote`: most matching context first, then nearest to `hint`."""
    best: tuple[int, int] | None = None
    best_score = (-1, 0)
    i = text.find(quote)
    while i != -1:
        j = i + len(quote)
        context = _common_suffix(text[max(0, i - len(prefix)) : i], prefix)
        context += _common_prefix(text[j : j + len(suffix)], suffix)
        score = (context, -abs(i - hint))
        if score > best_score:
            best, best_score = (i, j), score
        i = text.find(quote, i + 1)
    return best


def _fuzzy(text: str, quote: str, prefix: str, suffix: str, hint: int) -> tuple[int, int] | None:
    """Align prefix + quote + suffix with the text near `hint`; each end of the quote lands where the matching
    block nearest to it says (so an unchanged context pins a quote whose own spelling changed)."""
    lo, hi = max(0, hint - FUZZY_WINDOW), min(len(text), hint + len(quote) + FUZZY_WINDOW)
    needle = prefix + quote + suffix
    blocks = [b for b in SequenceMatcher(None, text[lo:hi], needle, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return None

    def land(i: int) -> int:
        def gap(b: Match) -> int:
            return max(b.b - i, i - (b.b + b.size), 0)

        nearest = min(blocks, key=gap)
        return min(len(text), max(0, lo + nearest.a + (i - nearest.b)))

    start, end = land(len(prefix)), land(len(prefix) + len(quote))
    if start >= end:
        return None
    score = (
        50 * _likeness(quote, text[start:end])
        + 20 * _likeness(prefix, text[max(0, start - len(prefix)) : start])
        + 20 * _likeness(suffix, text[end : end + len(suffix)])
    ) / 90
    return (start, end) if score >= FUZZY_MIN_SCORE else None


def _likeness(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a or b else 1.0


def anchor(span: Span, text: str) -> tuple[int, int] | None:
    """Where `span` belongs in `text` (position, then exact quote, then fuzzy), or None for an orphan."""
    if text[span.start : span.end] == span.text:
        return span.start, span.end
    return _exact(text, span.text, span.prefix, span.suffix, span.start) or _fuzzy(
        text, span.text, span.prefix, span.suffix, span.start
    )


def place_spans(spans: Iterable[Span], text: str) -> Placement:
    """Re-anchor spans of one side: unchanged ones are kept, others moved (quote and context refreshed) or orphaned."""
    placement = Placement()
    for span in spans:
        found = anchor(span, text)
        if found is None:
            placement.orphans.append(span)
        elif found == (span.start, span.end) and text[span.start : span.end] == span.text:
            placement.kept.append(span)
        else:
            quote, prefix, suffix = quote_context(text, *found)
            placement.moved.append(
                replace(span, start=found[0], end=found[1], text=quote, prefix=prefix, suffix=suffix)
            )
    return placement


def place_records(records: Iterable[Mapping[str, Any]], doc: DocumentText) -> Placement:
    """Every stored span record of an article placed in today's text, the one way the session, the native record
    and agreement all place spans; a span on a side the article no longer has is an orphan."""
    placement = Placement()
    by_side: dict[str, list[Span]] = {}
    for record in records:
        by_side.setdefault(record["side"], []).append(Span.from_dict(record))
    for side, spans in by_side.items():
        found = place_spans(spans, doc.sides.get(side, ""))
        placement.kept += found.kept
        placement.moved += found.moved
        placement.orphans += found.orphans
    return placement
