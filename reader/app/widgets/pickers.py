"""Asking one question: which label or span (`Picker`, over the reading view, or `PickerScreen` where a screen
has no room for one). The note and attributes are asked by `reader.app.screens.note_editor`.

Each hands its answer to a callback or `dismiss` (None when cancelled), so the screen that asked stays in charge
of what happens next. Pickers take number keys (1–9 pick the n-th shown choice) and type-to-filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.events import Key
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget

from tandem.reader.printable import printable


@dataclass(frozen=True)
class Choice:
    """One answer a picker offers."""

    value: str
    label: str
    hint: str = ""
    key: str = ""
    """A key that picks this choice at once (a label's key from the schema), shown after the label."""

    @property
    def caption(self) -> str:
        return f"{self.label} ({self.key})" if self.key else self.label


PICKER_HEIGHT = 16  # rows, border included: nine numbered choices, the title and the filter line (at most
# half the screen, so it never covers the line being tagged)


class Picker(Widget):
    """Pick one of `choices`: digits pick directly, typing filters, ↑↓ and Enter take the highlighted one.

    One widget that draws its title, filter line and choices itself, shown and hidden in place (`open`). It never
    takes the focus: the app hands it every key while it is open (`handle_key`, from `TandemApp.on_key`). In
    Textual a focus change repaints the whole screen and a modal screen's dimmed background costs far more a
    frame; this way asking costs one repaint of the picker's own rows (bench/bench_reader.py measures it)."""

    COMPONENT_CLASSES = {"picker--title", "picker--hint", "picker--highlight"}
    HINT = "(key) or 1–9 picks · other letters filter · ↑↓ enter · esc"

    def __init__(self) -> None:
        super().__init__(classes="picker")
        self.visible = False  # hidden, not undisplayed: showing it then needs no second layout
        self.is_open = False
        self.title = ""
        self.choices: list[Choice] = []
        self.shown: list[Choice] = []
        self.needle = ""
        self.highlighted = 0
        self._top = 0
        self.on_pick: Callable[[str | None], object] | None = None

    @staticmethod
    def height_for(screen_height: int) -> int:
        """The picker's height on a screen of `screen_height` rows."""
        return min(PICKER_HEIGHT, screen_height // 2 - 1)

    def place(self, avoid_row: int, screen_height: int) -> int:
        """Put the picker (absolutely placed: showing it moves nothing else) in the half of the screen that row
        `avoid_row` is not in; returns its top row."""
        top = 1 if avoid_row > screen_height // 2 else max(0, screen_height - self.height_for(screen_height) - 2)
        if self.styles.offset.y.value != top:
            self.styles.offset = (1, top)
        return top

    def open(self, title: str, choices: list[Choice], on_pick: Callable[[str | None], object]) -> None:
        """Ask: show `choices` under `title`; `on_pick` gets the value chosen, or None when cancelled."""
        self.title, self.choices, self.on_pick = title, choices, on_pick
        self._filter("")
        self.visible = self.is_open = True

    def render(self) -> RenderResult:
        width = self.content_size.width or 60
        rows = max(1, (self.content_size.height or len(self.shown) + 2) - 2)
        if self.highlighted < self._top:
            self._top = self.highlighted
        elif self.highlighted >= self._top + rows:
            self._top = self.highlighted - rows + 1
        style = self.get_component_rich_style
        lines = [Text(printable(self.title), style("picker--title")),
                 Text(f"filter: {self.needle}▏" if self.needle else self.HINT, style("picker--hint"))]
        for n in range(self._top, min(len(self.shown), self._top + rows)):
            choice = self.shown[n]
            line = Text.assemble(f"{n + 1 if n < 9 else ' '} {printable(choice.caption)}",
                                 (f"  {choice.hint}" if choice.hint else "", style("picker--hint")))
            if n == self.highlighted:
                line.pad_right(width - line.cell_len)
                line.stylize(style("picker--highlight"))
            lines.append(line)
        for line in lines:
            line.truncate(width, overflow="ellipsis")
        return Text("\n", no_wrap=True).join(lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.choices) + 2

    def handle_key(self, event: Key) -> None:
        """Take a key while open (every key: the picker is modal). Digits pick the n-th shown choice and, before
        any filtering, a choice's own key picks it; ↑↓ move, Enter takes, Esc cancels; other printable keys and
        backspace edit the filter."""
        event.stop()
        event.prevent_default()
        character = event.character or ""
        keyed = next((c for c in self.shown if c.key and c.key == character), None) if not self.needle else None
        if event.key == "escape":
            self._finish(None)
        elif event.key == "enter":
            if self.shown:
                self._finish(self.shown[self.highlighted].value)
        elif event.key in ("up", "down"):
            if self.shown:
                self.highlighted = (self.highlighted + (1 if event.key == "down" else -1)) % len(self.shown)
                self.refresh()
        elif character.isdigit() and character != "0":
            n = int(character)
            if n <= len(self.shown):
                self._finish(self.shown[n - 1].value)
        elif keyed is not None:
            self._finish(keyed.value)
        elif event.key == "backspace":
            self._filter(self.needle[:-1])
        elif character.isprintable() and character and event.key != "tab":
            self._filter(self.needle + character)

    def _filter(self, needle: str) -> None:
        self.needle = needle
        folded = needle.casefold()
        self.shown = [c for c in self.choices if folded in f"{c.label} {c.value} {c.hint}".casefold()]
        self.highlighted = self._top = 0
        self.refresh()

    def _finish(self, value: str | None) -> None:
        self.visible = self.is_open = False
        if self.on_pick is not None:
            self.on_pick(value)


class PickerScreen(ModalScreen[str | None]):
    """The same picker as a modal screen, for screens that have no room to host it."""

    def __init__(self, title: str, choices: list[Choice]) -> None:
        super().__init__()
        self.title_text, self.choices = title, choices

    def compose(self) -> ComposeResult:
        yield Picker()

    def on_mount(self) -> None:
        self.query_one(Picker).open(self.title_text, self.choices, self.dismiss)

    def on_key(self, event: Key) -> None:
        """Nothing has the focus here: keys come to the screen, and the picker takes them all."""
        self.query_one(Picker).handle_key(event)
