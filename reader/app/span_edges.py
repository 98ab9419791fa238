"""Moving the edges of the annotation under the cursor: grow or shrink it at either end, by word or by character.

The annotation keeps its id, its links and its attributes (the session re-spans it, one undoable change), so
"John F. Kirby" from a tagged "Kirby" is two keys, not a delete, a selection and a tag again. A word is what the
view's motions call one (letters, digits, hyphens, apostrophes); a character is a grapheme cluster. An edge never
crosses into another paragraph, and an annotation never shrinks to nothing.
"""

from __future__ import annotations

from typing import Any

import regex
from textual.binding import Binding

from tandem.reader.app.labels import preview

SPAN_EDGE_BINDINGS = [
    Binding("ctrl+right", "edge('end', 'word', 1)", "Grow end by a word", show=False, id="annotate.end_word_grow"),
    Binding("ctrl+left", "edge('end', 'word', -1)", "Shrink end by a word", show=False, id="annotate.end_word_shrink"),
    Binding("ctrl+shift+left", "edge('start', 'word', -1)", "Grow start by a word", show=False,
            id="annotate.start_word_grow"),
    Binding("ctrl+shift+right", "edge('start', 'word', 1)", "Shrink start by a word", show=False,
            id="annotate.start_word_shrink"),
    Binding("plus", "edge('end', 'char', 1)", "Grow end by a character", show=False, id="annotate.end_char_grow"),
    Binding("minus", "edge('end', 'char', -1)", "Shrink end by a character", show=False,
            id="annotate.end_char_shrink"),
    Binding("quotation_mark", "edge('start', 'char', -1)", "Grow start by a character", show=False,
            id="annotate.start_char_grow"),
    Binding("apostrophe", "edge('start', 'char', 1)", "Shrink start by a character", show=False,
            id="annotate.start_char_shrink"),
]
_WORD = regex.compile(r"[\w\-']+")
_GRAPHEME = regex.compile(r"\X")
_PARAGRAPH_BREAK = "\n\n"


def moved_edge(text: str, start: int, end: int, edge: str, unit: str, direction: int) -> tuple[int, int] | None:
    """[start, end) with one edge moved a word or a grapheme to the right (`direction` 1) or left (-1); None when
    it cannot move that way (the text's edge, a paragraph break, or nothing left of the span)."""
    offset = end if edge == "end" else start
    if unit == "char":
        moved = _grapheme_edge(text, offset, direction)
    elif edge == "end" and direction > 0:  # to the end of the word the end is in, or of the next one
        after = _WORD.search(text, end)
        moved = after.end() if after else None
    elif edge == "end":  # back to the end of the word before the last one
        words = [m.end() for m in _WORD.finditer(text, start, end)]
        moved = words[-2] if len(words) >= 2 else None
    elif direction < 0:  # to the start of the word the start is in, or of the one before
        before = list(_WORD.finditer(text, max(0, start - 200), start))
        moved = before[-1].start() if before else None
    else:  # on to the start of the second word
        moved = next((m.start() for m in _WORD.finditer(text, start, end) if m.start() > start), None)
    if moved is None or moved == offset:
        return None
    new = (min(moved, end), end) if edge == "start" else (start, max(moved, start))
    if new[0] >= new[1] or _PARAGRAPH_BREAK in text[new[0] : new[1]] or not text[new[0] : new[1]].strip():
        return None
    return new


def _grapheme_edge(text: str, offset: int, direction: int) -> int | None:
    """The grapheme boundary after (before) `offset`."""
    if direction > 0:
        match = _GRAPHEME.match(text, offset)
        return match.end() if match and offset < len(text) else None
    starts = [m.start() for m in _GRAPHEME.finditer(text, max(0, offset - 16), offset)]
    return starts[-1] if starts else None


class SpanEdgeActions:
    """The edge keys of the reading screen. Mixed into the screen, whose view, session and `_save` it uses."""

    def action_edge(self: Any, edge: str, unit: str, direction: int) -> None:
        span = self._span_here()
        if span is None:
            return
        text = self.view.texts[span.side]
        moved = moved_edge(text, span.start, span.end, edge, unit, direction)
        if moved is None:
            self._tell(f"The {edge} of {span.label} “{preview(span.text)}” cannot move that way.")
            return
        start, end = moved
        if self._save(lambda: self.session.respan(span.id, start, end), f"{span.label} “{preview(text[start:end])}”"):
            cursor = self.view.cursor.offset
            if not start <= cursor < end:  # keep the cursor on the annotation, so the next edge key finds it
                self.view.move_to(span.side, min(max(cursor, start), end - 1))
