"""`conll`: CoNLL-2003 NER columns, as `spacy convert --converter ner`, seqeval and most NER trainers read them.

Each word on a line as `word TAG` (IOB2, see iob.py), a blank line after each paragraph, and the CoNLL-2003
document line `-DOCSTART- -X- O O` (followed by a blank line) before each unit, i.e. each article side as one
annotator tagged it, in article, side, annotator order. The format has no place for ids or offsets: use `conllu`
for those (the same tokens and tags, with `# newdoc id` and a TokenRange per word).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.iob import tagged_units
from tandem.annotations.export.iteration import ExportArticle
from tandem.annotations.schema import Schema

DOCSTART = "-DOCSTART- -X- O O\n\n"


class Conll:
    """CoNLL-2003 word/tag columns."""

    name = "conll"
    description = "CoNLL-2003 NER: word and IOB2 tag a line, -DOCSTART- per side and annotator"
    writes_folder = False
    token_level = True

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: BinaryIO,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """Each unit's paragraphs as blocks of `word TAG` lines after a -DOCSTART- line."""
        for _, blocks in tagged_units(articles, options, report):
            out = [DOCSTART]
            for block in blocks:
                out += [f"{t.text} {t.tag}\n" for t in block.tokens]
                out.append("\n")
            target.write("".join(out).encode("utf-8"))
