"""IOB2 tags over a unit's tokens, cut into paragraph blocks: what both CoNLL dialects (conll.py, conllu.py) write.

IOB holds one layer without overlaps: the first `--layer` given (default `entity`); spans of other layers,
overlapping spans (longest kept), spans crossing a paragraph break and spans off token boundaries are counted in
the report, not forced in. Tokens are the unit's (units.py: one tokenization per text, whoever annotated it);
Korean is eojeol, or with `char_iob` one character per token, the usual form for Korean NER since particles stick
to names (푸틴은). Whitespace tokens are dropped: a paragraph break ends a block.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.iteration import ExportArticle
from tandem.annotations.export.units import OVERLAPPING, TokenUnit, non_overlapping, span_label, token_units, where

OTHER_LAYER = "spans of another layer than the IOB one (CoNLL holds one; see --layer)"
ACROSS_PARAGRAPHS = "spans crossing a paragraph break (left out of IOB)"


@dataclass(frozen=True, slots=True)
class TaggedToken:
    """One word of a block: its text, [start, end) in the side text, its IOB2 tag, whether a space follows."""

    text: str
    start: int
    end: int
    tag: str
    space_after: bool


@dataclass(frozen=True)
class Block:
    """One paragraph of a unit: its text and its tagged words (a CoNLL "sentence")."""

    text: str
    tokens: list[TaggedToken]


def tagged_units(
    articles: Iterable[ExportArticle], options: ExportOptions, report: ExportReport
) -> Iterator[tuple[TokenUnit, list[Block]]]:
    """Every unit with its paragraph blocks of IOB-tagged words; counts documents and spans in `report`."""
    units = token_units(iter(articles), report, char_level=lambda side: options.char_iob and side == "ko")
    for unit in units:
        report.documents += 1
        yield unit, _blocks(unit, _tags(unit, options, report))


def _tags(unit: TokenUnit, options: ExportOptions, report: ExportReport) -> list[str]:
    """One IOB2 tag per token of the unit, for the IOB layer's non-overlapping spans within a paragraph."""
    layer = [s for s, _, _ in unit.aligned if s["layer"] == options.iob_layer]
    for s, _, _ in unit.aligned:
        if s["layer"] != options.iob_layer:
            report.problem(OTHER_LAYER, where(unit.article, unit.side, s))
    kept, dropped = non_overlapping(layer)
    for s in dropped:
        report.problem(OVERLAPPING, where(unit.article, unit.side, s))
    tags = ["O"] * len(unit.tokens)
    by_id = {s["id"]: (first, last) for s, first, last in unit.aligned}
    for s in kept:
        first, last = by_id[s["id"]]
        if "\n" in unit.text[s["start"] : s["end"]]:
            report.problem(ACROSS_PARAGRAPHS, where(unit.article, unit.side, s))
            continue
        label = span_label(s)
        tags[first] = f"B-{label}"
        tags[first + 1 : last + 1] = [f"I-{label}"] * (last - first)
        report.spans += 1
    return tags


def _blocks(unit: TokenUnit, tags: list[str]) -> list[Block]:
    tokens = unit.tokens
    breaks = [i for i, text in enumerate(tokens.texts) if tokens.space[i] and "\n" in text]
    blocks = []
    for begin, end in itertools.pairwise([-1, *breaks, len(tokens)]):
        words = [i for i in range(begin + 1, end) if not tokens.space[i]]
        if not words:
            continue
        following = [*(tokens.starts[j] for j in words[1:]), None]
        blocks.append(Block(
            unit.text[tokens.starts[words[0]] : tokens.ends[words[-1]]],
            [TaggedToken(tokens.texts[i], tokens.starts[i], tokens.ends[i], tags[i],
                         after is None or after > tokens.ends[i]) for i, after in zip(words, following, strict=True)],
        ))  # fmt: skip
    return blocks
