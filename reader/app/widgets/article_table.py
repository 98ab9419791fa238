"""The library's article list: a Line-API table that draws only the rows on screen.

A DataTable rebuilds every row on each filter keystroke (2.5 s at 10,000 articles); this one takes a new list of
rows and redraws one screen of them, so filtering stays instant however large the workspace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tandem.reader.printable import printable


@dataclass(frozen=True)
class Column:
    """A column: its heading, its width in cells (0: takes what is left) and alignment."""

    heading: str
    width: int
    justify: str = "left"


class ArticleTable(ScrollView, can_focus=True):
    """Rows of cells with a cursor row; Enter posts `Selected`."""

    COMPONENT_CLASSES = {"article-table--header", "article-table--cursor", "article-table--error"}

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="library.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="library.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="library.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="library.page_down"),
        Binding("home,g", "edge(-1)", "First", show=False, id="library.first"),
        Binding("end,G", "edge(1)", "Last", show=False, id="library.last"),
        Binding("enter", "select", "Open", id="library.open"),
    ]

    class Selected(Message):
        """The user chose the row at `index`."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = list(columns)
        self.rows: list[tuple[str, ...]] = []
        self.errors: set[int] = set()
        self.cursor = 0

    def set_rows(self, rows: list[tuple[str, ...]], errors: set[int] | None = None) -> None:
        """Show these rows (cells as strings); rows in `errors` are drawn as errors."""
        self.rows = rows
        self.errors = errors or set()
        self.cursor = min(self.cursor, max(len(rows) - 1, 0))
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self._show_cursor()
        self.refresh()

    def _widths(self) -> list[int]:
        width = self.scrollable_content_region.width or 80
        fixed = sum(c.width + 1 for c in self.columns if c.width)
        flexible = max(8, width - fixed - 2)  # the leading space and the flexible column's own separator
        return [c.width or flexible for c in self.columns]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            cells = [c.heading for c in self.columns]
            style = self.get_component_rich_style("article-table--header")
        else:
            index = self.scroll_offset.y + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, self.rich_style)
            cells = list(self.rows[index])
            style = self.rich_style
            if index in self.errors:
                style += self.get_component_rich_style("article-table--error")
            if index == self.cursor:
                style += self.get_component_rich_style("article-table--cursor")
        return Strip(self._cells(cells, style), width).adjust_cell_length(width, style)

    def _cells(self, cells: list[str], style: Style) -> list[Segment]:
        segments = [Segment(" ", style)]
        for column, width, cell in zip(self.columns, self._widths(), cells, strict=False):
            text = Text(printable(cell), no_wrap=True, overflow="ellipsis", justify=column.justify)  # type: ignore[arg-type]
            text.truncate(width, overflow="ellipsis", pad=True)
            segments += [Segment(text.plain, style), Segment(" ", style)]
        return segments

    def _show_cursor(self) -> None:
        # Rows r and r+1 of the virtual space: the cursor's row and the one the pinned header covers.
        self.scroll_to_region(Region(0, self.cursor, 1, 2), animate=False, spacing=None, force=True)

    def action_cursor(self, step: int) -> None:
        self.cursor = min(max(self.cursor + step, 0), max(len(self.rows) - 1, 0))
        self._show_cursor()
        self.refresh()

    def action_page(self, step: int) -> None:
        self.action_cursor(step * max(1, self.scrollable_content_region.height - 2))

    def action_edge(self, step: int) -> None:
        self.action_cursor(step * len(self.rows))

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self.rows):
            self.cursor = index
            self.refresh()
            if event.chain == 2:
                self.post_message(self.Selected(index))
