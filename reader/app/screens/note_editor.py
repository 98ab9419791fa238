"""Editing a span's note and attributes (`m` on the reading screen), as a modal screen.

Apart from the pickers because only `m` needs it: its input and choice widgets load when it first opens, not
before the reading screen's first frame. It hands its answer to `dismiss` (None when cancelled), so the screen
that asked stays in charge of what happens next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from tandem.reader.printable import printable


@dataclass
class NoteAnswer:
    """What the note editor returns: the note and the attribute values the user set (an unset one is absent)."""

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
            yield Label(Text(printable(self.title_text)), id="note-title")
            yield Input(self.note, placeholder="note (enter or ctrl+s saves, esc cancels)", id="note-input")
            for name, values in self.allowed.items():
                yield Label(Text(printable(name)), classes="attr-name")
                yield Select(((v, v) for v in values), value=self.attrs.get(name, Select.NULL),
                             prompt=f"{name}: not set", id=f"attr-{name}")  # unset until the user sets it

    def on_mount(self) -> None:
        self.query_one("#note-input", Input).focus()

    @on(Input.Submitted, "#note-input")
    def action_save(self) -> None:
        chosen = {name: self.query_one(f"#attr-{name}", Select).value for name in self.allowed}
        attrs = {name: value for name, value in chosen.items() if value is not Select.NULL}
        self.dismiss(NoteAnswer(self.query_one("#note-input", Input).value, attrs))

    def action_cancel(self) -> None:
        self.dismiss(None)
