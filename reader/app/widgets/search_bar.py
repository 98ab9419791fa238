"""The search line (`/`): an input at the bottom of the reading screen that says what to find and when it closed.

The bar knows nothing of the article (messages up): it reports each edit (`Searched`) and its closing
(`Closed`, accepted with Enter or cancelled with Esc); the screen finds the matches (`find_matches`), shows them
in the view and steps through them (`step_match`). The reading screen mounts it the first time `/` is pressed:
the first frame does not show it, so it costs nothing at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.message import Message
from textual.widgets import Input

Match = tuple[int, int]
"""A match's [start, end) in the searched text."""


def find_matches(text: str, needle: str) -> list[Match]:
    """Every place `needle` occurs in `text`, ignoring case, overlapping ones included (none for "")."""
    needle = needle.casefold()
    if not needle:
        return []
    haystack = text.casefold()
    found: list[Match] = []
    start = haystack.find(needle)
    while start >= 0:
        found.append((start, start + len(needle)))
        start = haystack.find(needle, start + 1)
    return found


def step_match(matches: list[Match], direction: int, after: int) -> Match:
    """The first match starting after `after` (before it, for a negative `direction`), wrapping around at the
    end (`matches` is not empty and in order)."""
    if direction > 0:
        return next((m for m in matches if m[0] > after), matches[0])
    return next((m for m in reversed(matches) if m[0] < after), matches[-1])


class SearchBar(Input):
    """Type to search the active pane; Enter keeps the selected match, Esc cancels. Hidden until `open`."""

    @dataclass
    class Searched(Message):
        """The text to find changed ("" when the bar was emptied or just opened)."""

        bar: SearchBar
        text: str

    @dataclass
    class Closed(Message):
        """The bar closed: with Enter (`accepted`, the match stays selected) or with Esc."""

        bar: SearchBar
        accepted: bool

    PLACEHOLDER = "search (enter accepts, esc closes; n / N: next / previous)"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=self.PLACEHOLDER, id=id)
        self.display = False

    def open(self) -> None:
        """Show the bar, empty, with the focus."""
        self.display = True
        self.value = ""
        self.focus()

    def close(self, accepted: bool) -> None:
        self.display = False
        self.post_message(self.Closed(self, accepted))

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Searched(self, event.value))

    @on(Input.Submitted)
    def _accepted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close(accepted=True)

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.close(accepted=False)
