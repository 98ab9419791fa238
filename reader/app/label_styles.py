"""How each label is drawn on this terminal: its colour, and where colours are few, a mark that is not a colour.

On a terminal of 256 colours or more a label has its schema colour. With 16 colours, Rich would bring the
schema's colours down to the nearest ANSI ones (five labels the same white, two the same cyan), so each label
takes its `colour16` instead (or, if the schema gives none, the next unused ANSI colour). With 16 colours or none
(`NO_COLOR`), the labels of a layer also get a text style each (bold, italic, strike …), which no filter removes,
and the status line names the label under the cursor. The reading screen says so once.
"""

from __future__ import annotations

from tandem.annotations.schema import Schema

FULL_COLOUR = frozenset(("truecolor", "256"))
_ANSI = ("red", "green", "yellow", "blue", "magenta", "cyan", "bright_red", "bright_green", "bright_yellow",
         "bright_blue", "bright_magenta", "bright_cyan", "white", "bright_black")  # fmt: skip
_MARKS = ("", "bold", "italic", "bold italic", "strike", "bold strike", "italic strike", "bold italic strike")
"""The text styles that tell a layer's labels apart without colour, in label order (a layer of more labels than
this repeats them: the status line still names each)."""


class LabelStyles:
    """The paint of every label for one terminal: `colour` (for suggestions, drawn as coloured text) and `paint`
    (for annotations: the colour and, where colours are few, the label's mark)."""

    def __init__(self, schema: Schema, color_system: str | None, no_color: bool) -> None:
        self.full_colour = color_system in FULL_COLOUR and not no_color
        self.note: str | None = None
        """What to tell the user once, when the terminal shows fewer than 256 colours (None otherwise)."""
        self._colour: dict[tuple[str, str], str] = {}
        self._paint: dict[tuple[str, str], str] = {}
        spare = iter([c for c in _ANSI if c not in {lb.colour16 for ly in schema.layers.values() for lb in ly.labels}])
        for layer in schema.layers.values():
            for n, label in enumerate(layer.labels):
                key = (layer.name, label.name)
                colour = label.colour if self.full_colour else label.colour16 or next(spare, "white")
                mark = "" if self.full_colour else _MARKS[n % len(_MARKS)]
                self._colour[key] = colour
                self._paint[key] = f"{colour} {mark}".strip()
        if not self.full_colour:
            shown = "no colours (NO_COLOR)" if no_color else "16 colours" if color_system else "no colours"
            self.note = (f"This terminal shows {shown}: the labels of a layer are told apart by a text style "
                         "(plain, bold, italic, strike …) too, and the status line names the label under the cursor.")

    def colour(self, layer: str, label: str) -> str:
        return self._colour.get((layer, label), "grey50")

    def paint(self, layer: str, label: str) -> str:
        """`colour` followed by the label's mark, if any ("red bold"): what the view's annotation runs take."""
        return self._paint.get((layer, label), "grey50")
