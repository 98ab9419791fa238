"""`jsonl`: Tandem's own lossless format, one article a line (see annotations/record.py for the line format).

`tandem load` reads it back. Filters cut each line down: spans, orphans and statuses of the selected annotators,
layers, labels and sides; relations whose ends were filtered out go too (a filtered-out cue is dropped from its
relation).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.iteration import ExportArticle
from tandem.annotations.record import record_line
from tandem.annotations.schema import Schema


class NativeJsonl:
    """The native JSON Lines format."""

    name = "jsonl"
    description = "Tandem's lossless JSON Lines (one article a line; `tandem load` reads it back)"
    writes_folder = False

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: BinaryIO,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """One sorted-key JSON object per article."""
        for article in articles:
            record = article.record
            target.write(record_line(record))
            report.documents += 1
            report.spans += sum(len(s["spans"]) + len(s.get("orphans", ())) for s in record["sides"].values())
            report.relations += len(record["relations"])
