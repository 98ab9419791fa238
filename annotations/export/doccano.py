"""`doccano`: doccano's JSONL import format, one line per article side (one example per text, whoever annotated it).

Each line has `text`, `label` ([[start, end, "LABEL"], ...], the sequence-labeling import column) and `entities`
/ `relations` ({id, label, start_offset, end_offset} / {id, from_id, to_id, type}, the relation-extraction import
columns), so one file imports into either project type. These hold the selected annotators' spans together, a
span two annotators tagged alike (same offsets and label) once: `--by NAME` gives one annotator's work, several
give their union to review. doccano keeps the other keys as metadata: `article_id`, `side`, ..., `annotators`
(who has spans here, and their status), `by` ({annotator: [entity id, ...]}: who tagged what) and `links` to the
other side. Offsets are code points: doccano's server is Python and slices the text as Python does (its old
UTF-16 client offsets were fixed in doccano#99). Overlapping spans are kept (doccano's relation projects allow
them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

import orjson

from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.iteration import ExportArticle
from tandem.annotations.export.units import binary_relations, cross_links, partition_relations, span_label, unit_meta
from tandem.annotations.schema import Schema


class Doccano:
    """doccano JSONL."""

    name = "doccano"
    description = "doccano JSONL import: one example per text, label (sequence labeling) + entities/relations"
    writes_folder = False

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: BinaryIO,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """One line per article side."""
        for article in articles:
            for side in article.sides:
                target.write(orjson.dumps(self._line(article, side, report)) + b"\n")
                report.documents += 1

    def _line(self, article: ExportArticle, side: str, report: ExportReport) -> dict[str, Any]:
        entities: dict[tuple[int, int, str], int] = {}  # (start, end, label) -> entity id
        relations: dict[tuple[int, int, str], int] = {}
        by: dict[str, list[int]] = {}
        links: list[dict[str, Any]] = []
        views = [v for v in article.annotators if v.spans[side]]
        for view in views:
            spans = view.spans[side]
            ids = {s["id"]: entities.setdefault((s["start"], s["end"], span_label(s)), len(entities) + 1)
                   for s in spans}  # fmt: skip
            by[view.annotator or ""] = sorted(set(ids.values()))
            inside, across, _ = partition_relations(view, side, set(ids))
            for label, head, child in (p for r in inside for p in binary_relations(r)):
                relations.setdefault((ids[head], ids[child], label), len(relations) + 1)
            links += [dict(link, annotator=view.annotator, span_id=ids[link["span_id"]])
                      for link in cross_links(view, across, set(ids))]  # fmt: skip
            report.spans += len(spans)
            report.relations += len(inside) + sum(1 for r in across if r["head"] in ids)
        meta = unit_meta(article, side, article.annotators[0])
        del meta["annotator"], meta["status"]
        return {
            "text": article.text(side),
            "label": [[start, end, label] for start, end, label in entities],
            "entities": [
                {"id": n, "label": label, "start_offset": start, "end_offset": end}
                for (start, end, label), n in entities.items()
            ],
            "relations": [
                {"id": n, "from_id": head, "to_id": child, "type": label}
                for (head, child, label), n in relations.items()
            ],
            **meta,
            "annotators": {v.annotator: v.status for v in views},
            "by": by,
            "links": links,
        }
