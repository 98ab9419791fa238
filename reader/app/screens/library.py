"""The library screen: every article of the workspace, filtered as you type, sorted, opened with Enter."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from tandem.annotations.errors import AnnotationError
from tandem.annotations.model import Status
from tandem.annotations.state import status_of
from tandem.reader.app.widgets.article_table import ArticleTable, Column
from tandem.reader.text.library import Summary
from tandem.reader.workspace import Workspace, pending_count

SORTS = ("id", "published", "title", "status")
COLUMNS = (
    Column("id", 22), Column("title", 0), Column("published", 16), Column("publisher", 10), Column("lang", 5),
    Column("status", 11), Column("E", 3, "right"), Column("C", 3, "right"), Column("S", 3, "right"),
    Column("sugg", 4, "right"),
)
COUNTED_AT_ONCE = 64
"""Up to this many articles, pending suggestions are counted right after the list shows. A larger library shows
`·`: counting means parsing every article, and a thread doing that would slow every keystroke of the filter."""
NARROW_COLUMNS = (Column("id", 14), Column("title", 0), Column("published", 10), Column("status", 11))


@dataclass
class Entry:
    """A row of the library: an article's summary and this annotator's work on it."""

    summary: Summary
    status: str
    counts: dict[str, int]
    pending: int | None = None
    """Suggestions pending for this annotator (None: not counted yet, or unreadable)."""

    @property
    def title(self) -> str:
        return self.summary.title["ko"] or self.summary.title["en"] or ""

    def haystack(self) -> str:
        s = self.summary
        return " ".join(filter(None, (s.id, s.title["ko"], s.title["en"], s.publisher, s.published, self.status)))


def entries(workspace: Workspace) -> list[Entry]:
    """One entry per article; annotation counts come only from the files this annotator has."""
    annotated = set(workspace.store.article_ids(workspace.annotator))
    found = []
    for summary in workspace.library.summaries():
        counts = {"entity": 0, "claim": 0, "source": 0}
        status = Status.NEW.value
        if summary.id in annotated:
            try:
                state = workspace.store.read(workspace.annotator, summary.id)
            except AnnotationError as exc:
                summary.error = summary.error or str(exc)
            else:
                for span in state.spans.values():
                    counts[span["layer"]] = counts.get(span["layer"], 0) + 1
                status = status_of(state).value
        found.append(Entry(summary, status, counts))
    return found


class LibraryScreen(Screen[None]):
    """Pick an article to read."""

    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="library.filter"),
        Binding("o", "cycle_sort", "Sort", id="library.sort"),
        Binding("R", "review", "Review (gold)", id="library.review"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear"),
        Binding("q", "app.quit", "Quit", id="library.quit"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.all: list[Entry] = []
        self.shown: list[Entry] = []
        self.sort = "id"
        self._haystacks: dict[str, str] = {}
        self._cell_cache: dict[tuple[str, bool], tuple[str, ...]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="library-title")
        yield Input(placeholder="filter: type to search titles, ids, publishers, status", id="library-filter")
        yield ArticleTable(COLUMNS, id="library-table")
        yield Footer()

    @property
    def table(self) -> ArticleTable:
        return self.query_one(ArticleTable)

    def on_mount(self) -> None:
        self.refresh_entries()
        self.table.focus()
        self.call_after_refresh(self.app.settle_memory)

    def on_resize(self) -> None:
        narrow = self.size.width < 110
        self.table.columns = list(NARROW_COLUMNS if narrow else COLUMNS)
        self._show()

    def on_screen_resume(self) -> None:
        self.refresh_entries()

    def refresh_entries(self) -> None:
        self.all = entries(self.workspace)
        if len(self.all) <= COUNTED_AT_ONCE:  # after the first frame: the list shows at once, the counts right after
            self.call_after_refresh(self._count_pending, self.all)
        self._haystacks = {e.summary.id: e.haystack().casefold() for e in self.all}
        self._cell_cache = {}
        self._show()

    def _show(self) -> None:
        needle = self.query_one("#library-filter", Input).value.casefold()
        shown = [e for e in self.all if needle in self._haystacks[e.summary.id]]
        key = {
            "id": lambda e: e.summary.id,
            "published": lambda e: e.summary.published or "",
            "title": lambda e: e.title,
            "status": lambda e: (e.status, e.summary.id),
        }[self.sort]
        self.shown = sorted(shown, key=key)
        narrow = self.table.columns == list(NARROW_COLUMNS)
        self.table.set_rows([self._row(e, narrow) for e in self.shown],
                            {i for i, e in enumerate(self.shown) if e.summary.error})
        self.query_one("#library-title", Static).update(
            f"[b]{self.workspace.root.name}[/b] — {len(self.shown)} of {len(self.all)} articles · sorted by "
            f"{self.sort} · annotator: {self.workspace.annotator}", layout=False
        )

    def _count_pending(self, counted: list[Entry]) -> None:
        """Count each article's pending suggestions (cheap sources and cached model output only)."""
        from tandem.annotations.suggest.context import ModelCache, TeamNames

        team, cache = TeamNames.of_store(self.workspace.store), ModelCache.of_store(self.workspace.store)
        for entry in counted:
            if not entry.summary.error:
                try:
                    entry.pending = pending_count(self.workspace, entry.summary.id, team, cache)
                except (AnnotationError, ValueError):
                    entry.pending = None
        self._counted()

    def _counted(self) -> None:
        self._cell_cache = {}
        self._show()

    def _row(self, e: Entry, narrow: bool) -> tuple[str, ...]:
        """The cells of an entry's row, made once per refresh: a filter keystroke then only filters and sorts."""
        key = (e.summary.id, narrow)
        row = self._cell_cache.get(key)
        if row is None:
            row = self._cell_cache[key] = self._cells(e, narrow)
        return row

    @staticmethod
    def _cells(e: Entry, narrow: bool) -> tuple[str, ...]:
        s = e.summary
        title = s.error or e.title or "(untitled)"
        published = (s.published or "").replace("T", " ")
        status = e.status.replace("_", " ")
        if narrow:
            return s.id, title, published[:10], status
        counts = (str(e.counts.get(layer, 0)) for layer in ("entity", "claim", "source"))
        pending = "·" if e.pending is None else str(e.pending)
        return (s.id, title, published, s.publisher or "", "+".join(s.languages), status, *counts, pending)

    @on(Input.Changed, "#library-filter")
    def _filter(self) -> None:
        self._show()

    @on(Input.Submitted, "#library-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    @on(ArticleTable.Selected)
    def _open(self, event: ArticleTable.Selected) -> None:
        entry = self.shown[event.index]
        if entry.summary.error:
            self.notify(entry.summary.error, severity="error", timeout=8)
            return
        self.app.open_article(entry.summary.id)

    def neighbour(self, article_id: str, direction: int) -> str | None:
        """The article before or after `article_id` in the list as filtered and sorted now."""
        ids = [e.summary.id for e in self.shown if not e.summary.error]
        if article_id not in ids:
            return None
        i = ids.index(article_id) + direction
        return ids[i] if 0 <= i < len(ids) else None

    def action_focus_filter(self) -> None:
        self.query_one("#library-filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#library-filter", Input).value = ""
        self.table.focus()

    def action_review(self) -> None:
        """Adjudicate: every annotated article with the disagreements left, each reviewed into `gold`."""
        from tandem.reader.app.screens.review import ReviewListScreen  # agreement loads on first use, not at start-up

        self.app.push_screen(ReviewListScreen(self.workspace))

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._show()
