"""The models' names seen from both sides of an article: a name and its translation are the same kind of thing,
and a name one side's model found is there on the other side too, where that model missed it.

Each side is right where the other is weak. spaCy tells organisations from places in English (MIT, Feyenoord,
Lumina) where the Korean side has only a guess (매사추세츠공대, 루미나: "nothing around it to type it"); the Korean
side has the titles and endings that make a person or an institution certain (노다 신이치 의원, 조선일보) where spaCy
guesses ORG for "Noda" or PERSON for "Chosun Ilbo". And Kiwi drops a bare acronym (BIFF) that spaCy finds, while
spaCy misses names (Keidanren, Dokdo) that Kiwi reads as proper nouns. The counterpart is found in the aligned
sentence as projection finds one (counterpart.find_counterpart).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from tandem.annotations.suggest.counterpart import NAME_LABELS, Counterpart, find_counterpart, is_acronym
from tandem.annotations.suggest.lexicon import Lexicon, other, particle_free
from tandem.annotations.suggest.mention import Mention
from tandem.annotations.suggest.names_en import is_nationality

Range = tuple[int, int]
SidePairs = Sequence[tuple[Range | None, Range | None]]
SIDE_NAMES = {"ko": "Korean", "en": "English"}


def reconciled(mentions: Mapping[str, Sequence[Mention]], texts: Mapping[str, str], sentence_pairs: SidePairs,
               lexicon: Lexicon) -> dict[str, list[Mention]]:  # fmt: skip
    """Both sides' mentions, where

    * a Korean name and its English counterpart that had different labels each take the label of the one with
      the higher score (a tie changes nothing), and
    * a name whose counterpart no mention of the other side overlaps gets one there, with its label and a score
      no higher than either the name's or the counterpart's."""
    result = {side: list(found) for side, found in mentions.items()}
    if set(result) != {"ko", "en"}:
        return result
    korean = [_counterpart(m, "ko", texts, sentence_pairs, lexicon) for m in result["ko"]]
    paired = [any(k is not None and k.start < m.end and m.start < k.end for k in korean) for m in result["en"]]
    matches = {"ko": korean,  # an English name a Korean one was paired with needs no search of its own
               "en": [None if p else _counterpart(m, "en", texts, sentence_pairs, lexicon)
                      for m, p in zip(result["en"], paired, strict=True)]}  # fmt: skip
    english = {(m.start, m.end): j for j, m in enumerate(result["en"])}
    for i, match in enumerate(matches["ko"]):
        j = english.get((match.start, match.end)) if match is not None else None
        if j is not None:
            result["ko"][i], result["en"][j] = _agreed(result["ko"][i], result["en"][j], texts)
    added: dict[str, list[Mention]] = {"ko": [], "en": []}
    for side in ("ko", "en"):
        there = other(side)
        for mention, match in zip(result[side], matches[side], strict=True):
            name = texts[side][mention.start : mention.end]
            place = _place_there(match, there, texts[there]) if match is not None else None
            if place is None or (there == "ko" and is_acronym(name) and not lexicon.counterparts(name, side)):
                continue  # Kiwi leaves out a bare acronym (HBM, LNG) as a term: an English ORG is no better guess
            if there == "en" and is_nationality(texts["en"][place[0] : place[1]]):
                continue  # 우크라이나 sounds like "Ukrainian", an adjective
            if any(m.start < place[1] and place[0] < m.end for m in result[there] + added[there]):
                continue
            reason = f"counterpart of {mention.label} “{name}”, which the {SIDE_NAMES[side]} side's model found: " \
                     f"{match.reason}"  # fmt: skip
            added[there].append(Mention(*place, mention.label, min(mention.score, match.score), reason))
    return {side: sorted(result[side] + added[side], key=lambda m: (m.start, m.end)) for side in result}


def _place_there(match: Counterpart, side: str, text: str) -> tuple[int, int] | None:
    """Where a counterpart goes as a name of its own: a Korean one without its particles; None for a piece of a
    hyphenated English word (Indo of Indo-Pacific)."""
    start, end = match.start, match.end
    if side == "ko":
        return start, start + len(particle_free(text[start:end]))
    if text[end : end + 1] == "-" or (start > 0 and text[start - 1] == "-"):
        return None
    return start, end


def _counterpart(mention: Mention, side: str, texts: Mapping[str, str], pairs: SidePairs,
                 lexicon: Lexicon) -> Counterpart | None:  # fmt: skip
    """The counterpart of a name in the aligned sentence of the other side, if one is clearly best."""
    if mention.label not in NAME_LABELS:
        return None
    mine = 0 if side == "ko" else 1
    for pair in pairs:
        here, there = pair[mine], pair[1 - mine]
        if here is not None and there is not None and here[0] <= mention.start < here[1]:
            position = (mention.start - here[0]) / max(1, here[1] - here[0])
            text = texts[side][mention.start : mention.end]
            return find_counterpart(text, mention.label, side, texts[other(side)][there[0] : there[1]], there[0], {},
                                    lexicon, position=position)  # fmt: skip
    return None


def _agreed(korean: Mention, english: Mention, texts: Mapping[str, str]) -> tuple[Mention, Mention]:
    """The two with one label: the label of the higher score."""
    if english.label == korean.label or english.label not in NAME_LABELS or english.score == korean.score:
        return korean, english
    if english.score > korean.score:
        return _relabelled(korean, english, "en", texts["en"]), english
    return korean, _relabelled(english, korean, "ko", texts["ko"])


def _relabelled(mention: Mention, by: Mention, side: str, text: str) -> Mention:
    """`mention` with the label of `by`, its counterpart on `side`, and a reason that says so."""
    name = text[by.start : by.end]
    reason = f"{by.label} as its {SIDE_NAMES[side]} counterpart “{name}” ({by.reason}), not {mention.label}"
    return replace(mention, label=by.label, reason=reason)
