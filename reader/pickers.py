"""Small modal screens that ask one question: which label, which span, what note and attributes.

Each returns its answer through `dismiss` (None when cancelled), so the screen that asked stays in charge of
what happens next. Pickers take number keys (1–9 pick the n-th shown choice) and type-to-filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option


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


class Picker(Vertical):
    """Pick one of `choices`: digits pick directly, typing filters, ↑↓ and Enter take the highlighted one.

    A widget, not a screen, so it can sit over the reading view without Textual compositing the whole screen
    underneath on every frame (a modal screen's dimmed background costs ~100 ms a frame at 160×48). It stays
    mounted and is shown and hidden (`open`, `-open`), so asking costs no layout of the screen behind it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]

    def __init__(self) -> None:
        super().__init__(classes="picker")
        self.choices: list[Choice] = []
        self.shown: list[Choice] = []
        self.needle = ""
        self.on_pick: Callable[[str | None], object] | None = None

    def compose(self) -> ComposeResult:
        # The list keeps the focus (an Input would swallow the digits); typed letters go to the filter line.
        yield Label(classes="picker-title")
        yield Static(classes="picker-filter")
        yield OptionList(disabled=True)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, title: str, choices: list[Choice], on_pick: Callable[[str | None], object]) -> None:
        """Ask: show `choices` under `title`; `on_pick` gets the value chosen, or None when cancelled."""
        self.query_one(".picker-title", Label).update(title, layout=False)  # fixed rows: no relayout
        self.choices, self.on_pick, self.needle = choices, on_pick, ""
        self.shown = list(choices)
        self._fill()
        options = self.query_one(OptionList)
        options.disabled = False  # focusable only while open
        self.add_class("-open")
        options.focus()

    def _fill(self) -> None:
        hint = "(key) or 1–9 picks · other letters filter · ↑↓ enter · esc"
        self.query_one(".picker-filter", Static).update(f"filter: {self.needle}▏" if self.needle else hint,
                                                        layout=False)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(f"{n if n < 10 else ' '} {c.caption}" + (f"  [dim]{c.hint}[/]" if c.hint else ""), id=str(i))
            for n, (i, c) in enumerate(((self.choices.index(c), c) for c in self.shown), start=1)
        )
        if self.shown:
            options.highlighted = 0

    def on_key(self, event: Key) -> None:
        """Digits pick the n-th shown choice and, before any filtering, a choice's own key picks it; other
        printable keys and backspace edit the filter. Handled keys stop here, so the reading screen's own
        bindings (e, c, s, x…) never see them."""
        character = event.character or ""
        keyed = next((c for c in self.shown if c.key and c.key == character), None) if not self.needle else None
        if character.isdigit() and character != "0":
            n = int(character)
            if n <= len(self.shown):
                self._finish(self.shown[n - 1].value)
        elif keyed is not None:
            self._finish(keyed.value)
        elif event.key == "backspace":
            self._filter(self.needle[:-1])
        elif character.isprintable() and character and event.key not in ("enter", "tab"):
            self._filter(self.needle + character)
        else:
            return
        event.stop()
        event.prevent_default()

    def _filter(self, needle: str) -> None:
        self.needle = needle
        folded = needle.casefold()
        self.shown = [c for c in self.choices if folded in f"{c.label} {c.value} {c.hint}".casefold()]
        self._fill()

    @on(OptionList.OptionSelected)
    def _take_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._finish(self.choices[int(event.option.id or 0)].value)

    def action_cancel(self) -> None:
        self._finish(None)

    def _finish(self, value: str | None) -> None:
        self.remove_class("-open")
        self.query_one(OptionList).disabled = True
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


@dataclass
class NoteAnswer:
    """What the note editor returns: the note and the chosen attribute values."""

    note: str
    attrs: dict[str, Any] = field(default_factory=dict)


class NoteEditor(ModalScreen[NoteAnswer | None]):
    """Edit a span's note and its label's attributes (each a choice among the schema's values)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        Binding("ctrl+s", "save", "Save", id="note.save"),
    ]

    def __init__(self, title: str, note: str, attrs: dict[str, Any], allowed: dict[str, tuple[str, ...]]) -> None:
        super().__init__()
        self.title_text = title
        self.note = note
        self.attrs = attrs
        self.allowed = allowed

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor"):
            yield Label(self.title_text, id="note-title")
            yield Input(self.note, placeholder="note (enter or ctrl+s saves, esc cancels)", id="note-input")
            for name, values in self.allowed.items():
                yield Label(name, classes="attr-name")
                yield Select(((v, v) for v in values), value=self.attrs.get(name, values[0]), allow_blank=False,
                             id=f"attr-{name}")

    def on_mount(self) -> None:
        self.query_one("#note-input", Input).focus()

    @on(Input.Submitted, "#note-input")
    def action_save(self) -> None:
        attrs = {name: self.query_one(f"#attr-{name}", Select).value for name in self.allowed}
        self.dismiss(NoteAnswer(self.query_one("#note-input", Input).value, attrs))

    def action_cancel(self) -> None:
        self.dismiss(None)
