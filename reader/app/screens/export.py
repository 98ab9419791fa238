"""The "Export…" dialog: format, filters and destination, then a progress bar and where the export went.

The export runs in a worker thread (`annotations.export` is plain Python and may take seconds on a large store),
reporting progress back through `call_from_thread`, so the interface never blocks. The command palette opens it
as `ExportScreen(workspace)`; it dismisses with the path written, or None when closed without exporting.

In a browser (`tandem serve`) the server's disk is not the user's: the export is written to a temporary folder and
offered to the browser as downloads (`App.deliver_binary`), a folder format (brat) as one zip, with any file the
format writes beside it (Label Studio's labeling_config.xml).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from tandem.annotations.errors import AnnotationError
from tandem.annotations.export import FORMATS, ExportFilter, ExportOptions, ExportReport
from tandem.reader.errors import InputError
from tandem.reader.workspace import Workspace, export_workspace

SUGGESTED_NAMES = {
    "jsonl": "tandem.jsonl", "spans": "tandem.spans.jsonl", "spacy": "tandem.spacy", "brat": "tandem-brat",
    "conll": "tandem.conll", "conllu": "tandem.conllu", "doccano": "tandem.doccano.jsonl",
    "labelstudio": "tandem.labelstudio.json", "w3c": "tandem.w3c.jsonld", "parallel": "tandem.parallel.jsonl",
    "csv": "tandem.csv",
}  # fmt: skip
EXPORT_FOLDER = "exports"


def _names(value: str) -> tuple[str, ...]:
    """`alice, gold` → ("alice", "gold")."""
    return tuple(part.strip() for part in value.replace(",", " ").split() if part.strip())


class ExportScreen(ModalScreen[Path | None]):
    """Export the workspace's annotations without leaving the app."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > #export { width: 90; height: auto; max-height: 95%; border: round $accent; padding: 0 1;
                             background: $surface; }
    ExportScreen .row { height: auto; }
    ExportScreen .row > Label { width: 14; padding: 1 1 0 0; }
    ExportScreen .row > Input, ExportScreen .row > Select { width: 1fr; }
    ExportScreen #export-result { height: auto; padding: 1 0 0 0; }
    ExportScreen #export-buttons { height: auto; align: right middle; }
    """
    BINDINGS = [Binding("escape", "close", "Close", id="export.close")]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.written: Path | None = None

    def _default_out(self, fmt: str) -> str:
        return str(self.workspace.root / EXPORT_FOLDER / SUGGESTED_NAMES.get(fmt, f"tandem.{fmt}"))

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static("[b]Export annotations[/b]  (esc closes)")
            with Horizontal(classes="row"):
                yield Label("Format")
                options = [(f"{name} — {e.description}", name) for name, e in FORMATS.items()]
                yield Select(options, value="jsonl", allow_blank=False, id="export-format")
            with Horizontal(classes="row"):
                yield Label("Write to")
                yield Input(self._default_out("jsonl"), id="export-out")
            with Horizontal(classes="row"):
                yield Label("Annotators")
                yield Input(placeholder="all (or: alice bob, gold)", id="export-by")
            with Horizontal(classes="row"):
                yield Label("Layers")
                yield Input(placeholder="all (or: entity claim source)", id="export-layers")
            with Horizontal(classes="row"):
                yield Label("Labels")
                yield Input(placeholder="all (or: PERSON ORG)", id="export-labels")
            with Horizontal(classes="row"):
                yield Label("Status")
                yield Select([("any", ""), ("done", "done"), ("in progress", "in_progress"), ("new", "new")],
                             value="", allow_blank=False, id="export-status")  # fmt: skip
            with Horizontal(classes="row"):
                yield Label("Side")
                yield Select([("both", ""), ("Korean", "ko"), ("English", "en")], value="", allow_blank=False,
                             id="export-side")  # fmt: skip
            with Horizontal(classes="row"):
                yield Checkbox("Skip unannotated articles", id="export-skip")
                yield Checkbox("Sentence beads (parallel)", id="export-sentences")
                yield Checkbox("Korean char IOB (conll)", id="export-char-iob")
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static("", id="export-result")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Close", id="export-close")

    def on_mount(self) -> None:
        self.query_one("#export-format", Select).focus()

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        out = self.query_one("#export-out", Input)
        if any(out.value == self._default_out(name) for name in FORMATS):  # untouched by the user: follow
            out.value = self._default_out(str(event.value))

    def _request(self) -> tuple[str, Path, ExportFilter, ExportOptions]:
        status = str(self.query_one("#export-status", Select).value or "")
        side = str(self.query_one("#export-side", Select).value or "")
        keep = ExportFilter(
            annotators=_names(self.query_one("#export-by", Input).value),
            layers=_names(self.query_one("#export-layers", Input).value),
            labels=_names(self.query_one("#export-labels", Input).value),
            statuses=(status,) if status else (),
            sides=(side,) if side else (),
            skip_unannotated=self.query_one("#export-skip", Checkbox).value,
        )
        options = ExportOptions(
            granularity="sentence" if self.query_one("#export-sentences", Checkbox).value else "paragraph",
            char_iob=self.query_one("#export-char-iob", Checkbox).value,
        )
        fmt = str(self.query_one("#export-format", Select).value)
        return fmt, Path(self.query_one("#export-out", Input).value).expanduser(), keep, options

    @on(Button.Pressed, "#export-go")
    def action_export(self) -> None:
        """Start the export in a worker thread."""
        fmt, out, keep, options = self._request()
        self.query_one("#export-go", Button).disabled = True
        self.query_one("#export-progress", ProgressBar).update(total=len(self.workspace.library.sources), progress=0)
        self.query_one("#export-result", Static).update(f"Exporting {fmt} to {out} …")
        self._run(fmt, out, keep, options)

    @work(thread=True, exclusive=True, group="export")
    def _run(self, fmt: str, out: Path, keep: ExportFilter, options: ExportOptions) -> None:
        staging = Path(tempfile.mkdtemp(prefix="tandem-export-")) if self.app.is_web else None
        try:
            target = out if staging is None else staging / out.name
            target.parent.mkdir(parents=True, exist_ok=True)
            report, unreadable = export_workspace(self.workspace, fmt, target, keep, options,
                                                  lambda n: self.app.call_from_thread(self._advance, n))  # fmt: skip
            downloads = None if staging is None else _downloads(staging, target)
        except (AnnotationError, InputError, OSError) as e:
            self.app.call_from_thread(self._failed, str(e))
            return
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)  # the downloads are open: their data stays readable
        self.app.call_from_thread(self._finished, report, unreadable, downloads)

    def _advance(self, done: int) -> None:
        self.query_one("#export-progress", ProgressBar).update(progress=done)

    def _failed(self, message: str) -> None:
        self.query_one("#export-result", Static).update(Text.assemble(("Export failed: ", "bold red"), message))
        self.query_one("#export-go", Button).disabled = False

    def _finished(
        self, report: ExportReport, unreadable: list[str], downloads: list[tuple[BinaryIO, str]] | None = None
    ) -> None:
        self.written = report.out if downloads is None else None
        for file, name in downloads or ():
            self.app.deliver_binary(file, save_filename=name)
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(progress=bar.total or 0)
        summary = [
            f"{report.articles} articles, {report.documents} documents, {report.spans} spans, "
            f"{report.relations} relations",
            *report.summary_lines()[1:],
            *(f"skipped unreadable: {u}" for u in unreadable),
        ]
        where = str(report.out) if downloads is None else ", ".join(name for _, name in downloads)
        done = "Wrote " if downloads is None else "Sent to the browser: "
        if downloads is not None:  # the staging paths in the notes mean nothing to the browser's user
            summary = [line for line in summary if "note: wrote " not in line]
        text = Text.assemble((done, "bold green"), where, "\n", "\n".join(s[:300] for s in summary))
        self.query_one("#export-result", Static).update(text)
        self.query_one("#export-go", Button).disabled = False

    @on(Button.Pressed, "#export-close")
    def action_close(self) -> None:
        """Close, returning the last path written (None if nothing was)."""
        self.dismiss(self.written)


def _downloads(staging: Path, target: Path) -> list[tuple[BinaryIO, str]]:
    """Everything an export left in `staging`, opened for the browser: a folder as one zip, files as they are."""
    if target.is_dir():
        shutil.make_archive(str(target), "zip", target)
        shutil.rmtree(target)
    files = sorted(staging.iterdir(), key=lambda p: (not p.name.startswith(target.name), p.name))  # the export first
    return [(path.open("rb"), path.name) for path in files]
