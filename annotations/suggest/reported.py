"""A reported statement found in one side's text, and the quotation bookkeeping both languages share.

The Korean and English extractors (`attribution_ko`, `attribution_en`) propose PARC's triple — what was said
(claim), who said it (source) and the attributing verb or phrase (cue) — already linked, because a claim
without its source is useless to the annotator. Quotation marks are found over the whole side, not per
sentence: the sentence splitter cuts English quotes at every full stop, and a quote may run on into the next
paragraph, yet it is one claim.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

KINDS = ("official", "news_outlet", "anonymous", "expert", "document", "other")
FAMILIES = ("direct", "indirect", "according_to", "anonymous")

Span = tuple[int, int]


@dataclass(frozen=True)
class Reported:
    """One attribution: `claim`, `source` and `cue` are (start, end) code-point offsets into the side's text.

    `source` is None only when the text names nobody; `cue` is None when no word carries the attribution.
    `kind` is the source's guessed kind (one of KINDS), `family` the pattern that found it (one of FAMILIES),
    `score` in [0, 1] and `reason` a short explanation a person can read ("quote + 인정했다, source marked 은/는").
    """

    claim: Span
    source: Span | None
    cue: Span | None
    kind: str
    family: str
    score: float
    reason: str


_OPEN_CLOSE = {"“": "”", "「": "」", "『": "』", "«": "»"}
_CLOSERS = frozenset(_OPEN_CLOSE.values())


def paragraphs(text: str) -> list[Span]:
    """(start, end) of each paragraph: blocks separated by one or more blank lines or line breaks."""
    spans: list[Span] = []
    start = 0
    for i, char in enumerate(text):
        if char == "\n":
            if i > start:
                spans.append((start, i))
            start = i + 1
    if len(text) > start:
        spans.append((start, len(text)))
    return spans


def find_quotes(
    text: str, sentences: Sequence[Span] = (), breaks: Callable[[int, int], bool] | None = None
) -> list[Span]:
    """Top-level double quotations as (start, end) of the marks themselves, end exclusive, in order.

    Curly marks pair by nesting; straight marks pair in turn within a paragraph. A quote left open at the end of
    a paragraph continues when the next paragraph opens with a quotation mark (the newspaper convention for a
    quote running over several paragraphs). A second “ inside an open curly quote is nested when enough ” follow
    in the paragraph; otherwise the first quote was never closed. A quote never closed (machine translations drop
    marks) ends where the next one opens, or with its paragraph, or — given `sentences` and `breaks` — before the
    first following sentence for which `breaks(start, end)` holds (one with a cue of its own: "…, he said.").
    """
    quotes: list[Span] = []
    open_at: int | None = None  # start of the quote being read
    closer = ""
    depth = 0
    paras = paragraphs(text)

    def unclosed(start: int, stop: int) -> None:
        if breaks is not None:
            reached = None
            for s_start, s_end in sentences:
                if s_end <= start:
                    continue
                if s_start >= stop:
                    break
                if reached is not None and breaks(s_start, s_end):
                    stop = min(stop, reached)
                    break
                reached = s_end
        quotes.append((start, stop))

    for index, (p_start, p_end) in enumerate(paras):
        i = p_start
        while i < p_end:
            char = text[i]
            if open_at is None:
                if char in _OPEN_CLOSE or char == '"':
                    open_at, closer, depth = i, _OPEN_CLOSE.get(char, '"'), 1
            elif closer == '"':
                if char == '"':
                    quotes.append((open_at, i + 1))
                    open_at = None
            elif char == closer:
                depth -= 1
                if depth == 0:
                    quotes.append((open_at, i + 1))
                    open_at = None
            elif char in _OPEN_CLOSE and _OPEN_CLOSE[char] == closer:
                if _pending_closers(text, i, p_end, char, closer) > depth:
                    depth += 1  # a nested quote of the same marks, closed later in the paragraph
                else:
                    unclosed(open_at, i)  # the earlier quote never closed: it ends where this one opens
                    open_at, depth = i, 1
            i += 1
        if open_at is not None:
            following = paras[index + 1][0] if index + 1 < len(paras) else None
            if following is not None and (text[following] == closer == '"' or text[following] in _OPEN_CLOSE):
                # the next paragraph's opening mark continues this quote: skip it
                paras[index + 1] = (following + 1, paras[index + 1][1])
            else:
                unclosed(open_at, p_end)
                open_at = None
    if open_at is not None:
        unclosed(open_at, len(text))
    return quotes


def _pending_closers(text: str, start: int, end: int, opener: str, closer: str) -> int:
    """How many more closers than openers follow `start` in its paragraph (how deep a nested opening may go)."""
    segment = text[start:end]
    return segment.count(closer) - segment.count(opener) + 1


def inside(quotes: Sequence[Span], position: int) -> Span | None:
    """The quote whose marks enclose `position`, if any."""
    for start, end in quotes:
        if start <= position < end:
            return start, end
        if start > position:
            break
    return None


def units(sentences: Sequence[Span], quotes: Sequence[Span]) -> list[Span]:
    """Sentences joined wherever a quotation crosses their boundary, so a quote is read as one claim."""
    merged: list[Span] = []
    for start, end in sentences:
        if merged and any(q_start < merged[-1][1] and q_end > start for q_start, q_end in quotes):
            # the previous unit and this sentence share a quote
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def content(text: str, quote: Span) -> Span:
    """The inside of a quotation: exactly the characters between its marks (only surrounding spaces left out)."""
    start, end = quote
    start += 1
    if end > start and text[end - 1] in _CLOSERS | {'"'}:
        end -= 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def trim(text: str, start: int, end: int, chars: str = " ,.;:") -> Span:
    """`(start, end)` without surrounding whitespace and the given punctuation."""
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


def overlaps(a: Span, b: Span) -> bool:
    """Whether two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def with_pronoun_kinds(text: str, found: list[Reported], is_pronoun: Callable[[str], bool]) -> list[Reported]:
    """`found` (in reading order) with each pronoun source given the kind of the last named source before it."""
    last: str | None = None
    resolved = []
    for reported in found:
        source = text[reported.source[0] : reported.source[1]] if reported.source else ""
        if is_pronoun(source):
            reported = replace(reported, kind=last or reported.kind)
        elif reported.source:
            last = reported.kind
        resolved.append(reported)
    return resolved


def tidy(found: list[Reported]) -> list[Reported]:
    """`found` in reading order, without empty claims or sources and without repeats of the same triple."""
    seen: set[tuple[Span, Span | None, Span | None]] = set()
    kept = []
    for reported in sorted(found, key=lambda r: (r.claim, r.source or (0, 0))):
        key = (reported.claim, reported.source, reported.cue)
        if reported.claim[1] - reported.claim[0] < 2 or key in seen:
            continue
        if reported.source is not None and reported.source[1] <= reported.source[0]:
            continue
        seen.add(key)
        kept.append(reported)
    return kept


class SpeakerContext:
    """What the readers of one side share: the kind of the last speaker outside quotes, for pronoun sources."""

    def __init__(self) -> None:
        self.last_kind: str | None = None
        self.known: dict[str, str] = {}  # source text, or an acronym given in brackets, -> its kind

    def kind(self, source: str, guessed: str) -> str:
        """`guessed`, or the kind of an earlier source of that name ("JCS" after "Joint Chiefs of Staff (JCS)")."""
        if guessed == "other":
            guessed = self.known.get(source, guessed)
        if guessed != "other":
            self.known.setdefault(source, guessed)
            for acronym in re.findall(r"\(([^()]+)\)", source):
                self.known.setdefault(acronym.strip(), guessed)
        return guessed
