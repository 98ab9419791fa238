"""`spacy`: a `.spacy` DocBin for `spacy train`, one Doc per article side and annotator (needs the `spacy` extra).

Docs are built from the tokens of tokens.py with a blank multi-language vocab (`spacy.blank("xx")`: the Korean
pipeline `spacy.blank("ko")` needs mecab-ko, and no tokenizer runs here anyway). Every exported span is in
`doc.spans["sc"]` (the spancat default key) and in `doc.spans[<layer>]`; `doc.ents` holds the IOB layer's spans
(`--layer`'s first, default the schema's first, `entity`) where they do not overlap (longest kept, the others
reported). `doc.user_data["tandem"]` holds the unit's metadata and its relations by span id (`Span.id_`).

A DocBin is serialised in one piece, so unlike the other formats its memory grows with the export; its string
table is written sorted (spaCy writes a Python set, whose order changes between runs) so the bytes are stable.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any, BinaryIO

from annotations.export.base import ExportError, ExportOptions, ExportReport
from annotations.export.iteration import ArticleView
from annotations.export.units import (
    LOST_RELATIONS,
    OVERLAPPING,
    cross_links,
    non_overlapping,
    span_label,
    token_units,
    unit_meta,
    where,
)
from annotations.schema import Schema

SPAN_KEY = "sc"


class SpacyDocBin:
    """spaCy's binary training format."""

    name = "spacy"
    description = "spaCy DocBin (.spacy): doc.ents (one layer, no overlaps) and doc.spans (everything)"
    writes_folder = False

    def check_available(self) -> None:
        """Fail before writing anything when spaCy is missing."""
        try:
            import spacy  # noqa: F401
        except ImportError:
            raise ExportError("the spacy format needs spaCy: pip install 'tandem[spacy]'") from None

    def write(
        self,
        articles: Iterable[ArticleView],
        target: BinaryIO,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """Build every Doc, then write the DocBin with a sorted string table."""
        import spacy
        import srsly
        from spacy.tokens import Doc, DocBin, Span

        vocab = spacy.blank("xx").vocab
        docbin = DocBin(store_user_data=True)
        for unit in token_units(iter(articles), report):
            doc = Doc(vocab, words=[t.text for t in unit.tokens], spaces=[t.ws for t in unit.tokens])
            spans = {
                s["id"]: Span(doc, a.token_start, a.token_end + 1, label=span_label(s), span_id=s["id"])
                for s, a in unit.aligned
            }
            doc.spans[SPAN_KEY] = list(spans.values())
            by_layer: dict[str, list[Any]] = {}
            for s, _ in unit.aligned:
                by_layer.setdefault(s["layer"], []).append(spans[s["id"]])
            for layer, group in by_layer.items():
                doc.spans[layer] = group
            layer_spans = [s for s, _ in unit.aligned if s["layer"] == options.iob_layer]
            kept, dropped = non_overlapping(layer_spans)
            for s in dropped:
                report.problem(OVERLAPPING, where(unit.article, unit.side, s))
            doc.ents = [spans[s["id"]] for s in kept]
            inside, across, lost = unit.relations()
            for r in lost:
                report.problem(LOST_RELATIONS, f"{unit.key} {r['type']} {r['id']}")
            relations: list[dict[str, Any]] = [
                {"type": r["type"], "head": r["head"], "child": r["child"], "cue": r.get("cue")} for r in inside
            ]
            doc.user_data["tandem"] = {
                "meta": unit_meta(unit.article, unit.side, unit.view),
                "relations": relations,
                "links": cross_links(unit.view, across, set(spans)),
            }
            docbin.add(doc)
            report.documents += 1
            report.spans += len(spans)
            report.relations += len(inside) + sum(1 for r in across if r["head"] in spans)
        msg = srsly.msgpack_loads(zlib.decompress(docbin.to_bytes()))
        msg["strings"] = sorted(msg["strings"])
        target.write(zlib.compress(srsly.msgpack_dumps(msg)))
