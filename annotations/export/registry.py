"""The formats by name, and `run_export`, the single entry point the CLI and the app call.

`run_export` checks everything it can before writing (format name, filter values, optional libraries), streams
the filtered articles through the format into a temp file or folder, and moves it to `out` only when complete.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from tandem.annotations.errors import ExportError
from tandem.annotations.export.base import Exporter, ExportOptions, ExportReport, Progress
from tandem.annotations.export.brat import BratStandoff
from tandem.annotations.export.conll import Conll
from tandem.annotations.export.conllu import Conllu
from tandem.annotations.export.csv_rows import CsvRows
from tandem.annotations.export.doccano import Doccano
from tandem.annotations.export.filters import ExportFilter
from tandem.annotations.export.iteration import ExportArticle, SourceDocument, iter_articles
from tandem.annotations.export.labelstudio import LabelStudio
from tandem.annotations.export.native import NativeJsonl
from tandem.annotations.export.output import atomic_folder, check_file_destination, check_parent, file_writer
from tandem.annotations.export.parallel import Parallel
from tandem.annotations.export.spacy_docbin import SpacyDocBin
from tandem.annotations.export.spans import SpansJsonl
from tandem.annotations.export.w3c import WebAnnotation
from tandem.annotations.schema import Schema
from tandem.annotations.store import Store

DEFAULT_IOB_LAYER = "entity"

FORMATS: dict[str, Exporter] = {
    e.name: e
    for e in (
        NativeJsonl(), SpansJsonl(), SpacyDocBin(), BratStandoff(), Conll(), Conllu(), Doccano(), LabelStudio(),
        WebAnnotation(), Parallel(), CsvRows(),
    )
}  # fmt: skip


def get_format(name: str) -> Exporter:
    """The exporter called `name`; ExportError listing the formats otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ExportError(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}") from None


def iob_layer(schema: Schema | None, keep: ExportFilter) -> str:
    """The layer IOB tags and spaCy's doc.ents hold: the first selected layer in schema order, else the first."""
    layers = list(schema.layers) if schema is not None else [DEFAULT_IOB_LAYER]
    chosen = [layer for layer in layers if layer in keep.layers] or list(keep.layers) or layers
    return chosen[0]


def _watched(sources: Iterable[SourceDocument], progress: Progress | None) -> Iterator[SourceDocument]:
    for n, source in enumerate(sources, 1):
        yield source
        if progress is not None:
            progress(n)


def _counted(articles: Iterator[ExportArticle], report: ExportReport) -> Iterator[ExportArticle]:
    for article in articles:
        report.articles += 1
        report.orphans += sum(len(c.get("orphans", ())) for c in article.record["sides"].values())
        yield article


def _write_companions(exporter: Exporter, schema: Schema | None, out: Path | None, report: ExportReport) -> None:
    """Files a format's consumer needs beside the export (Label Studio's labeling config), written atomically."""
    companions = getattr(exporter, "companions", None)
    if companions is None:
        return
    for name, data in companions(schema).items():
        if out is None:
            report.note(f"{name} not written (the export went to standard output; give --out a file for it)")
            continue
        path = out.with_name(name)
        check_file_destination(path)
        with file_writer(path) as f:
            f.write(data)
        report.note(f"wrote {path}")


def run_export(
    format: str,
    sources: Iterable[SourceDocument],
    store: Store,
    out: Path | BinaryIO,
    keep: ExportFilter | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> ExportReport:
    """Export the annotations `keep` selects from the articles `sources` to `out` in `format`, atomically.

    `out` is a path, or an open binary stream (standard output) for the formats that write one file; a stream is
    written as the export goes, so a failure there leaves a partial output. `progress` is called with the number
    of sources consumed so far (filtered-out articles count too)."""
    exporter = get_format(format)
    keep = keep or ExportFilter()
    options = options or ExportOptions()
    keep.check(store.schema)
    if options.iob_layer is None:
        options = replace(options, iob_layer=iob_layer(store.schema, keep))
    keep.resolve_annotators(store)
    check = getattr(exporter, "check_available", None)
    if check is not None:
        check()
    stream = None if isinstance(out, (str, Path)) else out
    path = None if stream is not None else Path(out)  # type: ignore[arg-type]
    if stream is not None and exporter.writes_folder:
        raise ExportError(f"the {format} format writes a folder, not one file: give --out a folder, not -")
    if path is not None:
        check_parent(path)
    report = ExportReport(format=format, out=path)
    every_edge = getattr(exporter, "token_level", False)
    articles = _counted(iter_articles(_watched(sources, progress), store, keep, every_edge), report)
    try:
        if stream is not None:
            with contextlib.closing(articles):
                exporter.write(articles, stream, store.schema, options, report)
            stream.flush()
        elif exporter.writes_folder:
            with atomic_folder(path, getattr(exporter, "is_export", lambda p: False)) as folder:
                exporter.write(articles, folder, store.schema, options, report)
        else:
            check_file_destination(path)
            with file_writer(path) as f, contextlib.closing(articles):
                exporter.write(articles, f, store.schema, options, report)
    except OSError as e:  # disk full, a read-only folder: the previous export, if any, is still there
        raise ExportError(f"cannot write: {e.strerror or e}", path) from e
    _write_companions(exporter, store.schema, path, report)
    return report
