"""A name and its translation are the same kind of thing: when the models type the two differently, the side with
the stronger evidence decides for both.

Each side is right where the other is weak. spaCy tells organisations from places in English (MIT, Feyenoord,
Lumina) where the Korean side has only a guess (매사추세츠공대, 루미나: "nothing around it to type it"); the Korean
side has the titles and endings that make a person or an institution certain (노다 신이치 의원, 조선일보) where spaCy
guesses ORG for "Noda" or PERSON for "Chosun Ilbo". The counterpart is found in the aligned sentence as projection
finds one (counterpart.find_counterpart), and counts only when it is itself a model mention with that exact span.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from tandem.annotations.suggest.counterpart import NAME_LABELS, find_counterpart
from tandem.annotations.suggest.lexicon import Lexicon
from tandem.annotations.suggest.mention import Mention

Range = tuple[int, int]
SIDE_NAMES = {"ko": "Korean", "en": "English"}


def agreed(mentions: Mapping[str, Sequence[Mention]], texts: Mapping[str, str],
           sentence_pairs: Sequence[tuple[Range | None, Range | None]], lexicon: Lexicon
           ) -> dict[str, list[Mention]]:  # fmt: skip
    """Both sides' mentions, where a Korean name and its English counterpart had different labels each taking the
    label of the one with the higher score (a tie changes nothing)."""
    result = {side: list(found) for side, found in mentions.items()}
    if set(result) != {"ko", "en"}:
        return result
    english = {(m.start, m.end): i for i, m in enumerate(result["en"])}
    for i, korean in enumerate(result["ko"]):
        if korean.label not in NAME_LABELS:
            continue
        there = _aligned(sentence_pairs, korean.start)
        if there is None:
            continue
        text = texts["ko"][korean.start : korean.end]
        position = (korean.start - there[0][0]) / max(1, there[0][1] - there[0][0])
        o0, o1 = there[1]
        match = find_counterpart(text, korean.label, "ko", texts["en"][o0:o1], o0, {}, lexicon, position=position)
        j = english.get((match.start, match.end)) if match is not None else None
        if j is None:
            continue
        other = result["en"][j]
        if other.label == korean.label or other.label not in NAME_LABELS or other.score == korean.score:
            continue
        if other.score > korean.score:
            result["ko"][i] = _relabelled(korean, other, "en", texts["en"])
        else:
            result["en"][j] = _relabelled(other, korean, "ko", texts["ko"])
    return result


def _aligned(pairs: Sequence[tuple[Range | None, Range | None]], start: int) -> tuple[Range, Range] | None:
    """(the Korean sentence holding `start`, its aligned English sentence)."""
    for ko, en in pairs:
        if ko is not None and en is not None and ko[0] <= start < ko[1]:
            return ko, en
    return None


def _relabelled(mention: Mention, by: Mention, side: str, text: str) -> Mention:
    """`mention` with the label of `by`, its counterpart on `side`, and a reason that says so."""
    name = text[by.start : by.end]
    reason = f"{by.label} as its {SIDE_NAMES[side]} counterpart “{name}” ({by.reason}), not {mention.label}"
    return replace(mention, label=by.label, reason=reason)
