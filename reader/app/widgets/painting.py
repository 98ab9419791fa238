"""Styles for the characters of one pane line: annotation colours underneath, highlights on top.

A line's annotation styling comes in *runs* (a range and the style over it), found from the spans near the line,
so drawing a line costs the same whatever the number of annotations. Where spans overlap, the innermost
(shortest) span's colour shows and the text is underlined, so nesting stays visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style

from tandem.reader.app.widgets.intervals import Intervals
from tandem.reader.app.widgets.rows import Line

_TEXT_ON_COLOUR = "#1b1d23"


@dataclass(frozen=True, slots=True)
class Highlight:
    """A range drawn with the annotation colours: under them (sentence, counterpart, search match: a tint
    that must not hide a label's colour) or over them (selection, cursor: always visible)."""

    start: int
    end: int
    style: Style
    over: bool = False


@lru_cache(maxsize=256)
def _span_style(paint: str, nested: bool) -> Style:
    """A label's paint — its colour, then any text style that marks it ("red bold") — with the colour as a
    background (underlined where spans overlap); few distinct, so made once each."""
    colour, _, mark = paint.partition(" ")
    style = Style(color=_TEXT_ON_COLOUR, bgcolor=colour, underline=nested)
    return style + Style.parse(mark) if mark else style


def _identity(span: tuple[int, int, str]) -> tuple[int, int, str]:
    return span


class SpanRuns(Intervals[tuple[int, int, str]]):
    """Annotation styling of one side of an article: its (start, end, colour) spans, from which each line's runs
    are made from the few spans near it, however many the side has."""

    def __init__(self, spans: Iterable[tuple[int, int, str]] = ()) -> None:
        super().__init__(_identity, spans)

    def runs(self, start: int, end: int) -> Iterable[tuple[int, int, Style | None]]:
        """(run start, run end, style) covering [start, end): where spans overlap, the shortest one's colour,
        underlined (ties go to the earlier start, then end, then colour)."""
        near = self.overlapping(start, end)
        if not near:
            yield start, end, None
            return
        cuts = sorted({start, end, *(p for s in near for p in s[:2] if start < p < end)})
        for a, b in pairwise(cuts):
            active = [s for s in near if s[0] <= a < s[1]]
            if not active:
                yield a, b, None
            elif len(active) == 1:
                yield a, b, _span_style(active[0][2], False)
            else:
                yield a, b, _span_style(min(active, key=lambda s: s[1] - s[0])[2], True)


def paint_line(
    text: str, line: Line | None, width: int, runs: SpanRuns, highlights: Sequence[Highlight], base: Style
) -> list[Segment]:
    """The segments of one pane line, padded with spaces to `width` cells (the line knows its own width)."""
    if line is None:
        return [Segment(" " * width, base)]
    cuts = {line.start, line.end}
    for h in highlights:
        cuts.update(p for p in (h.start, h.end) if line.start < p < line.end)
    segments: list[Segment] = []
    bounds = sorted(cuts)
    for a, b in pairwise(bounds):
        for start, stop, style in runs.runs(a, b):
            piece = text[start:stop]
            covering = [h for h in highlights if h.start <= start and stop <= h.end]
            composed = base
            for h in covering:
                if not h.over:
                    composed += h.style
            if style:
                composed += style
            for h in covering:
                if h.over:
                    composed += h.style
            segments.append(Segment(piece, composed))
    if line.cells < width:
        segments.append(Segment(" " * (width - line.cells), base))
    return segments
