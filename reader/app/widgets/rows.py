"""Aligned rows: both panes laid out bead by bead, so each bead's two halves start on the same screen row.

Korean and English wrap to different heights (a Hangul syllable is two cells), so a naive two-pane view drifts
apart after a few paragraphs (field notes §3). Here every bead (the titles, then each paragraph bead) gets as
many rows as its taller side needs; the shorter side is padded. One scroll position then serves both panes.

Widths are terminal cells (`rich.cells`), never `len()`; every offset is a code point in `Article.side_text`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import get_character_cell_size

from tandem.reader.printable import without_bidi_controls
from tandem.reader.text.article import PARAGRAPH_SEPARATOR, Article
from tandem.reader.text.language import Lang


@dataclass(frozen=True, slots=True)
class Line:
    """One screen line of one pane: `side_text[start:end]`. Lines of a block cover it without gaps."""

    start: int
    end: int
    cells: int
    """Its width in terminal cells, known from wrapping: drawing it needs no measuring."""


def wrap(text: str, base: int, width: int) -> list[Line]:
    """Wrap one block (starting at offset `base` of its side) into lines of at most `width` cells.

    Breaks after a space where the line has one (a Korean eojeol or an English word stays whole), otherwise
    between two characters; a wide character is never split. A trailing space stays on its line, so every
    offset of the block lies on exactly one line and the cursor can rest on it."""
    width = max(width, 2)
    lines: list[Line] = []
    start = 0
    cells = 0
    breakable = -1  # index just after the last space on the current line
    for i, ch in enumerate(text):
        size = get_character_cell_size(ch)
        if cells + size > width and i > start:
            cut = breakable if breakable > start else i
            carried = sum(get_character_cell_size(c) for c in text[cut:i])
            lines.append(Line(base + start, base + cut, cells - carried))
            start, cells = cut, carried
            breakable = -1
            if cells + size > width and i > start:  # the word carried over, plus this character, is still too wide
                lines.append(Line(base + start, base + i, cells))
                start, cells = i, 0
        cells += size
        if ch == " ":
            breakable = i + 1
    lines.append(Line(base + start, base + len(text), cells))
    return lines


class AlignedRows:
    """The rows of the reading view for the given languages (one or two panes), each pane `width` cells wide."""

    def __init__(self, article: Article, langs: tuple[Lang, ...], width: int) -> None:
        self.langs = langs
        self.width = width
        self.rows: dict[Lang, list[Line | None]] = {lang: [] for lang in langs}
        self.lines: dict[Lang, list[Line]] = {lang: [] for lang in langs}
        self.line_rows: dict[Lang, list[int]] = {lang: [] for lang in langs}
        self.bead_rows: list[int] = []
        """The first row of each bead: the titles' bead (if any title), then one per paragraph bead."""
        self.blocks: dict[Lang, list[tuple[int, int]]] = {lang: block_ranges(article, lang) for lang in langs}
        """(start, end) offsets of each block (title, paragraphs) of each side."""
        text = {lang: without_bidi_controls(article.side_text(lang)) for lang in langs}  # as the panes draw it

        for bead_blocks in _bead_blocks(article):
            if self.bead_rows:
                self._pad_to(self.height + 1)  # one blank row between beads
            self.bead_rows.append(self.height)
            top = self.height
            for lang in langs:
                self._pad_to(top, lang)
                for n, block in enumerate(bead_blocks[lang]):
                    if n:
                        self.rows[lang].append(None)  # a blank row between paragraphs of one bead
                    start, end = self.blocks[lang][block]
                    for line in wrap(text[lang][start:end], start, width):
                        self.line_rows[lang].append(len(self.rows[lang]))
                        self.lines[lang].append(line)
                        self.rows[lang].append(line)
            self._pad_to(max(top + 1, self.height))
        self._line_starts = {lang: [line.start for line in self.lines[lang]] for lang in langs}

    @property
    def height(self) -> int:
        return max((len(rows) for rows in self.rows.values()), default=0)

    def _pad_to(self, height: int, lang: Lang | None = None) -> None:
        for key in [lang] if lang else self.langs:
            self.rows[key].extend([None] * (height - len(self.rows[key])))

    def line_index(self, lang: Lang, offset: int) -> int:
        """Index (into `lines[lang]`) of the line holding `offset`."""
        return max(0, bisect_right(self._line_starts[lang], offset) - 1)

    def row_of(self, lang: Lang, offset: int) -> int:
        """The screen row (from the top of the article) where `offset` is drawn."""
        return self.line_rows[lang][self.line_index(lang, offset)]

    def column_of(self, text: str, lang: Lang, offset: int) -> int:
        """The cell column of `offset` within its line."""
        line = self.lines[lang][self.line_index(lang, offset)]
        return sum(get_character_cell_size(ch) for ch in text[line.start : offset])

    def offset_at(self, text: str, lang: Lang, line_index: int, column: int) -> int:
        """The offset on line `line_index` whose cells cover `column` (or the line's last offset)."""
        line = self.lines[lang][line_index]
        cells = 0
        for offset in range(line.start, line.end):
            cells += get_character_cell_size(text[offset])
            if cells > column:
                return offset
        return max(line.start, line.end - 1)


def block_ranges(article: Article, lang: Lang) -> list[tuple[int, int]]:
    """(start, end) offsets in `side_text(lang)` of each of its blocks: the title (if any), then paragraphs."""
    ranges, offset = [], 0
    for block in article.side_blocks(lang):
        ranges.append((offset, offset + len(block)))
        offset += len(block) + len(PARAGRAPH_SEPARATOR)
    return ranges


def _bead_blocks(article: Article) -> list[dict[Lang, list[int]]]:
    """Block indices (into `side_blocks`) of each bead: the titles' bead, then the paragraph beads."""
    skip = {lang: 1 if article.title[lang] else 0 for lang in ("ko", "en")}
    beads: list[dict[Lang, list[int]]] = []
    if any(skip.values()):
        beads.append({lang: [0] if skip[lang] else [] for lang in ("ko", "en")})
    for bead in article.alignment:
        beads.append({"ko": [i + skip["ko"] for i in bead.ko], "en": [i + skip["en"] for i in bead.en]})
    return beads
