"""A small, predictable tokenizer for the token-level formats (spans, spaCy, CoNLL).

- English: runs of letters/digits/marks are words; every other non-space character (a grapheme cluster, so an
  emoji with modifiers stays whole) is a token of its own.
- Korean: eojeol, i.e. whitespace-separated chunks, particles attached (푸틴은); or, on request, one token per
  character (character-level IOB, the usual choice for Korean NER).
- Then every token is split at every span edge that falls inside it, so 푸틴은 tagged 푸틴 becomes 푸틴 + 은 and
  the span is token-aligned. A span that starts or ends in whitespace cannot be aligned: it is reported, never
  moved (see `align`).

Whitespace follows spaCy's convention: one space after a token is its `ws` flag; any other whitespace (newlines,
runs of spaces) becomes a whitespace token, so joining tokens reproduces the text exactly.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import regex

_ENGLISH = regex.compile(r"[\p{L}\p{N}\p{M}_]+|(?:(?!\s)\X)")
_EOJEOL = regex.compile(r"\S+")
_CHAR = regex.compile(r"(?:(?!\s)\X)")
_WHITESPACE = regex.compile(r"\s+")


class Token(NamedTuple):
    """A token: its text, [start, end) code-point offsets in the side text, and whether one space follows.
    (A NamedTuple: a document has thousands, and a frozen dataclass is several times slower to create.)"""

    text: str
    start: int
    end: int
    ws: bool
    space: bool = False  # a whitespace token (kept for spaCy's exact text; dropped by CoNLL)


def base_boundaries(text: str, side: str, char_level: bool = False) -> list[tuple[int, int]]:
    """[start, end) of each non-space token before span-edge splitting (compute once per side, reuse per annotator)."""
    pattern = _CHAR if char_level else _EOJEOL if side == "ko" else _ENGLISH
    return [m.span() for m in pattern.finditer(text)]


def tokenize(text: str, bounds: list[tuple[int, int]], edges: Iterable[int]) -> list[Token]:
    """Tokens of `text` from `base_boundaries`, split at each of `edges` falling inside a token."""
    starts = [s for s, _ in bounds]
    cuts: dict[int, list[int]] = {}
    for edge in set(edges):
        i = bisect.bisect_right(starts, edge) - 1
        if i >= 0 and bounds[i][0] < edge < bounds[i][1]:
            cuts.setdefault(i, []).append(edge)
    pieces: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(bounds):
        if i in cuts:
            points = [start, *sorted(cuts[i]), end]
            pieces += itertools.pairwise(points)
        else:
            pieces.append((start, end))
    return _with_whitespace(text, pieces)


def _with_whitespace(text: str, pieces: list[tuple[int, int]]) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    position = 0
    for start, end in [*pieces, (len(text), len(text))]:
        if start > position:
            if text[position] == " " and tokens and not tokens[-1].space:
                last = tokens[-1]
                tokens[-1] = Token(last.text, last.start, last.end, True)
                position += 1
            if start > position:
                append(Token(text[position:start], position, start, False, True))
        if end > start:
            append(Token(text[start:end], start, end, False))
        position = end
    return tokens


@dataclass(frozen=True, slots=True)
class Alignment:
    """Token index of a span's first and last token (inclusive), or the reason it has none."""

    token_start: int
    token_end: int
    problem: str = ""


def aligner(tokens: list[Token]) -> dict[str, dict[int, int]]:
    """Lookup tables {"start": char offset -> token index, "end": char offset -> token index} for `align`."""
    return {
        "start": {t.start: i for i, t in enumerate(tokens) if not t.space},
        "end": {t.end: i for i, t in enumerate(tokens) if not t.space},
    }


def align(table: dict[str, dict[int, int]], start: int, end: int) -> Alignment:
    """The tokens a [start, end) span covers exactly; a span edge in whitespace has none (reported, not shifted)."""
    first, last = table["start"].get(start), table["end"].get(end)
    if first is None or last is None:
        where = "starts" if first is None else "ends"
        return Alignment(-1, -1, f"{where} in whitespace, off token boundaries")
    return Alignment(first, last)
