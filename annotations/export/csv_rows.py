"""`csv`: one row per span, for a spreadsheet.

Columns: article_id, side, annotator, status, span_id, layer, label, start, end, text, attrs (JSON), note,
relations (this span's outgoing relations as "type→child_id", `;`-separated), created, updated. UTF-8 with a
byte-order mark, because Excel reads a CSV without one in the locale's code page and garbles Korean; pandas
(`encoding="utf-8-sig"`) and LibreOffice accept it. RFC 4180 quoting and CRLF row ends (Python's csv module);
line breaks inside a span's text stay inside its quoted cell. A cell that a spreadsheet would run as a formula
(one starting with `=`, `+`, `-`, `@`, a tab or a carriage return: a label or note from a shared store can hold
`=HYPERLINK(...)`) gets a leading `'`, as OWASP recommends against CSV injection; strip it to get the text back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

import orjson

from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.iteration import ExportArticle
from tandem.annotations.schema import Schema

COLUMNS = ("article_id", "side", "annotator", "status", "span_id", "layer", "label", "start", "end", "text",
           "attrs", "note", "relations", "created", "updated")  # fmt: skip


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A cell a spreadsheet shows as text, never evaluates (OWASP CSV injection)."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _json(value: object) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


class CsvRows:
    """Spreadsheet rows."""

    name = "csv"
    description = "CSV, one row per span (UTF-8 with BOM for Excel)"
    writes_folder = False

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: BinaryIO,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """Header, then rows article by article."""
        text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="", write_through=True)
        try:
            rows = csv.writer(text)
            rows.writerow(COLUMNS)
            for article in articles:
                for view in article.annotators:
                    outgoing: dict[str, list[str]] = {}
                    for r in view.relations:
                        outgoing.setdefault(r["head"], []).append(f"{r['type']}→{r['child']}")
                        if r.get("cue"):
                            outgoing[r["head"]].append(f"{r['type']}_cue→{r['cue']}")
                    report.relations += len(view.relations)
                    for side in article.sides:
                        for s in view.spans[side]:
                            rows.writerow(_cell(value) for value in (
                                article.doc.id, side, view.annotator, view.status, s["id"], s["layer"], s["label"],
                                s["start"], s["end"], s["text"], _json(s["attrs"]),
                                s["note"], ";".join(outgoing.get(s["id"], [])), s["created"], s["updated"],
                            ))  # fmt: skip
                            report.spans += 1
                report.documents += 1
        finally:
            text.detach()
