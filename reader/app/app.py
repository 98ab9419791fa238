"""The Textual app: a library screen and reading screens over one workspace.

Start-up checks (bad files, a broken store) happen in the CLI before the app starts, so they end as one line and
exit code 2; once running, problems are notifications and nothing already saved is touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from annotations.errors import AnnotationError
from reader.app.collector import IdleCollector
from reader.app.screens.help import HelpScreen, display_keys
from reader.app.screens.library import LibraryScreen
from reader.app.screens.reading import ReadingScreen, open_session
from reader.app.widgets.pickers import Picker
from reader.errors import InputError
from reader.workspace import Workspace


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

    def on_mount(self) -> None:
        self.collector.start()
        self.set_interval(1.0, self.collector.collect_if_idle)
        self.set_keymap(self.user_keymap)
        if self.start_article is None:
            self.push_screen(LibraryScreen(self.workspace))
        else:
            self.open_article(self.start_article)

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
        self.collector.stop()

    def settle_memory(self) -> None:
        """Called by each screen once it is up (see `IdleCollector.settle`)."""
        self.collector.settle()

    def _library_screen(self) -> LibraryScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, LibraryScreen)), None)

    def neighbour(self, article_id: str, direction: int) -> str | None:
        """The next or previous article: in the library's current order, else in id order."""
        library = self._library_screen()
        if library is not None:
            return library.neighbour(article_id, direction)
        ids = [s.id for s in self.workspace.library.sources]
        i = ids.index(article_id) + direction if article_id in ids else -1
        return ids[i] if 0 <= i < len(ids) else None

    def open_article(self, article_id: str, replace: bool = False) -> None:
        """Show an article for reading (replacing the current reading screen when `replace`)."""
        try:
            article = self.workspace.library.article(article_id)
            session = open_session(self.workspace, article)
        except (InputError, AnnotationError) as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        screen = ReadingScreen(self.workspace, article, session, self.neighbour)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_export(self) -> None:
        from reader.app.screens.export import ExportScreen  # the formats load on first use, not at start-up

        self.push_screen(ExportScreen(self.workspace))

    def _bindings_here(self, screen: Screen) -> list[Binding]:
        """The bindings a user can press on `screen`: the focused widget's, the screen's, then the app's."""
        found: list[Binding] = []
        focused = screen.focused
        for node in ([focused] if focused else []) + [screen, self]:
            found += [b for b in node.BINDINGS if isinstance(b, Binding)]
        return found

    def action_help(self) -> None:
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
