"""The status line under the reading view: what is under the cursor, and whether the last change is saved.

It only words what the screen hands it (attributes down): the annotation under the cursor with its links, a
pending suggestion, or the cursor's place; or, until the next move, why a key did nothing. Every update is
drawn in place (`layout=False`): the line is one fixed row, so a keystroke never costs a relayout for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from tandem.reader.app.labels import LANG_NAMES, describe_suggestion, preview

if TYPE_CHECKING:
    from tandem.annotations.model import Span
    from tandem.annotations.suggest.proposal import Suggestion


class StatusLine(Static):
    """One row: a description on the left, then how the last change went (`saved`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.saved = "no changes yet"
        """How the last change went (`saved ✓ …`), shown after every description until the next change."""

    def show_span(self, span: Span, links: Iterable[tuple[str, Span]], overlapping: int) -> None:
        """The innermost annotation under the cursor: label, text, attributes, note, links (relation type and
        the span at the other end), annotator, and how many others overlap it."""
        parts = [f"{span.layer} {span.label}", f"“{preview(span.text)}”"]
        parts += [f"{k}={v}" for k, v in span.attrs.items()]
        if span.note:
            parts.append(f"note: {preview(span.note)}")
        parts += [f"{kind} → {other.label} “{preview(other.text)}”" for kind, other in links]
        parts.append(f"by {span.annotator}")
        if overlapping:
            parts.append(f"(+{overlapping} overlapping)")
        self._show(" · ".join(parts))

    def show_suggestion(self, suggestion: Suggestion) -> None:
        """A pending suggestion under the cursor, where it comes from and the keys that decide it."""
        self._show(f"suggestion: {describe_suggestion(suggestion)} · {suggestion.source}: {suggestion.reason} · "
                   "A accept · X reject · . next")

    def show_place(self, lang: str, offset: int, length: int, selected: int | None) -> None:
        """Nothing under the cursor: the size of the selection and what it can become, else the cursor's place
        (`offset` of `length` characters of `lang`)."""
        self._show(f"selected {selected} characters: e entity · c claim · s source" if selected is not None
                   else f"{LANG_NAMES[lang]} {offset}/{length}")

    def tell(self, message: str) -> None:
        """Say why a key did nothing, where the annotator looks (a toast would cover the text and cost a layout);
        the next description replaces it."""
        self.update(Text(message, style="bold yellow"), layout=False)

    def say(self, message: str) -> None:
        """A plain message in place of the description (the search's count of matches)."""
        self.update(message, layout=False)

    def _show(self, left: str) -> None:
        """The description, shortened (never the confirmation after it) to leave the row's end to `saved`."""
        width = self.content_size.width or self.size.width
        description = Text(left)
        if width:
            description.truncate(max(1, width - cell_len(self.saved) - 2), overflow="ellipsis")
        self.update(Text.assemble(description, "  ", (self.saved, "green")), layout=False)
