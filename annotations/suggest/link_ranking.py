"""Which tagged span of the other side a span most likely translates: the order of the `l` (link) picker.

The evidence is the counterpart finder's (`counterpart.find_counterpart`: pairs linked before, the lexicon, the
sound of a name, the same letters or date), asked of each candidate's own text, then where the candidate stands:
in the sentence aligned with the span's, with the same label and layer, at the same place in that sentence. A
candidate nothing speaks for keeps its place in the text, after those something speaks for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tandem.annotations.model import Span
from tandem.annotations.suggest.counterpart import Learned, find_counterpart
from tandem.annotations.suggest.lexicon import Lexicon

Range = tuple[int, int]


@dataclass(frozen=True)
class Ranked:
    """A candidate counterpart with its score in [0, 1] (0: no evidence from its text) and the reason, as a person
    reads it ("sounds like Putin (pu-tin); in the aligned sentence")."""

    span: Span
    score: float
    reason: str
    aligned: bool


def rank_counterparts(span: Span, candidates: Sequence[Span], here: Range | None, there: Range | None,
                      learned: Learned, lexicon: Lexicon) -> list[Ranked]:  # fmt: skip
    """`candidates` (spans of the other side) best first as counterparts of `span`; `here` is the span's sentence
    and `there` the aligned sentence of the other side (side-text ranges), when the alignment has them."""
    position = (span.start - here[0]) / max(1, here[1] - here[0]) if here else None
    ranked = []
    for candidate in candidates:
        found = find_counterpart(span.text, span.label, span.side, candidate.text, candidate.start, learned, lexicon)
        aligned = there is not None and there[0] <= candidate.start < there[1]
        reasons = [found.reason] if found else []
        if aligned:
            reasons.append("in the aligned sentence")
        ranked.append(Ranked(candidate, found.score if found else 0.0, "; ".join(reasons), aligned))

    def place(r: Ranked) -> float:
        """How far the candidate sits from the span's place, each in its own sentence (0 to 1)."""
        if not r.aligned or there is None or position is None:
            return 1.0
        return abs((r.span.start - there[0]) / max(1, there[1] - there[0]) - position)

    return sorted(ranked, key=lambda r: (-r.score, not r.aligned, r.span.label != span.label,
                                         r.span.layer != span.layer, place(r), r.span.start))  # fmt: skip
