"""`spacy`: a `.spacy` DocBin for `spacy train`, one Doc per article side and annotator (needs the `spacy` extra).

Docs are built from the tokens of tokens.py with a blank multi-language vocab (`spacy.blank("xx")`: the Korean
pipeline `spacy.blank("ko")` needs mecab-ko, and no tokenizer runs here anyway). Every exported span is in
`doc.spans["sc"]` (the spancat default key; a label's layer is in the schema); `doc.ents` holds the IOB layer's
spans (`--layer`'s first, default the schema's first, `entity`) where they do not overlap (longest kept, the others
reported). `doc.user_data["tandem"]` holds the unit's metadata and its relations by span id (`Span.id_`).

A DocBin is serialised in one piece, so unlike the other formats its memory grows with the export (it stores
only ORTH and the entity columns to keep that small); its string table is written sorted so the bytes are stable
whatever the hash seed.
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
ATTRS = ["ORTH", "ENT_IOB", "ENT_TYPE", "ENT_ID"]  # what these Docs carry: words and entities (spaces apart)


def _docbin_class() -> type:
    """A DocBin whose `add` collects strings from the token array's unique values instead of nine property reads
    per token (spaCy's loop, most of the export's time), and whose `to_bytes` sorts its strings (older 3.x wrote
    a set in hash order) and compresses faster. The message is spaCy's own (3.x), so `DocBin().from_bytes` reads it."""
    import numpy
    import srsly
    from spacy.attrs import SPACY
    from spacy.tokens import DocBin

    packer = srsly.msgpack.Packer(use_bin_type=True, autoreset=True)  # one packer: srsly makes each in ~1 ms

    class FastDocBin(DocBin):
        def add(self, doc: Any) -> None:
            array = doc.to_array(self.attrs).reshape((len(doc), len(self.attrs)))
            self.tokens.append(array)
            self.spaces.append(numpy.asarray(doc.to_array(SPACY).reshape((len(doc), 1)), dtype=bool))
            self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
            strings = doc.vocab.strings
            self.strings.update(strings[int(h)] for h in numpy.unique(array) if int(h) in strings)
            self.cats.append(doc.cats)
            if self.store_user_data:
                self.user_data.append(packer.pack(doc.user_data))
            self.span_groups.append(doc.spans.to_bytes())
            for group in doc.spans.values():
                for span in group:
                    self.strings.update((span.label_, span.id_))

        def to_bytes(self) -> bytes:
            """spaCy's own message, compressed at zlib level 1: at 1M annotations level 6 alone takes ~8 s."""
            lengths = [len(tokens) for tokens in self.tokens]
            msg = {
                "version": self.version, "attrs": self.attrs,
                "tokens": (numpy.vstack(self.tokens) if self.tokens else numpy.asarray([])).tobytes("C"),
                "spaces": (numpy.vstack(self.spaces) if self.spaces else numpy.asarray([])).tobytes("C"),
                "lengths": numpy.asarray(lengths, dtype="int32").tobytes("C"), "strings": sorted(self.strings),
                "cats": self.cats, "flags": self.flags, "span_groups": self.span_groups,
            }  # fmt: skip
            if self.store_user_data:
                msg["user_data"] = self.user_data
            return zlib.compress(srsly.msgpack_dumps(msg), 1)

    return FastDocBin


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
        from spacy.tokens import Doc, Span

        vocab = spacy.blank("xx").vocab
        docbin = _docbin_class()(attrs=ATTRS, store_user_data=True)
        for unit in token_units(iter(articles), report):
            doc = Doc(vocab, words=unit.tokens.texts, spaces=unit.tokens.ws)
            spans = {
                s["id"]: Span(doc, first, last + 1, label=span_label(s), span_id=s["id"])
                for s, first, last in unit.aligned
            }
            doc.spans[SPAN_KEY] = list(spans.values())
            layer_spans = [s for s, _, _ in unit.aligned if s["layer"] == options.iob_layer]
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
        target.write(docbin.to_bytes())
