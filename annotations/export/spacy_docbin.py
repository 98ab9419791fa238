"""`spacy`: a `.spacy` DocBin for `spacy train`, one Doc per article side and annotator (needs the `spacy` extra).

Docs hold the tokens of tokens.py, with the string ids of a blank multi-language vocab (`spacy.blank("xx")`: the
Korean pipeline `spacy.blank("ko")` needs mecab-ko, and no tokenizer runs here anyway). Every exported span is in
`doc.spans["sc"]` (the spancat default key; a label's layer is in the schema); `doc.ents` holds the IOB layer's
spans (`--layer`'s first, default the schema's first, `entity`) where they do not overlap (longest kept, the others
reported). `doc.user_data["tandem"]` holds the unit's metadata and its relations by span id (`Span.id_`).

The file is written column by column without building Docs (see docbin.py), so memory stays flat, and in an
order that does not depend on the hash seed, so the bytes are stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

from tandem.annotations.errors import ExportError
from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.docbin import DocBinWriter, DocSpan
from tandem.annotations.export.iteration import ExportArticle
from tandem.annotations.export.units import (
    LOST_RELATIONS,
    OVERLAPPING,
    cross_links,
    non_overlapping,
    span_label,
    token_units,
    unit_meta,
    where,
)
from tandem.annotations.schema import Schema


class SpacyDocBin:
    """spaCy's binary training format."""

    name = "spacy"
    description = "spaCy DocBin (.spacy): doc.ents (one layer, no overlaps) and doc.spans (everything)"
    writes_folder = False
    token_level = True  # one tokenization per text, cut at everyone's span edges (units.py)

    def check_available(self) -> None:
        """Fail before writing anything when spaCy is missing."""
        try:
            import spacy  # noqa: F401
        except ImportError:
            raise ExportError("the spacy format needs spaCy: pip install 'tandem-news-reader[spacy]'") from None

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: BinaryIO,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """Every unit as one Doc's columns, then the DocBin."""
        with DocBinWriter() as docbin:
            for unit in token_units(iter(articles), report):
                starts, ends = unit.tokens.starts, unit.tokens.ends
                spans = {
                    s["id"]: DocSpan(first, last + 1, starts[first], ends[last], span_label(s), s["id"])
                    for s, first, last in unit.aligned
                }
                layer_spans = [s for s, _, _ in unit.aligned if s["layer"] == options.iob_layer]
                kept, dropped = non_overlapping(layer_spans)
                for s in dropped:
                    report.problem(OVERLAPPING, where(unit.article, unit.side, s))
                inside, across, lost = unit.relations()
                for r in lost:
                    report.problem(LOST_RELATIONS, f"{unit.key} {r['type']} {r['id']}")
                relations: list[dict[str, Any]] = [
                    {"type": r["type"], "head": r["head"], "child": r["child"], "cue": r.get("cue")} for r in inside
                ]
                user_data = {"tandem": {
                    "meta": unit_meta(unit.article, unit.side, unit.view),
                    "relations": relations,
                    "links": cross_links(unit.view, across, set(spans)),
                }}  # fmt: skip
                ents = [spans[s["id"]] for s in kept]
                docbin.add(unit.tokens.texts, unit.tokens.ws, ents, list(spans.values()), user_data)
                report.documents += 1
                report.spans += len(spans)
                report.relations += len(inside) + sum(1 for r in across if r["head"] in spans)
            docbin.write(target)
