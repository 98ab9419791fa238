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

Tokens are parallel lists rather than one object each: an export makes millions of them, and building them one
at a time in Python was most of the token formats' time. The lists are built by slicing and comprehensions.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import regex

# One capturing group around each pattern: `split` then returns [gap, token, gap, ..., token, gap].
_ENGLISH = regex.compile(r"([\p{L}\p{N}\p{M}_]+|(?:(?!\s)\X))")
_EOJEOL = regex.compile(r"(\S+)")
_CHAR = regex.compile(r"((?:(?!\s)\X))")


@dataclass(frozen=True, slots=True)
class Tokens:
    """A side's tokens, index by index: text, [start, end) code-point offsets in the side text, whether one space
    follows (`ws`), and whether the token is whitespace itself (`space`: kept for spaCy's exact text, dropped by
    CoNLL). Starts and ends are increasing, so offsets are found by bisection."""

    texts: list[str]
    starts: list[int]
    ends: list[int]
    ws: list[bool]
    space: list[bool]

    def __len__(self) -> int:
        return len(self.starts)


def base_tokens(text: str, side: str, char_level: bool = False) -> Tokens:
    """The tokens of `text` before span-edge splitting (compute once per side, split per annotator)."""
    pattern = _CHAR if char_level else _EOJEOL if side == "ko" else _ENGLISH
    parts = pattern.split(text)  # gaps at even indexes, tokens at odd ones; a gap is whitespace, or empty
    offsets = [0, *itertools.accumulate(map(len, parts))]
    gaps = parts[0::2]
    tokens = Tokens(
        parts[1::2], offsets[1:-1:2], offsets[2::2], [gap[:1] == " " for gap in gaps[1:]], [False] * (len(gaps) - 1)
    )
    # The whitespace a token's `ws` does not cover becomes a token before the next one: the leading gap, and any
    # gap longer than one space (rare: paragraph breaks), so they are spliced in rather than built one by one.
    extra = [k for k, gap in enumerate(gaps) if gap and gap != " "]
    if gaps[0] == " ":
        extra.insert(0, 0)
    pieces = {}
    for k in extra:
        skip = k > 0 and gaps[k][0] == " "
        start = offsets[2 * k] + skip
        pieces[k] = ([gaps[k][skip:]], [start], [offsets[2 * k + 1]], [False], [True])
    return _spliced(tokens, pieces)


def split_at(tokens: Tokens, edges: Iterable[int]) -> Tokens:
    """`tokens` with every non-whitespace token split at each of `edges` falling strictly inside it."""
    starts, ends = tokens.starts, tokens.ends
    cuts: dict[int, list[int]] = {}
    for edge in set(edges).difference(starts, ends):  # most edges are token boundaries already
        i = bisect.bisect_right(starts, edge) - 1
        if i >= 0 and starts[i] < edge < ends[i] and not tokens.space[i]:
            cuts.setdefault(i, []).append(edge)
    if not cuts:
        return tokens
    pieces = {}
    for i, points in cuts.items():
        bounds = list(itertools.pairwise([starts[i], *sorted(points), ends[i]]))
        text, offset = tokens.texts[i], starts[i]
        ws = [False] * len(bounds)
        ws[-1] = tokens.ws[i]
        pieces[i] = (
            [text[s - offset : e - offset] for s, e in bounds],
            [s for s, _ in bounds],
            [e for _, e in bounds],
            ws,
            [False] * len(bounds),
        )
    return _spliced(tokens, pieces, replace=True)


def _spliced(tokens: Tokens, pieces: dict[int, tuple[list, ...]], replace: bool = False) -> Tokens:
    """`tokens` with `pieces[i]` (one list per field) inserted before token i, or instead of it if `replace`."""
    if not pieces:
        return tokens
    fields = (tokens.texts, tokens.starts, tokens.ends, tokens.ws, tokens.space)
    out: tuple[list, ...] = ([], [], [], [], [])
    position = 0
    for i in sorted(pieces):
        for column, field, piece in zip(out, fields, pieces[i], strict=True):
            column += field[position:i]
            column += piece
        position = i + 1 if replace else i
    for column, field in zip(out, fields, strict=True):
        column += field[position:]
    return Tokens(*out)


def align(tokens: Tokens, start: int, end: int) -> tuple[int, int] | str:
    """(first, last) index (inclusive) of the tokens a [start, end) span covers exactly; or, for a span with an
    edge in whitespace, why it has none (reported, not shifted)."""
    first = bisect.bisect_left(tokens.starts, start)
    if first == len(tokens) or tokens.starts[first] != start or tokens.space[first]:
        return "starts in whitespace, off token boundaries"
    last = bisect.bisect_left(tokens.ends, end)
    if last == len(tokens) or tokens.ends[last] != end or tokens.space[last]:
        return "ends in whitespace, off token boundaries"
    return first, last
