"""The reading view: Korean and English panes in aligned rows, with a cursor, a selection and highlights.

A Line-API widget (like Toolong's log view): only the visible rows are drawn, each from a cache keyed by what is
on it, so a 200 KB article with thousands of annotations scrolls and moves as fast as a short one. It knows
nothing of the store: the screen hands it coloured ranges (attributes down) and hears where the cursor went
(a signal up).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.signal import Signal
from textual.strip import Strip

from tandem.reader.app.widgets.painting import Highlight, SpanRuns, paint_line
from tandem.reader.app.widgets.rows import AlignedRows
from tandem.reader.printable import without_bidi_controls
from tandem.reader.text.article import Article
from tandem.reader.text.counterparts import Sentence, SentenceIndex
from tandem.reader.text.language import Lang

if TYPE_CHECKING:
    import regex

NARROW = 100
"""Below this many columns a bilingual article shows one pane at a time (tab switches)."""
_SEPARATOR = " │ "
_LAYOUTS_KEPT = 4
_PREFETCH_ROWS = 8
"""Rows drawn ahead per turn of the event loop (few enough that a key is never kept waiting behind them)."""
Painted = tuple[Lang, int, int, str]


@lru_cache(maxsize=64)
def _suggestion_style(colour: str) -> Style:
    return Style(color=colour, underline=True, italic=True)
"""An annotation as the view draws it: side, start, end, colour."""
_PATTERNS = {"grapheme": r"\X", "word_start": r"(?<!\S)\S", "word_start_backwards": r"(?r)(?<!\S)\S",
             "word": r"[\w\-']+"}


@cache
def _pattern(name: str) -> regex.Pattern[str]:
    """One of the motions' `regex` patterns, compiled (and `regex` imported) on first use: the first frame needs
    none (see `_grapheme_bounds`), and the view compiles them once that frame is drawn."""
    import regex

    return regex.compile(_PATTERNS[name])


def _simple_grapheme(ch: str) -> bool:
    """Printable ASCII or a precomposed Hangul syllable: between two of these there is always a grapheme
    boundary (UAX #29 joins only around controls, conjoining jamo, extenders, joiners, prepends and flags)."""
    return " " <= ch <= "~" or "\uac00" <= ch <= "\ud7a3"


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the cursor is: a language and a code-point offset into that side's text."""

    lang: Lang
    offset: int


class ArticleView(ScrollView, can_focus=True):
    """Both sides of an article, bead-aligned, with keyboard motions and selection."""

    COMPONENT_CLASSES = {
        "article-view--cursor",
        "article-view--selection",
        "article-view--sentence",
        "article-view--counterpart",
        "article-view--match",
        "article-view--separator",
    }

    BINDINGS = [
        Binding("left,h", "move('char', -1)", "Left", show=False, id="view.left"),  # `l` links (annotate.link)
        Binding("right", "move('char', 1)", "Right", show=False, id="view.right"),
        Binding("up,k", "move('line', -1)", "Up", show=False, id="view.up"),
        Binding("down,j", "move('line', 1)", "Down", show=False, id="view.down"),
        Binding("w", "move('word', 1)", "Next word", show=False, id="view.word_next"),
        Binding("b", "move('word', -1)", "Previous word", show=False, id="view.word_previous"),
        Binding(")", "move('sentence', 1)", "Next sentence", show=False, id="view.sentence_next"),
        Binding("(", "move('sentence', -1)", "Previous sentence", show=False, id="view.sentence_previous"),
        Binding("}", "move('paragraph', 1)", "Next paragraph", show=False, id="view.paragraph_next"),
        Binding("{", "move('paragraph', -1)", "Previous paragraph", show=False, id="view.paragraph_previous"),
        Binding("pagedown,space", "move('page', 1)", "Page down", show=False, id="view.page_down"),
        Binding("pageup", "move('page', -1)", "Page up", show=False, id="view.page_up"),
        Binding("g,home", "move('edge', -1)", "Top", show=False, id="view.top"),
        Binding("G,end", "move('edge', 1)", "Bottom", show=False, id="view.bottom"),
        Binding("shift+left", "extend('char', -1)", "Extend left", show=False, id="view.extend_left"),
        Binding("shift+right", "extend('char', 1)", "Extend right", show=False, id="view.extend_right"),
        Binding("shift+up", "extend('line', -1)", "Extend up", show=False, id="view.extend_up"),
        Binding("shift+down", "extend('line', 1)", "Extend down", show=False, id="view.extend_down"),
        Binding("v", "toggle_selection", "Select", id="view.select"),
        Binding("escape", "clear_selection", "Clear selection", show=False, id="view.clear"),
        Binding("tab", "switch_pane", "Switch pane", id="view.switch_pane"),
    ]

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.langs: tuple[Lang, ...] = article.languages
        self.texts = {lang: without_bidi_controls(article.side_text(lang)) for lang in self.langs}
        self.sentences = SentenceIndex(article)
        self.cursor_moved: Signal[ArticleView] = Signal(self, "cursor_moved")
        """Published when the cursor, the selection or the panes changed. A signal rather than a message: a
        screen that subscribes with `immediate=True` updates its status line in the same frame as the view,
        where a message would arrive after the view's frame and cost a second one, up to 16 ms later."""
        self.scrolled: Signal[ArticleView] = Signal(self, "scrolled")
        """Published when the view scrolled, by a motion or by the mouse wheel (see `position_label`)."""
        self.active: Lang = self.langs[0]
        self.cursor_offsets: dict[Lang, int] = {lang: 0 for lang in self.langs}
        self.anchor: int | None = None
        self._found = False
        """The selection is a search match (`move_to(..., select_to=...)`): the next plain motion drops it, a
        deliberate extension (shift+motion, `v`) keeps it."""
        self._goal_column: int | None = None
        self._runs: dict[Lang, SpanRuns] = {lang: SpanRuns() for lang in self.langs}
        self._matches: dict[Lang, list[tuple[int, int]]] = {lang: [] for lang in self.langs}
        self._suggested: dict[Lang, list[tuple[int, int, str]]] = {lang: [] for lang in self.langs}
        self._rows: AlignedRows | None = None
        self._layouts: dict[tuple[tuple[Lang, ...], int], AlignedRows] = {}
        self._width = 0
        self._prefetches = 0
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._generation = 0
        self._styles: dict[str, Style] = {}
        self._styles_checked = True
        self._lit_rows: set[int] = set()
        self._highlight_cache: dict[Lang, tuple[tuple[object, ...], list[Highlight]]] = {}

    # --- what the screen reads ----------------------------------------------------------------------------------

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.active, self.cursor_offsets[self.active])

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected [start, end) of the active side, if a selection is active."""
        if self.anchor is None:
            return None
        offset = self.cursor_offsets[self.active]
        low, high = min(self.anchor, offset), max(self.anchor, offset)
        return low, self._next_boundary(self.active, high)

    @property
    def visible_langs(self) -> tuple[Lang, ...]:
        return (self.active,) if self.is_narrow else self.langs

    @property
    def is_narrow(self) -> bool:
        return len(self.langs) == 2 and 0 < self._width < NARROW

    def position_label(self) -> str:
        """Where the view is in the article, as a pager says it: All, Top, Bot or a percentage. It stands in
        for a scrollbar, which Textual repaints at every scroll and layout (~2 ms a frame)."""
        hidden = self.rows.height - self.scrollable_content_region.height
        top = self.scroll_offset.y
        if hidden <= 0:
            return "All"
        return "Top" if top <= 0 else "Bot" if top >= hidden else f"{100 * top // hidden}%"

    def sentence_at_cursor(self) -> Sentence | None:
        return self.sentences.at(self.active, self.cursor_offsets[self.active])

    def word_at_cursor(self) -> tuple[int, int] | None:
        """The word (letters, digits, hyphens, apostrophes) under the cursor, as [start, end)."""
        text, offset = self.texts[self.active], self.cursor_offsets[self.active]
        start = offset
        word = _pattern("word")
        while start > 0 and word.fullmatch(text[start - 1]):
            start -= 1
        match = word.match(text, start)
        return (start, match.end()) if match and match.end() > offset else None

    # --- what the screen sets -----------------------------------------------------------------------------------

    def change_annotations(self, added: Iterable[Painted], removed: Iterable[Painted] = ()) -> None:
        """Colour the `added` (lang, start, end, colour) ranges, uncolour the `removed` ones. Only the rows where
        a range came or went are redrawn: after a save that is a line or two, not the whole view."""
        changed: list[Painted] = []
        for lang, start, end, colour in removed:
            self._runs[lang].remove((start, end, colour))
            changed.append((lang, start, end, colour))
        for lang, start, end, colour in added:
            self._runs[lang].add((start, end, colour))
            changed.append((lang, start, end, colour))
        self._redraw((lang, start, end) for lang, start, end, _ in changed)

    def set_suggestions(self, marks: Iterable[Painted]) -> None:
        """Draw pending suggestions: the label's colour on the text, underlined, never as a background (which
        only annotations have), so a suggestion cannot be taken for an annotation even without colour."""
        suggested: dict[Lang, list[tuple[int, int, str]]] = {lang: [] for lang in self.langs}
        for lang, start, end, colour in marks:
            if lang in suggested:
                suggested[lang].append((start, end, colour))
        for found in suggested.values():
            found.sort()
        if suggested == self._suggested:  # most saves change no suggestion: keep every drawn row
            return
        changed = [(lang, start, end) for lang in self.langs
                   for start, end, _ in set(suggested[lang]).symmetric_difference(self._suggested[lang])]
        self._suggested = suggested
        self._redraw(changed)

    def unmark_suggestions(self, marks: Iterable[Painted]) -> None:
        """Take these marks off (one each: two suggestions can propose the same range) and redraw their rows."""
        changed: list[tuple[Lang, int, int]] = []
        for lang, start, end, colour in marks:
            found = self._suggested.get(lang, [])
            i = bisect_left(found, (start, end, colour))
            if i < len(found) and found[i] == (start, end, colour):
                del found[i]
                changed.append((lang, start, end))
        self._redraw(changed)

    def _redraw(self, changed: Iterable[tuple[Lang, int, int]]) -> None:
        """Redraw the rows on screen where these ranges lie; the others are drawn afresh when scrolled to, since
        what is marked on a row is part of its cache key."""
        if self._rows is None:
            self.refresh()
            return
        rows, top = self.rows, self.scroll_offset.y
        shown: set[int] = set()
        for lang, start, end in changed:
            if lang in rows.langs:
                first, last = rows.row_of(lang, start), rows.row_of(lang, max(start, end - 1))
                shown.update(range(max(first, top), min(last + 1, top + self.size.height)))
        for row in sorted(shown):
            self.refresh_line(row)

    def set_matches(self, lang: Lang, matches: list[tuple[int, int]]) -> None:
        """Highlight search matches on one side."""
        self._matches = {code: (matches if code == lang else []) for code in self.langs}
        self._changed()

    def move_to(self, lang: Lang, offset: int, *, select_to: int | None = None) -> None:
        """Put the cursor at `offset` of `lang` (and select from there to `select_to`, if given)."""
        if lang not in self.langs:
            return
        self.active = lang
        self._found = select_to is not None
        if select_to is not None:
            self.anchor = offset
            self.cursor_offsets[lang] = self._previous_boundary(lang, select_to)
        else:
            self.cursor_offsets[lang] = self._clamp(lang, offset)
        self._goal_column = None
        self._after_move()

    def clear_selection(self) -> None:
        self.anchor = None
        self._found = False
        self._after_move()

    # --- layout and drawing --------------------------------------------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.scrolled.publish(self)
            self._prefetches += 1
            self.call_after_refresh(self._prefetch, self._prefetches, None)

    def _prefetch(self, token: int, pending: list[int] | None) -> None:
        """Draw the pages below and above the view into the row cache after a scroll, a few rows per turn of the
        event loop (a key waits at most one turn), so the next page key finds most rows drawn. A newer scroll
        (`token`) makes this one stop."""
        if token != self._prefetches:
            return
        if pending is None:
            top, height, end = self.scroll_offset.y, self.scrollable_content_region.height, self.rows.height
            pending = [row for row in (*range(top + height, top + 2 * height), *range(top - height, top))
                       if 0 <= row < end]
        for row in pending[:_PREFETCH_ROWS]:
            self._row_strip(row)
        if len(pending) > _PREFETCH_ROWS:
            self.call_later(self._prefetch, token, pending[_PREFETCH_ROWS:])

    def on_resize(self, event: events.Resize) -> None:
        self._layout()

    def on_mount(self) -> None:
        self._layout()
        self.call_after_refresh(lambda: [_pattern(name) for name in _PATTERNS])  # ready for the first motion

    @property
    def view_width(self) -> int:
        """The view's width; before its first layout, the terminal's, which is what the reading screen gives it:
        the rows laid out at mount are then the ones the first frame shows (elsewhere the first Resize redoes
        them)."""
        return self.scrollable_content_region.width or self.size.width or self.app.size.width or 80

    def _pane_width(self) -> int:
        width = self.view_width
        if len(self.visible_langs) == 2:
            return max(8, (width - len(_SEPARATOR)) // 2)
        return max(8, width)

    def _layout(self) -> None:
        self._width = self.size.width or self.view_width  # kept: Textual computes `size` at every call
        if self._rows is not None and self._rows.width != self._pane_width():
            self._rows = None
        self.virtual_size = Size(self.scrollable_content_region.width, self.rows.height)
        self._scroll_to_cursor(animate=False)
        self.cursor_moved.publish(self)  # the panes may have changed: the screen retitles them
        if self.is_narrow:  # lay out the other pane once the screen is drawn, so the first `tab` finds it ready
            other = tuple(lang for lang in self.langs if lang != self.active)
            self.call_after_refresh(self._layout_of, other, self._pane_width())

    @property
    def rows(self) -> AlignedRows:
        """The current layout, rebuilt when the pane width or the visible languages changed."""
        if self._rows is None or self._rows.langs != self.visible_langs:
            self._rows = self._layout_of(self.visible_langs, self._pane_width())
            self._changed()
        return self._rows

    def _layout_of(self, langs: tuple[Lang, ...], width: int) -> AlignedRows:
        """The layout of `langs` at `width`, kept: on a narrow screen `tab` flips between two of them, and laying
        out a 200 KB side takes ~20 ms."""
        key = (langs, width)
        if key not in self._layouts:
            if len(self._layouts) >= _LAYOUTS_KEPT:
                self._layouts.clear()
            self._layouts[key] = AlignedRows(self.article, langs, width)
        return self._layouts[key]

    def _changed(self) -> None:
        self._generation += 1
        self.refresh()

    def _style(self, component: str) -> Style:
        """The widget's own style (`""`) or a component's, computed once per theme (each is costly)."""
        style = self._styles.get(component)
        if style is None:
            style = self._styles[component] = self.get_component_rich_style(component) if component else self.rich_style
        return style

    def notify_style_update(self) -> None:
        """Textual calls this on every restyle, focus changes included; the drawn rows are kept unless a style
        they use really changed (checked at the next draw), so moving the focus to a picker repaints nothing."""
        super().notify_style_update()
        self._styles_checked = False

    def _check_styles(self) -> None:
        old = self._styles
        self._styles = {}
        if any(self._style(component) != style for component, style in old.items()):
            self._generation += 1
            self.refresh()
        self._styles_checked = True

    def _highlighted_rows(self) -> set[int]:
        """Rows that carry a highlight now (sentence, counterpart, selection, cursor)."""
        rows = self.rows
        found: set[int] = set()
        for lang in rows.langs:
            for h in self._highlights(lang):
                found.update(range(rows.row_of(lang, h.start), rows.row_of(lang, max(h.start, h.end - 1)) + 1))
        return found

    def _highlights(self, lang: Lang) -> list[Highlight]:
        """The few ranges drawn with the annotation colours of one side (matches are added per line); the same
        for every row of a frame, so computed once per cursor position rather than once per row."""
        key = (self.active, self.cursor_offsets[self.active], self.anchor, self._generation)
        cached = self._highlight_cache.get(lang)
        if cached is None or cached[0] != key:
            cached = self._highlight_cache[lang] = (key, self._compute_highlights(lang))
        return cached[1]

    def _compute_highlights(self, lang: Lang) -> list[Highlight]:
        style = self._style
        found: list[Highlight] = []
        sentence = self.sentence_at_cursor()
        if sentence is not None:
            if lang == self.active:
                found.append(Highlight(sentence.start, sentence.end, style("article-view--sentence")))
            else:
                found += [Highlight(s.start, s.end, style("article-view--counterpart"))
                          for s in self.sentences.counterparts(sentence)]
        if lang == self.active:
            if self.selection:
                found.append(Highlight(*self.selection, style("article-view--selection"), over=True))
            offset = self.cursor_offsets[lang]
            found.append(Highlight(offset, self._next_boundary(lang, offset), style("article-view--cursor"), over=True))
        return found

    def render_line(self, y: int) -> Strip:
        if not self._styles_checked:
            self._check_styles()
        return self._row_strip(self.scroll_offset.y + y)

    def _row_strip(self, row: int) -> Strip:
        """Row `row` of the view, drawn, from the cache when nothing on it changed. The cache key holds what the
        row shows: its lines, the annotations and the highlights (suggestions, matches, cursor…) over them, so a
        change redraws the rows it touches and no others; the generation changes with the layout and the styles,
        which every row depends on."""
        rows = self.rows
        inside = row < rows.height
        base = self._style("")
        pieces: list[tuple[Lang, object]] = []
        highlights: dict[Lang, list[Highlight]] = {}
        annotated: list[tuple[tuple[int, int, str], ...]] = []
        for lang in rows.langs:
            line = rows.rows[lang][row] if inside else None
            if line is None:
                highlights[lang] = []
            else:
                annotated.append(tuple(self._runs[lang].overlapping(line.start, line.end)))
                marks = [h for h in self._highlights(lang) if h.start < line.end and h.end > line.start]
                matches = self._matches[lang]
                first = bisect_left(matches, (line.start - 200, 0))
                match_style = self._style("article-view--match")
                for start, end in matches[first:]:
                    if start >= line.end:
                        break
                    if end > line.start:
                        marks.insert(0, Highlight(start, end, match_style))
                suggested = self._suggested[lang]
                for start, end, colour in suggested[bisect_left(suggested, (line.start - 200, 0, "")):]:
                    if start >= line.end:
                        break
                    if end > line.start:
                        marks.insert(0, Highlight(start, end, _suggestion_style(colour)))
                highlights[lang] = marks
            pieces.append((lang, line))
        key = (row, self._generation, rows.width, tuple((lang, tuple(highlights[lang])) for lang in highlights),
               tuple(annotated))
        strip = self._cache.get(key)
        if strip is None:
            strip = self._draw(pieces, highlights, base, rows.width)
            self._cache[key] = strip
        return strip

    def _draw(self, pieces, highlights: dict[Lang, list[Highlight]], base: Style, width: int) -> Strip:
        """One row: each pane's line padded to the pane width, then to the view's width. Every width is known
        from the layout, so the strip is made at its length instead of measured and adjusted."""
        segments: list[Segment] = []
        for n, (lang, line) in enumerate(pieces):
            if n:
                segments.append(Segment(_SEPARATOR, self._style("article-view--separator")))
            segments += paint_line(self.texts[lang], line, width, self._runs[lang], highlights[lang], base)
        used = len(pieces) * width + (len(pieces) - 1) * len(_SEPARATOR)
        total = self.scrollable_content_region.width
        if used < total:
            segments.append(Segment(" " * (total - used), base))
        strip = Strip(segments, max(used, total))
        return strip.crop(0, total) if used > total else strip  # panes are at least 8 cells: a tiny terminal

    # --- motions -------------------------------------------------------------------------------------------------

    def action_move(self, unit: str, direction: int) -> None:
        if self._found:
            self.anchor, self._found = None, False
        if unit == "page":
            self._page(direction)
            return
        self._move(unit, direction)
        self._after_move(keep_goal=unit == "line")

    def _page(self, direction: int) -> None:
        """Scroll a screen of text, as `less` does, the cursor keeping its row on the screen; at either end of the
        article, where the view cannot scroll a whole screen, the cursor goes the rest of the way. A row with
        nothing of the active side (the other side's longer paragraph) passes the cursor to the next one."""
        lang, rows = self.active, self.rows
        text = self.texts[lang]
        height = max(1, self.scrollable_content_region.height)
        if self._goal_column is None:
            self._goal_column = rows.column_of(text, lang, self.cursor_offsets[lang])
        target = min(max(rows.row_of(lang, self.cursor_offsets[lang]) + direction * height, 0), rows.height - 1)
        lines = rows.rows[lang]
        found = next((r for r in [*range(target, len(lines)), *range(target - 1, -1, -1)] if lines[r] is not None),
                     None)  # fmt: skip
        if found is not None:
            index = rows.line_index(lang, lines[found].start)
            self.cursor_offsets[lang] = self._clamp(lang, rows.offset_at(text, lang, index, self._goal_column))
        self.scroll_to(y=self.scroll_offset.y + direction * height, animate=False, immediate=True)
        self._after_move(keep_goal=True)

    def action_extend(self, unit: str, direction: int) -> None:
        self._found = False
        if self.anchor is None:
            self.anchor = self.cursor_offsets[self.active]
        self._move(unit, direction)
        self._after_move(keep_goal=unit == "line")

    def action_toggle_selection(self) -> None:
        """Start or end a selection; on a search match, keep the match selected for the motions to extend."""
        if self._found:
            self._found = False
        else:
            self.anchor = None if self.anchor is not None else self.cursor_offsets[self.active]
        self._after_move()

    def action_clear_selection(self) -> None:
        self.clear_selection()

    def action_switch_pane(self) -> None:
        if len(self.langs) < 2:
            self.notify("This article has one language.", severity="warning")
            return
        sentence = self.sentence_at_cursor()
        partners = self.sentences.counterparts(sentence) if sentence else []
        self.active = "en" if self.active == "ko" else "ko"
        offset = self.cursor_offsets[self.active]
        if partners and not any(p.start <= offset < p.end for p in partners):
            self.cursor_offsets[self.active] = self._clamp(self.active, partners[0].start)  # keep the alignment
        self.anchor, self._found = None, False
        self._goal_column = None
        if self.is_narrow:
            self._layout()
        self._after_move()

    def _move(self, unit: str, direction: int) -> None:
        lang, offset = self.active, self.cursor_offsets[self.active]
        text, rows = self.texts[lang], self.rows
        if unit == "char":
            offset = self._next_boundary(lang, offset) if direction > 0 else self._previous_boundary(lang, offset)
            offset = self._skip_separator(lang, offset, direction)
        elif unit == "line":
            if self._goal_column is None:
                self._goal_column = rows.column_of(text, lang, offset)
            index = rows.line_index(lang, offset)
            target = min(max(index + direction, 0), len(rows.lines[lang]) - 1)
            offset = rows.offset_at(text, lang, target, self._goal_column)
        elif unit == "word":
            pattern = _pattern("word_start" if direction > 0 else "word_start_backwards")
            match = pattern.search(text, offset + 1) if direction > 0 else pattern.search(text, 0, offset)
            offset = match.start() if match else offset
        elif unit == "sentence":
            starts = [s.start for s in self.sentences.sentences(lang)]
            i = bisect_right(starts, offset) if direction > 0 else bisect_left(starts, offset) - 1
            offset = starts[i] if 0 <= i < len(starts) else offset
        elif unit == "paragraph":
            starts = [start for start, _ in rows.blocks[lang]]
            i = bisect_right(starts, offset) if direction > 0 else bisect_left(starts, offset) - 1
            offset = starts[i] if 0 <= i < len(starts) else offset
        elif unit == "edge":
            offset = 0 if direction < 0 else self._previous_boundary(lang, len(text))
        self.cursor_offsets[lang] = self._clamp(lang, offset)

    def _after_move(self, keep_goal: bool = False) -> None:
        """Scroll the cursor into view and redraw what changed: the whole view after a scroll, else only the
        rows whose highlights (cursor, selection, sentence and counterparts) came or went."""
        if not keep_goal:
            self._goal_column = None
        top = self.scroll_offset.y
        self._scroll_to_cursor()
        lit = self._highlighted_rows()
        if self.scroll_offset.y != top:
            self.refresh()
        else:
            for row in sorted(lit | self._lit_rows):
                if top <= row < top + self.size.height:
                    self.refresh_line(row)
        self._lit_rows = lit
        self.cursor_moved.publish(self)

    def _scroll_to_cursor(self, animate: bool = False) -> None:
        if not self.texts[self.active]:
            return
        row = self.rows.row_of(self.active, self.cursor_offsets[self.active])
        self.scroll_to_region(Region(0, row, 1, 1), animate=animate, spacing=None, force=True)

    def _clamp(self, lang: Lang, offset: int) -> int:
        text = self.texts[lang]
        offset = min(max(offset, 0), max(len(text) - 1, 0))
        if text[offset : offset + 1] == "\n":
            offset = self._skip_separator(lang, offset, 1)
        return self._grapheme_start(lang, offset)

    def _skip_separator(self, lang: Lang, offset: int, direction: int) -> int:
        """Step over the blank line between blocks, which the cursor never rests on."""
        text = self.texts[lang]
        while 0 <= offset < len(text) and text[offset] == "\n":
            offset += 1 if direction > 0 else -1
        if offset >= len(text):
            return self._previous_boundary(lang, len(text))
        return max(offset, 0)

    def _grapheme_bounds(self, lang: Lang, offset: int) -> tuple[int, int]:
        """The [start, end) of the user-perceived character (grapheme cluster) at `offset`. A character between
        two ASCII or Hangul-syllable neighbours is a cluster of its own, found without the segmenter."""
        text = self.texts[lang]
        if 0 <= offset < len(text) and all(map(_simple_grapheme, text[max(offset - 1, 0) : offset + 2])):
            return offset, offset + 1
        line = self.rows.lines[lang][self.rows.line_index(lang, offset)] if lang in self.rows.lines else None
        start = line.start if line else max(0, offset - 8)
        for match in _pattern("grapheme").finditer(text, start, min(len(text), offset + 16)):
            if match.start() <= offset < match.end():
                return match.start(), match.end()
        return offset, offset + 1

    def _grapheme_start(self, lang: Lang, offset: int) -> int:
        return self._grapheme_bounds(lang, offset)[0] if self.texts[lang] else 0

    def _next_boundary(self, lang: Lang, offset: int) -> int:
        text = self.texts[lang]
        if offset >= len(text):
            return len(text)
        return self._grapheme_bounds(lang, offset)[1]

    def _previous_boundary(self, lang: Lang, offset: int) -> int:
        return self._grapheme_start(lang, offset - 1) if offset > 0 else 0

    # --- mouse ---------------------------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        rows = self.rows
        row = self.scroll_offset.y + event.y
        pane_index = 0 if len(self.visible_langs) == 1 else int(event.x >= rows.width + len(_SEPARATOR) // 2)
        lang = self.visible_langs[pane_index]
        column = event.x - pane_index * (rows.width + len(_SEPARATOR))
        if row >= rows.height or rows.rows[lang][row] is None:
            return
        line_index = rows.line_index(lang, rows.rows[lang][row].start)
        self.active = lang
        self.anchor, self._found = None, False
        self.cursor_offsets[lang] = rows.offset_at(self.texts[lang], lang, line_index, max(column, 0))
        self._after_move()
