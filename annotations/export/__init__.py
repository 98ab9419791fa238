"""Export annotations to the formats their consumers open: `run_export(format, sources, store, out, ...)`.

One module per format; `filters` (what to include), `iteration` (the shared streaming loop), `tokens`/`units`
(token-level documents) and `output` (atomic files and folders) are shared. Plain Python: no textual, no reader.
"""

from tandem.annotations.errors import ExportError
from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.filters import ALL, ExportFilter
from tandem.annotations.export.iteration import Segment, SourceDocument
from tandem.annotations.export.registry import FORMATS, get_format, run_export
from tandem.annotations.model import GOLD

__all__ = [
    "ALL", "FORMATS", "GOLD", "ExportError", "ExportFilter", "ExportOptions", "ExportReport", "Segment",
    "SourceDocument", "get_format", "run_export",
]  # fmt: skip
