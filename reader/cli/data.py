"""`tandem export` and `tandem load`: datasets out of the store, and the native format back in.

The reading side's part of exporting is small: it turns the workspace's articles into the core's
`SourceDocument`s (text, metadata, and a segmenter built from the article's paragraph and sentence alignment for
the parallel format), shows progress, and prints the report. Everything else is `annotations.export`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from annotations.export import FORMATS, ExportFilter, ExportOptions, ExportReport, Segment, SourceDocument, run_export
from annotations.jsonl import load_jsonl
from annotations.model import DocumentText
from reader.cli.options import store_options
from reader.errors import InputError
from reader.text.article import Article
from reader.text.library import Library, load_article
from reader.workspace import Workspace, document, open_workspace

LARGE_EXPORT = 500  # articles: above this a progress bar shows even when stderr is not a terminal


def _range(article: Article, lang: str, pieces: list[tuple[int, int, int]]) -> tuple[int, int] | None:
    """The side-text range from the first to the last (paragraph, start, end) piece, or None when empty."""
    if not pieces:
        return None
    (p0, s0, _), (p1, _, e1) = pieces[0], pieces[-1]
    return article.paragraph_start(lang, p0) + s0, article.paragraph_start(lang, p1) + e1


def segments(article: Article, granularity: str) -> list[Segment]:
    """The article's aligned segments in side-text offsets: its titles, then paragraph or sentence beads."""
    result = []
    titles = {lang: article.title[lang] if lang in article.languages else None for lang in ("ko", "en")}
    if any(titles.values()):
        ko, en = (((0, len(t)) if t else None) for t in (titles["ko"], titles["en"]))
        result.append(Segment(ko, en, "title"))
    if granularity == "sentence":
        for bead in article.sentence_alignment:
            ko = _range(article, "ko", [(s.paragraph, s.start, s.end) for s in bead.ko])
            en = _range(article, "en", [(s.paragraph, s.start, s.end) for s in bead.en])
            result.append(Segment(ko, en, "sentence"))
    else:
        paragraphs = article.paragraphs
        for bead in article.alignment:
            ko = _range(article, "ko", [(i, 0, len(paragraphs["ko"][i])) for i in bead.ko])
            en = _range(article, "en", [(i, 0, len(paragraphs["en"][i])) for i in bead.en])
            result.append(Segment(ko, en, "paragraph"))
    return result


def export_sources(library: Library, unreadable: list[str]) -> Iterator[SourceDocument]:
    """Every readable article of `library` in id order, parsed one at a time; unreadable ones are listed."""
    for source in library.sources:
        try:
            article = load_article(source)
        except InputError as e:
            unreadable.append(str(e))
            continue
        yield SourceDocument(document(article), lambda granularity, a=article: segments(a, granularity))


def export_workspace(
    workspace: Workspace,
    format: str,
    out: Path,
    keep: ExportFilter,
    options: ExportOptions,
    progress: Callable[[int], None] | None = None,
) -> tuple[ExportReport, list[str]]:
    """Export a workspace (used by the command and the app): the report and the unreadable articles skipped."""
    unreadable: list[str] = []
    report = run_export(format, export_sources(workspace.library, unreadable), workspace.store, out, keep, options,
                        progress)  # fmt: skip
    return report, unreadable


def _progress_bar(total: int) -> Progress:
    console = Console(stderr=True)
    return Progress(
        TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console,
        disable=not (console.is_terminal or total > LARGE_EXPORT),
    )  # fmt: skip


@click.command("export")
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option("--format", "format_", required=True, metavar="FORMAT", help=f"One of: {', '.join(FORMATS)}.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="File (a folder for brat) to write.")
@click.option(
    "--by",
    "annotators",
    multiple=True,
    metavar="NAME",
    help="Whose annotations (repeatable): a name, `gold`, or `all` (default: all).",
)
@click.option("--layer", "layers", multiple=True, metavar="LAYER", help="Only this layer (repeatable).")
@click.option("--label", "labels", multiple=True, metavar="LABEL", help="Only this label (repeatable).")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    metavar="STATUS",
    help="Only annotators whose status on the article is this: new, in_progress, done (repeatable).",
)
@click.option("--side", "sides", multiple=True, metavar="SIDE", help="Only this side: ko or en (repeatable).")
@click.option("--skip-unannotated", is_flag=True, help="Leave out articles none of the selected annotators touched.")
@click.option(
    "--granularity",
    type=click.Choice(["paragraph", "sentence"]),
    default="paragraph",
    help="parallel: one line per paragraph bead or per sentence bead.",
)
@click.option("--char-iob", is_flag=True, help="conll: Korean one character per token (default: eojeol).")
@store_options
def export_cmd(
    workspace: Path,
    format_: str,
    out: Path,
    annotators: tuple[str, ...],
    layers: tuple[str, ...],
    labels: tuple[str, ...],
    statuses: tuple[str, ...],
    sides: tuple[str, ...],
    skip_unannotated: bool,
    granularity: str,
    char_iob: bool,
    store_dir: Path | None,
    annotator: str | None,
) -> None:
    """Export WORKSPACE's annotations as FORMAT to --out (atomically: a failed export leaves nothing there)."""
    keep = ExportFilter(annotators, layers, labels, statuses, sides, skip_unannotated)
    options = ExportOptions(granularity=granularity, char_iob=char_iob)  # type: ignore[arg-type]
    ws = open_workspace(workspace, store_dir, annotator)
    total = len(ws.library.sources)
    with _progress_bar(total) as bar:
        task = bar.add_task("export", total=total)
        report, unreadable = export_workspace(ws, format_, out, keep, options,
                                              lambda n: bar.update(task, completed=n))  # fmt: skip
    for line in report.summary_lines():
        click.echo(line)
    for problem in unreadable:
        click.echo(f"tandem: warning: skipped unreadable article: {problem}", err=True)


class _LazyDocuments(Mapping[str, DocumentText]):
    """The workspace's articles by id, parsed only when a loaded line asks for one (memory stays flat)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.ids = [s.id for s in library.sources]

    def __getitem__(self, article_id: str) -> DocumentText:
        try:
            return document(self.library.article(article_id))
        except InputError:
            raise KeyError(article_id) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


@click.command("load")
@click.argument("workspace", type=click.Path(path_type=Path))
@click.argument("file", type=click.Path(path_type=Path))
@store_options
def load_cmd(workspace: Path, file: Path, store_dir: Path | None, annotator: str | None) -> None:
    """Load FILE (Tandem's native JSONL export) into WORKSPACE's store; prints what was loaded and skipped."""
    ws = open_workspace(workspace, store_dir, annotator)
    report = load_jsonl(file, ws.store, _LazyDocuments(ws.library))
    click.echo(f"loaded {report.articles} articles: {report.spans} spans, {report.relations} relations, "
               f"{report.statuses} statuses; {len(report.skipped)} skipped")  # fmt: skip
    for reason in report.skipped:
        click.echo(f"  skipped: {reason}")
    sys.stdout.flush()
