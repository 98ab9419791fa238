"""Rich renderings for the batch commands (`tandem inspect`, `tandem list`): readable in any terminal, no Textual."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tandem.reader.app.widgets.rows import wrap
from tandem.reader.printable import printable
from tandem.reader.text.article import Article
from tandem.reader.text.library import Summary

_LANG_NAMES = {"ko": "한국어", "en": "English"}


class Wrapped:
    """Text wrapped as the reader wraps it, at spaces (인공위성 and 위원장이 stay whole; Rich would cut a Korean
    word to fit, with an ellipsis in a table cell), or shortened to one line at a space with "…" (`one_line`)."""

    def __init__(self, text: str, style: str = "", one_line: bool = False) -> None:
        self.text, self.style, self.one_line = text, style, one_line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = [self.text[line.start : line.end].rstrip() for line in wrap(self.text, 0, options.max_width)]
        if self.one_line and len(lines) > 1:
            shortened = wrap(self.text, 0, max(1, options.max_width - 2))[0]
            lines = [self.text[shortened.start : shortened.end].rstrip() + " …"]
        yield Text("\n".join(lines), style=self.style, no_wrap=True, overflow="crop")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(word) for word in self.text.split()), default=0)
        return Measurement(min(widest, options.max_width), min(cell_len(self.text), options.max_width))


def article_view(article: Article) -> RenderableType:
    """Metadata, then the aligned paragraphs side by side, one bead per row (non 1-1 beads marked)."""
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold cyan")
    meta.add_column()
    for label, value in (
        ("id", article.id),
        ("byline", article.byline),
        ("published", article.published),
        ("publisher", article.publisher),
        ("keywords", ", ".join(article.keywords)),
        ("layout", f"{article.layout} · {' + '.join(article.encodings)}"),
    ):
        if value:
            meta.add_row(label, Text(printable(value)))
    titles = [Wrapped(printable(t), style="bold") for t in article.title.values() if t] or [Text("(untitled)")]
    parts: list[RenderableType] = [Panel(Group(*titles, meta), box=box.ROUNDED)]

    langs = article.languages
    body = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=True)
    body.add_column("bead", justify="right", style="dim", no_wrap=True)
    for lang in langs:
        body.add_column(_LANG_NAMES[lang], ratio=1)
    for number, bead in enumerate(article.alignment, start=1):
        kind = f"{len(bead.ko)}-{len(bead.en)}"
        cells = [Group(*_between_blank_lines(Wrapped(article.paragraphs[lang][i]) for i in getattr(bead, lang)))
                 for lang in langs]  # fmt: skip
        label = Text(str(number)) if kind == "1-1" or len(langs) == 1 else Text(f"{number}\n{kind}", style="yellow")
        body.add_row(label, *cells)
    parts.append(body)

    if article.captions:
        parts.append(Text("captions: ", style="bold") + Text(" | ".join(article.captions), style="dim"))
    if article.dropped:
        dropped = Text(f"dropped as clutter ({len(article.dropped)}):", style="bold")
        parts.append(Group(dropped, *(Wrapped(f"  {line}", style="dim", one_line=True) for line in article.dropped)))
    for warning in article.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    return Group(*parts)


def _between_blank_lines(paragraphs: Iterable[RenderableType]) -> list[RenderableType]:
    """The paragraphs of one cell, a blank line between each two."""
    shown: list[RenderableType] = []
    for paragraph in paragraphs:
        shown += [Text(""), paragraph] if shown else [paragraph]
    return shown


def library_table(summaries: list[Summary], title: str, width: int) -> Table:
    """One row per article: id, title, date, publisher, languages and paragraph counts.

    Under 110 columns the publisher and the time of day give way, so the title stays readable at 80."""
    wide = width >= 110
    table = Table(title=title, box=box.SIMPLE_HEAD, expand=True)
    table.add_column("id", style="cyan", no_wrap=True, min_width=max((len(s.id) for s in summaries), default=2))
    table.add_column("title", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("published", no_wrap=True, min_width=16 if wide else 10)
    if wide:
        table.add_column("publisher", no_wrap=True, max_width=16, overflow="ellipsis")
    table.add_column("lang", no_wrap=True, min_width=5)
    table.add_column("¶ ko/en", justify="right", no_wrap=True, min_width=7)
    for s in summaries:
        cells: list[RenderableType] = [Text(printable(s.id))]
        if s.error:
            cells += [Text(s.error, style="red")]
        else:
            heading = s.title["ko"] or s.title["en"]
            cells += [Text(printable(heading)) if heading else Text("(untitled)", style="dim"),
                      (s.published or "")[: 16 if wide else 10]]
            cells += [Text(printable(s.publisher or ""))] if wide else []
            cells += ["+".join(s.languages), f"{s.paragraphs['ko']}/{s.paragraphs['en']}"]
        table.add_row(*cells)
    return table
