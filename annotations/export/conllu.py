"""`conllu`: CoNLL-U, ten tab-separated columns, as `conllu.parse` and UD tools read it, with the entity in MISC.

Per unit (article side and annotator) `# newdoc id = article/side/annotator`; per paragraph `# sent_id =
<unit>/<n>` and `# text = <the paragraph>`; per word ID, FORM, then `_` for the columns Tandem has no analysis
for (LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS), and MISC `NER=<IOB2 tag>|TokenRange=<start>:<end>` (code-point
offsets in the side text) plus `SpaceAfter=No` where the next word follows without a space, so the words rebuild
`# text`. Tokens and tags are those of `conll` (iob.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.iob import TaggedToken, tagged_units
from tandem.annotations.export.iteration import ExportArticle
from tandem.annotations.schema import Schema

NO_ANALYSIS = "\t".join("_" * 7)  # LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS


def _misc(token: TaggedToken) -> str:
    misc = f"NER={token.tag}|TokenRange={token.start}:{token.end}"
    return misc if token.space_after else misc + "|SpaceAfter=No"


class Conllu:
    """CoNLL-U with the IOB2 entity tag in MISC."""

    name = "conllu"
    description = "CoNLL-U: ten columns, # sent_id/# text, NER=IOB2 tag and TokenRange offsets in MISC"
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
        """Each unit as a `# newdoc`, each of its paragraphs as one CoNLL-U sentence."""
        for unit, blocks in tagged_units(articles, options, report):
            out = [f"# newdoc id = {unit.key}\n"]
            for n, block in enumerate(blocks, 1):
                out += [f"# sent_id = {unit.key}/{n}\n", f"# text = {block.text}\n"]
                out += [f"{i}\t{t.text}\t{NO_ANALYSIS}\t{_misc(t)}\n" for i, t in enumerate(block.tokens, 1)]
                out.append("\n")
            target.write("".join(out).encode("utf-8"))
