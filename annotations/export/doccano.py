"""`doccano`: doccano's JSONL import format, one line per article side and annotator.

Each line has `text`, `label` ([[start, end, "LABEL"], ...], the sequence-labeling import column) and `entities`
/ `relations` ({id, label, start_offset, end_offset} / {id, from_id, to_id, type}, the relation-extraction import
columns), so one file imports into either project type; doccano keeps the other keys (`article_id`, `side`,
`annotator`, ..., `links` to the other side) as metadata. Offsets are code points: doccano's server is Python and
slices the text as Python does (its old UTF-16 client offsets were fixed in doccano#99). Overlapping spans are
kept (doccano's relation projects allow them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

import orjson

from annotations.export.base import ExportOptions, ExportReport
from annotations.export.iteration import ExportArticle
from annotations.export.units import (
    binary_relations,
    cross_links,
    partition_relations,
    side_units,
    span_label,
    unit_meta,
)
from annotations.schema import Schema


class Doccano:
    """doccano JSONL."""

    name = "doccano"
    description = "doccano JSONL import: text + label (sequence labeling) + entities/relations"
    writes_folder = False

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: BinaryIO,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """One line per unit."""
        for article, side, view in side_units(iter(articles)):
            spans = view.spans[side]
            ids = {s["id"]: n for n, s in enumerate(spans, 1)}
            inside, across, _ = partition_relations(view, side, set(ids))
            relations = [
                {"id": n, "from_id": ids[head], "to_id": ids[child], "type": label}
                for n, (label, head, child) in enumerate((p for r in inside for p in binary_relations(r)), 1)
            ]
            line = {
                "text": article.text(side),
                "label": [[s["start"], s["end"], span_label(s)] for s in spans],
                "entities": [
                    {"id": ids[s["id"]], "label": span_label(s), "start_offset": s["start"], "end_offset": s["end"]}
                    for s in spans
                ],
                "relations": relations,
                **unit_meta(article, side, view),
                "links": cross_links(view, across, set(ids)),
            }
            target.write(orjson.dumps(line) + b"\n")
            report.documents += 1
            report.spans += len(spans)
            report.relations += len(inside) + sum(1 for r in across if r["head"] in ids)
