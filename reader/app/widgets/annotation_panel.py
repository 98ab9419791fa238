"""The side panel listing the article's annotations (`o`), beside the reading view.

The screen hands it the spans after every change (`show_spans`, attributes down); the panel lists them only
while it is shown, since thousands of options cost time on every save. Choosing one posts `Chosen` (messages
up): the screen moves the cursor there. The reading screen mounts it the first time `o` is pressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tandem.reader.app.labels import preview

if TYPE_CHECKING:
    from tandem.annotations.model import Span


class AnnotationPanel(OptionList):
    """One line per annotation (side, label, quoted text); Enter on a line chooses it."""

    @dataclass
    class Chosen(Message):
        """An annotation was chosen in the list."""

        panel: AnnotationPanel
        span_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: Sequence[Span] = ()

    def show_spans(self, spans: Sequence[Span]) -> None:
        """The article's annotations now, in the screen's order; listed at once if the panel is shown."""
        self._spans = spans
        if self.display:
            self._fill()

    def toggle(self) -> bool:
        """Show or hide the panel; returns whether it is shown now."""
        self.display = not self.display
        if self.display:
            self._fill()
        return self.display

    def _fill(self) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(Option(f"{s.side} {s.label:<8} {preview(s.text)}", id=s.id) for s in self._spans)
        if highlighted is not None and self._spans:
            self.highlighted = min(highlighted, len(self._spans) - 1)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(self, event.option.id))
