"""Help (`?`): every key binding, grouped, generated from the bindings themselves (with the user's keymap)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tandem.reader.app.labels import display_keys

GROUP_NAMES = {
    "view": "Move and select",
    "annotate": "Annotate",
    "read": "Read",
    "library": "Library",
    "app": "Everywhere",
}


def binding_groups(bindings: Iterable[Binding], keymap: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """(keys, description) per group; the group is the binding id's prefix, keys as the keymap sets them."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for binding in bindings:
        if not binding.description:
            continue
        group = GROUP_NAMES.get((binding.id or "app").split(".")[0], "Other")
        keys = keymap.get(binding.id or "", binding.key)
        groups.setdefault(group, []).append((display_keys(keys), binding.description))
    return groups


class HelpScreen(ModalScreen[None]):
    """All bindings of the screen it was opened from."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, bindings: list[Binding], keymap: dict[str, str]) -> None:
        super().__init__()
        self.groups = binding_groups(bindings, keymap)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Tandem keys  (esc closes; ctrl+p: command palette)", style="bold"))
            for group, rows in self.groups.items():
                table = Table(title=group, title_justify="left", show_header=False, box=None, expand=True)
                table.add_column(style="bold cyan", width=18)
                table.add_column()
                for keys, description in rows:
                    table.add_row(keys, description)
                yield Static(table)

    def action_dismiss(self) -> None:
        self.dismiss(None)
