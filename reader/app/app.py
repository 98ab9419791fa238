"""The Textual app: a library screen and reading screens over one workspace.

Start-up checks (bad files, a broken store) happen in the CLI before the app starts, so they end as one line and
exit code 2; once running, problems are notifications and nothing already saved is touched.

Each screen is imported when it is first shown (the reading screen's own imports are what its first frame
draws): starting on an article loads neither the library, the help, the review nor the export screens.
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tandem.annotations.errors import AnnotationError
from tandem.reader.app.collector import IdleCollector
from tandem.reader.app.labels import display_keys
from tandem.reader.app.widgets.pickers import Picker
from tandem.reader.errors import InputError
from tandem.reader.printable import printable

if TYPE_CHECKING:
    from tandem.reader.app.screens.library import LibraryScreen
    from tandem.reader.workspace import Workspace


class TandemApp(App[None]):
    """Read and annotate the articles of one workspace."""

    CSS_PATH = "tandem.tcss"
    TITLE = "Tandem"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.commands"),
    ]

    def __init__(self, workspace: Workspace, article_id: str | None = None, keymap: dict[str, str] | None = None):
        super().__init__()
        self.workspace = workspace
        self.start_article = article_id
        self.user_keymap = keymap or {}
        self.collector = IdleCollector()
        self.colours_noted = False
        """Whether the user was told this terminal has fewer than 256 colours (once per run)."""
        self.library_screen: LibraryScreen | None = None
        """The library, when the app started on it (it stays at the bottom of the stack)."""

    def on_mount(self) -> None:
        self.collector.start()
        self.set_interval(1.0, self.collector.collect_if_idle)
        self.set_keymap(self.user_keymap)
        # The first screen is pushed once the app's start-up batch is over: pushed inside it, the screen is laid out
        # and drawn once for nothing (Textual drops frames drawn in a batch), and its after-refresh callbacks (the
        # memory settling, the suggestions) run before anything is on the terminal.
        self.call_later(self._first_screen)

    async def _first_screen(self) -> None:
        """Push the first screen, then wait for its first frame and what runs after it (the suggestions, the
        memory settling). Keys typed during start-up wait in the app's queue meanwhile and then reach the screen in
        order, as if all of it had run before the frame: an `A` typed at once finds the suggestion it accepts."""
        if self.start_article is None:
            from tandem.reader.app.screens.library import LibraryScreen

            self.library_screen = LibraryScreen(self.workspace)
            await self.push_screen(self.library_screen)
        elif (shown := self.open_article(self.start_article)) is not None:
            await shown
        else:
            return
        await self.screen.wait_for_refresh()

    def on_key(self, event: events.Key) -> None:
        """An open picker takes every key. Checked here, where keys arrive one after another just before the
        bindings run: a label typed right after `e` is already on its way through the widgets when `e` opens the
        picker, and would be lost if the picker were asked only earlier on that way."""
        self.collector.key_pressed()
        for picker in self.screen.query(Picker):
            if picker.is_open:
                picker.handle_key(event)
                return

    @property
    def keymap_overrides(self) -> dict[str, str]:
        """The user's keymap (binding id → keys), for screens that list keys."""
        return dict(self._keymap)

    def on_unmount(self) -> None:
        from tandem.reader.app.suggestions import stop_models

        self.collector.stop()
        stop_models()

    def settle_memory(self) -> None:
        """Called by each screen once it is up (see `IdleCollector.settle`)."""
        self.collector.settle()

    def neighbour(self, article_id: str, direction: int) -> str | None:
        """The next or previous article: in the library's current order, else in id order."""
        library = self.library_screen
        if library is not None:
            return library.neighbour(article_id, direction)
        ids = [s.id for s in self.workspace.library.sources]
        i = ids.index(article_id) + direction if article_id in ids else -1
        return ids[i] if 0 <= i < len(ids) else None

    def open_article(self, article_id: str, replace: bool = False) -> Awaitable[object] | None:
        """Show an article for reading (replacing the current reading screen when `replace`). Returns what to
        await for the screen to be up, or None when the article cannot be opened (a notification says why)."""
        from tandem.reader.app.screens.reading import ReadingScreen

        try:
            article = self.workspace.library.article(article_id)
            session = self.workspace.open_session(article)
        except (InputError, AnnotationError) as exc:
            self.notify(printable(str(exc)), severity="error", timeout=10, markup=False)
            return None
        screen = ReadingScreen(self.workspace, article, session, self.neighbour)
        return self.switch_screen(screen) if replace else self.push_screen(screen)

    def action_export(self) -> None:
        from tandem.reader.app.screens.export import ExportScreen  # the formats load on first use, not at start-up

        self.push_screen(ExportScreen(self.workspace))

    def _bindings_here(self, screen: Screen) -> list[Binding]:
        """The bindings a user can press on `screen`: the focused widget's, the screen's, then the app's."""
        found: list[Binding] = []
        focused = screen.focused
        for node in ([focused] if focused else []) + [screen, self]:
            found += [b for b in node.BINDINGS if isinstance(b, Binding)]
        return found

    def action_help(self) -> None:
        from tandem.reader.app.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self._bindings_here(self.screen), self.keymap_overrides))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette offers every action of the current screen, with its key."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Export…", "Write a dataset: choose the format and filters", self.action_export)
        focused = screen.focused
        for binding in self._bindings_here(screen):
            if not binding.description or binding.action == "command_palette":
                continue
            owner = focused if focused and binding in focused.BINDINGS else screen
            keys = display_keys(self.keymap_overrides.get(binding.id or "", binding.key))
            yield SystemCommand(binding.description, f"key: {keys}",
                                partial(self.run_action, binding.action, owner if owner is not self else None))
