"""Where the cue of an attribution may be: the speech verbs ("said", "밝혔다") near a claim and its source.

An annotator attributing a claim picks its cue from these. English puts the cue on either side of the claim and
beside the source ("White House spokesman John F. Kirby said …", "“…,” he said"), Korean mostly after it
("…라고 밝혔다"), so both sides of the claim and both sides of the source are searched. The speech verbs are
the attribution readers' own (`attribution_en`, `attribution_ko`): one list of what counts as a cue.
"""

from __future__ import annotations

from collections.abc import Sequence

from tandem.annotations.suggest import attribution_en, attribution_ko

Range = tuple[int, int]

REACH = 80
"""How far (code points) before and after the claim and the source a cue is looked for."""
_KO_WORD_END = " \t\n\"'“”‘’.,;:!?)…"


def cue_words(text: str, side: str, claim: Range, source: Range | None = None, reach: int = REACH) -> list[Range]:
    """Every speech verb of `text` (one side of an article) inside the claim or within `reach` of it or of its
    `source` (when on the same side), nearest first and never inside the source. A Korean cue is the whole word
    from the verb's start (밝혔다, not 밝혔), and only where the verb starts a word (전했다, not the 전했 inside
    발전했다)."""
    candidate = attribution_ko._CANDIDATE if side == "ko" else attribution_en._CANDIDATE  # the readers' own lists
    near = [claim] if source is None else [claim, source]
    found: dict[Range, tuple[int, int]] = {}
    for start, end in near:
        for match in candidate.finditer(text, max(0, start - reach), min(len(text), end + reach)):
            word = _korean_word(text, match.start()) if side == "ko" else match.span()
            if word is None or (side != "ko" and text[word[0]].isupper()):
                continue  # not a word of its own, or a name ("United States", "Said")
            if source is not None and source[0] < word[1] and word[0] < source[1]:
                continue  # part of the source's name
            found[word] = (distance(word, near), distance(word, near[-1:]))  # then nearest the source
    return sorted(found, key=lambda word: (found[word], word))


def _korean_word(text: str, start: int) -> Range | None:
    """The word (eojeol) that begins at `start`, without its trailing punctuation; None if `start` is inside a
    word."""
    if start > 0 and text[start - 1] not in _KO_WORD_END:
        return None
    end = start
    while end < len(text) and text[end] not in _KO_WORD_END:
        end += 1
    return start, end


def distance(word: Range, near: Sequence[Range]) -> int:
    """Code points between `word` and the nearest of `near` (0 when it touches or is inside one): how near a cue
    is to its claim and source."""
    return min(max(0, start - word[1], word[0] - end) for start, end in near)
