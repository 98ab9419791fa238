"""The footer line of keys: its own module so that a screen showing it does not import the help screen."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from tandem.reader.app.labels import display_keys


class KeyHints(Static):
    """One line of the screen's keys (bindings marked `show`), with the user's keymap: a footer that costs
    nothing. Textual's Footer rebuilds a widget per key at every focus change, so at every picker."""

    def __init__(self, *extra: Binding) -> None:
        super().__init__(id="key-hints")
        self.extra = extra

    def on_mount(self) -> None:
        keymap = getattr(self.app, "keymap_overrides", {})  # TandemApp's user keymap; a bare App has none
        self.update(key_hints([*self.extra, *self.screen.BINDINGS, *self.app.BINDINGS], keymap))


def key_hints(bindings: Iterable[Binding], keymap: dict[str, str]) -> Text:
    """One line of `key description` pairs for the bindings marked `show`."""
    line = Text()
    for binding in bindings:
        if binding.show and binding.description:
            line.append(f" {display_keys(keymap.get(binding.id or '', binding.key))} ", style="bold reverse")
            line.append(f" {binding.description}  ")
    line.no_wrap, line.overflow = True, "ellipsis"
    return line
