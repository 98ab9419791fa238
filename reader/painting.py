"""Styles for the characters of one pane line: annotation colours underneath, highlights on top.

Annotations are turned into *runs* once per change (boundaries + the style between them), so drawing a line is
a bisect and a walk over a few runs, whatever the number of annotations. Where spans overlap, the innermost
(shortest) span's colour shows and the text is underlined, so nesting stays visible.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style

from reader.rows import Line

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
def _span_style(colour: str, nested: bool) -> Style:
    """A label's colour as a background (underlined where spans overlap); few distinct, so made once each."""
    return Style(color=_TEXT_ON_COLOUR, bgcolor=colour, underline=nested)


class SpanRuns:
    """Annotation styling of one side of an article, as runs between boundaries."""

    def __init__(self, spans: Iterable[tuple[int, int, str]]) -> None:
        """`spans` are (start, end, colour) triples."""
        spans = sorted(spans)
        points = sorted({p for start, end, _ in spans for p in (start, end)})
        self._bounds: list[int] = []
        self._styles: list[Style | None] = []
        active: list[tuple[int, int, str]] = []
        i = 0
        for point in points:
            if active:
                active = [s for s in active if s[1] > point]
            while i < len(spans) and spans[i][0] <= point:
                if spans[i][1] > point:
                    active.append(spans[i])
                i += 1
            self._bounds.append(point)
            if active:
                colour = min(active, key=lambda s: s[1] - s[0])[2] if len(active) > 1 else active[0][2]
                self._styles.append(_span_style(colour, len(active) > 1))
            else:
                self._styles.append(None)

    def runs(self, start: int, end: int) -> Iterable[tuple[int, int, Style | None]]:
        """(run start, run end, style) covering [start, end)."""
        i = bisect_right(self._bounds, start) - 1
        position = start
        while position < end:
            style = self._styles[i] if i >= 0 else None
            stop = self._bounds[i + 1] if i + 1 < len(self._bounds) else end
            stop = min(max(stop, position + 1), end)
            yield position, stop, style
            position = stop
            i += 1


def paint_line(
    text: str, line: Line | None, width: int, runs: SpanRuns, highlights: Sequence[Highlight], base: Style
) -> list[Segment]:
    """The segments of one pane line, padded with spaces to `width` cells."""
    if line is None:
        return [Segment(" " * width, base)]
    cuts = {line.start, line.end}
    for h in highlights:
        cuts.update(p for p in (h.start, h.end) if line.start < p < line.end)
    segments: list[Segment] = []
    used = 0
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
            segment = Segment(piece, composed)
            used += segment.cell_length
            segments.append(segment)
    if used < width:
        segments.append(Segment(" " * (width - used), base))
    return segments
