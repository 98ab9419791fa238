"""`tandem export` and `tandem load`: datasets out of the store, and the native format back in.

The reading side's part of exporting is small: it turns the workspace's articles into the core's
`SourceDocument`s (text, metadata, and a segmenter built from the article's paragraph and sentence alignment for
the parallel format), shows progress, and prints the report. Everything else is `annotations.export`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from tandem.annotations.errors import StoreError
from tandem.annotations.export import FORMATS, ExportFilter, ExportOptions
from tandem.annotations.load import LoadOptions, load_jsonl
from tandem.reader.cli.options import store_options
from tandem.reader.printable import printable
from tandem.reader.workspace import Workspace, export_workspace, open_workspace

SKIPS_SHOWN = 3  # places named for each reason a load skipped something
LARGE_EXPORT = 500  # articles: above this a progress bar shows even when stderr is not a terminal


def _progress_bar(total: int) -> Progress:
    console = Console(stderr=True)
    return Progress(
        TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console,
        disable=not (console.is_terminal or total > LARGE_EXPORT),
    )  # fmt: skip


@click.command("export")
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option("--format", "format_", required=True, metavar="FORMAT", help=f"One of: {', '.join(FORMATS)}.")
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="File (a folder for brat) to write; - for standard output (one-file formats).")
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
@click.option("--email-domain", metavar="DOMAIN",
              help="labelstudio: credit each annotation to NAME@DOMAIN, a member of the Label Studio organisation.")
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
    email_domain: str | None,
    store_dir: Path | None,
    annotator: str | None,
) -> None:
    """Export WORKSPACE's annotations as FORMAT to --out (atomically: a failed export leaves nothing there)."""
    keep = ExportFilter(annotators, layers, labels, statuses, sides, skip_unannotated)
    options = ExportOptions(granularity=granularity, char_iob=char_iob, email_domain=email_domain)  # type: ignore[arg-type]
    ws = open_workspace(workspace, store_dir, annotator)
    total = len(ws.library.sources)
    to_stdout = str(out) == "-"
    with _progress_bar(total) as bar:
        task = bar.add_task("export", total=total)
        report, unreadable = export_workspace(ws, format_, sys.stdout.buffer if to_stdout else out, keep, options,
                                              lambda n: bar.update(task, completed=n))  # fmt: skip
    for line in report.summary_lines():
        click.echo(printable(line), err=to_stdout)  # with --out -, standard output holds the export alone
    for problem in unreadable:
        click.echo(f"tandem: warning: skipped unreadable article: {printable(problem)}", err=True)


@click.command("load")
@click.argument("workspace", type=click.Path(path_type=Path))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--as-suggestions", is_flag=True,
              help="Load the spans and relations as pending suggestions for the annotator, to accept or reject.")
@click.option("--gold", is_flag=True, help="Also load the adjudicated `gold` layer (left out unless asked).")
@store_options
def load_cmd(workspace: Path, file: Path, as_suggestions: bool, gold: bool, store_dir: Path | None,
             annotator: str | None) -> None:  # fmt: skip
    """Load FILE (Tandem's native JSONL export, or spans of another tool) into WORKSPACE's store.

    Annotations keep the annotator the file names (those naming nobody become yours); with --annotator every one
    is loaded as that annotator."""
    ws = open_workspace(workspace, store_dir, annotator)
    if as_suggestions:
        _load_suggestions(ws, file)
        return
    options = LoadOptions(annotator=ws.annotator, as_annotator=annotator, gold=gold, schema=ws.schema)
    report = load_jsonl(file, ws.store, ws.documents(), options=options)
    click.echo(f"loaded {report.articles} articles: {report.spans} spans, {report.relations} relations, "
               f"{report.statuses} statuses; {len(report.skipped)} skipped")  # fmt: skip
    skipped = [f"skipped {len(places)}: {reason} ({'; '.join(places[:SKIPS_SHOWN])}"
               f"{'; …' * (len(places) > SKIPS_SHOWN)})" for reason, places in report.skipped_by_reason().items()]
    sys.stdout.flush()
    if report.skipped and not report.loaded():
        raise StoreError("nothing could be loaded; " + "; ".join(skipped), file)
    for line in skipped:
        click.echo(f"tandem: {printable(line)}", err=True)


def _load_suggestions(ws: Workspace, file: Path) -> None:
    from tandem.annotations.suggest.sources.imported import from_file

    found, skipped = from_file(file, ws.documents())
    for article_id, suggestions in found.items():
        doc = ws.text_of(article_id)
        if doc is not None and suggestions:
            with ws.store.session(doc, ws.annotator) as session:
                session.add_pending([(s.key, s.to_json(article_id)) for s in suggestions])
    click.echo(f"loaded {sum(map(len, found.values()))} suggestions into {len(found)} articles for {ws.annotator}; "
               f"{len(skipped)} skipped")
    for reason in skipped:
        click.echo(f"  skipped: {reason}")
