"""`conll`: token-level IOB2, one token a line, a blank line between paragraphs, for NER trainers and seqeval.

Columns, tab-separated: `token  start  end  tag` (tag last, token first: readers that take the first and last
columns, as CoNLL-2003 loaders do, work unchanged; the offsets map every token back to the article). Comment lines
follow CoNLL-U: `# newdoc id = article/side/annotator` starts a unit, `# sent_id` and `# text` each paragraph.

English tokens: words and punctuation (tokens.py). Korean: eojeol (whitespace chunks), or with `char_iob` one
character per token, the usual form for Korean NER since particles stick to names (푸틴은). Either way tokens are
split at span edges, so 푸틴 in 푸틴은 gets its own token. IOB holds one layer without overlaps: the first
`--layer` given (default `entity`); spans of other layers, overlapping spans (longest kept), spans crossing a
paragraph break and spans off token boundaries are counted in the report, not forced in.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import BinaryIO

from annotations.export.base import ExportOptions, ExportReport
from annotations.export.iteration import ExportArticle
from annotations.export.units import OVERLAPPING, TokenUnit, non_overlapping, span_label, token_units, where
from annotations.schema import Schema

OTHER_LAYER = "spans of another layer than the IOB one (CoNLL holds one; see --layer)"
ACROSS_PARAGRAPHS = "spans crossing a paragraph break (left out of IOB)"


class Conll:
    """CoNLL-style IOB2 columns."""

    name = "conll"
    description = "CoNLL IOB2 columns (token, start, end, tag); Korean eojeol or --char-iob characters"
    writes_folder = False

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: BinaryIO,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """Each unit's paragraphs as blocks of tagged tokens."""
        units = token_units(iter(articles), report, char_level=lambda side: options.char_iob and side == "ko")
        for unit in units:
            target.write(self._unit(unit, options, report).encode("utf-8"))
            report.documents += 1

    def _unit(self, unit: TokenUnit, options: ExportOptions, report: ExportReport) -> str:
        """One unit's block: its tags, then one block of token lines per paragraph."""
        layer = [s for s, _, _ in unit.aligned if s["layer"] == options.iob_layer]
        for s, _, _ in unit.aligned:
            if s["layer"] != options.iob_layer:
                report.problem(OTHER_LAYER, where(unit.article, unit.side, s))
        kept, dropped = non_overlapping(layer)
        for s in dropped:
            report.problem(OVERLAPPING, where(unit.article, unit.side, s))
        tokens = unit.tokens
        tags = ["O"] * len(tokens)
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
        lines = [f"{text}\t{start}\t{end}\t{tag}\n" for text, start, end, tag
                 in zip(tokens.texts, tokens.starts, tokens.ends, tags, strict=True)]  # fmt: skip
        out = [f"# newdoc id = {unit.key}\n"]
        breaks = [i for i, text in enumerate(tokens.texts) if tokens.space[i] and "\n" in text]  # paragraphs
        sentence = 0
        for begin, end in itertools.pairwise([-1, *breaks, len(tokens)]):
            words = [i for i in range(begin + 1, end) if not tokens.space[i]]
            if words:
                sentence += 1
                out.append(f"# sent_id = {unit.key}/{sentence}\n")
                out.append(f"# text = {unit.text[tokens.starts[words[0]] : tokens.ends[words[-1]]]}\n")
                out += [lines[i] for i in words]
                out.append("\n")
        return "".join(out)
