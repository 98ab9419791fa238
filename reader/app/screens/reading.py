"""The reading screen: one article, both languages aligned, annotated from the keyboard.

The screen owns the annotation session (one annotator, one article) and turns keys into store calls; every call
is on disk before it returns, and the status line says so. Its regions are widgets that show what the screen
hands them and tell it what the user did (attributes down, messages up): the view draws and moves the cursor,
the status line words what is under it, the search bar and the annotation panel report what was typed or chosen.

What the first frame does not show is not paid for before it: the search bar and the panel are mounted the first
time they are asked for; the suggestion engine starts once the frame is up; the note editor and the clipboard
load when first used.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen

from tandem.annotations.errors import AnnotationError
from tandem.annotations.model import Span, Status
from tandem.reader.app.label_styles import LabelStyles
from tandem.reader.app.labels import LANG_NAMES, preview
from tandem.reader.app.span_edges import SPAN_EDGE_BINDINGS, SpanEdgeActions
from tandem.reader.app.suggestions import SUGGESTION_BINDINGS, PendingSuggestions, SuggestionActions
from tandem.reader.app.tagging import TaggingActions
from tandem.reader.app.widgets.article_header import ArticleHeader
from tandem.reader.app.widgets.article_view import ArticleView, Painted
from tandem.reader.app.widgets.intervals import Intervals
from tandem.reader.app.widgets.key_hints import KeyHints
from tandem.reader.app.widgets.pane_titles import PaneTitles
from tandem.reader.app.widgets.pickers import PICKER_HEIGHT, Choice, Picker
from tandem.reader.app.widgets.status_line import StatusLine
from tandem.reader.printable import printable

if TYPE_CHECKING:
    from tandem.annotations.session import ArticleAnnotations
    from tandem.reader.app.widgets.annotation_panel import AnnotationPanel
    from tandem.reader.app.widgets.search_bar import SearchBar
    from tandem.reader.text.article import Article
    from tandem.reader.workspace import Workspace


def _span_key(span: Span) -> tuple[int, int, str]:
    return span.start, span.end, span.id


class ReadingScreen(TaggingActions, SpanEdgeActions, SuggestionActions, Screen[None]):
    """Read and annotate one article."""

    BINDINGS = [
        Binding("e", "tag('entity')", "Entity", id="annotate.entity"),
        Binding("c", "tag('claim')", "Claim", id="annotate.claim"),
        Binding("s", "tag('source')", "Source", id="annotate.source"),
        Binding("a", "attribute", "Attribute", id="annotate.attribute"),
        Binding("l", "link", "Link", id="annotate.link"),
        Binding("x", "delete", "Delete", id="annotate.delete"),
        Binding("r", "relabel", "Relabel", id="annotate.relabel"),
        Binding("m", "edit_note", "Note", id="annotate.note"),
        Binding("right_square_bracket", "jump(1)", "Next annotation", show=False, id="annotate.next"),
        Binding("left_square_bracket", "jump(-1)", "Previous annotation", show=False, id="annotate.previous"),
        Binding("u", "undo", "Undo", id="annotate.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="annotate.redo"),
        Binding("y", "copy", "Copy", show=False, id="annotate.copy"),
        Binding("d", "toggle_done", "Done", id="annotate.done"),
        *SPAN_EDGE_BINDINGS,
        *SUGGESTION_BINDINGS,
        Binding("slash", "search", "Search", id="read.search"),
        Binding("n", "search_step(1)", "Next match", show=False, id="read.match_next"),
        Binding("N", "search_step(-1)", "Previous match", show=False, id="read.match_previous"),
        Binding("o", "toggle_panel", "Annotations", id="read.panel"),
        Binding("greater_than_sign", "other_article(1)", "Next article", show=False, id="read.next_article"),
        Binding("less_than_sign", "other_article(-1)", "Previous article", show=False, id="read.previous_article"),
        Binding("q", "back", "Back", id="read.back"),
    ]

    def __init__(self, workspace: Workspace, article: Article, session: ArticleAnnotations,
                 neighbours: Callable[[str, int], str | None] | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.article = article
        self.session = session
        self.schema = workspace.schema
        self.neighbours = neighbours
        self.spans: list[Span] = []
        self._by_identity: dict[int, Span] = {}  # id(span) → span, for finding what a save changed
        self._by_id: dict[str, Span] = {}
        self._index: dict[str, Intervals[Span]] = {}  # per side, for the spans under the cursor
        self.label_styles: LabelStyles | None = None  # known once the app's console is (`on_mount`)
        self._matches: list[tuple[int, int]] = []
        self.pending = PendingSuggestions(workspace, article, session)
        self.show_suggestions = True
        self._suggesting = False  # the engine starts once the first frame is up (`_start_suggesting`)
        self._settling = False  # the engine is to run once the frame of a change is drawn
        self._search_origin = 0
        self.header = ArticleHeader(article, workspace.annotator, id="article-header")
        self.pane_titles = PaneTitles(id="pane-titles")
        self.status_line = StatusLine(id="status-line")
        self._search: SearchBar | None = None  # mounted by the first `/` (`action_search`)
        self._panel: AnnotationPanel | None = None  # mounted by the first `o` (`action_toggle_panel`)

    # --- layout --------------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self.header
        yield self.pane_titles
        with Horizontal(id="reading-body"):
            yield ArticleView(self.article, id="article-view")
        yield self.status_line
        yield KeyHints(*ArticleView.BINDINGS)
        picker = Picker()
        picker.styles.offset = (1, -2 * PICKER_HEIGHT)  # off-screen from the first layout on (see `on_resize`)
        yield picker

    def on_mount(self) -> None:
        self.label_styles = LabelStyles(self.schema, self.app.console.color_system, self.app.no_color)
        if self.label_styles.note and not self.app.colours_noted:
            self.app.colours_noted = True  # once per run, not at every article
            self.notify(self.label_styles.note, timeout=10)
        self.view.cursor_moved.subscribe(self, self._cursor_moved, immediate=True)
        self.view.scrolled.subscribe(self, lambda _view: self._update_pane_titles(), immediate=True)
        self._reload()
        self._update_pane_titles()
        self.view.focus()
        self.call_after_refresh(self._start_suggesting)
        self.call_after_refresh(self.app.settle_memory)
        for warning in self.article.warnings:  # e.g. undecodable bytes replaced: say where, once, on opening
            self.notify(printable(warning), severity="warning", timeout=10, markup=False)
        if self.session.orphans:
            self.notify(f"{len(self.session.orphans)} annotation(s) no longer match the text; kept as orphans.",
                        severity="warning", timeout=8)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def _reload(self) -> None:
        """Re-read the session after a change and redraw what shows it. The store hands back the same Span object
        while a span is unchanged, so what changed is found by identity (C-speed set operations) and only that is
        redrawn and re-indexed: a save costs the same with 20 annotations or 2,000."""
        self.spans = self.session.spans()
        by_identity = dict(zip(map(id, self.spans), self.spans, strict=True))
        removed = [self._by_identity[key] for key in self._by_identity.keys() - by_identity.keys()]
        added = [by_identity[key] for key in by_identity.keys() - self._by_identity.keys()]
        self._by_identity = by_identity
        for span in removed:
            self._index[span.side].remove(span)
            del self._by_id[span.id]
        for span in added:
            self._index.setdefault(span.side, Intervals(_span_key)).add(span)
            self._by_id[span.id] = span
        self.view.change_annotations([self._painted(s) for s in added], [self._painted(s) for s in removed])
        if self._suggesting:
            self._refresh_suggestions(added)
        if self._panel is not None:
            self._panel.show_spans(self.spans)
        self.header.show_status(self.session.status().value.replace("_", " "))
        self._update_status()

    def _painted(self, span: Span) -> Painted:
        return span.side, span.start, span.end, self.label_styles.paint(span.layer, span.label)

    # --- what the regions show -----------------------------------------------------------------------------------

    def _update_pane_titles(self) -> None:
        view = self.view
        self.pane_titles.show(view.visible_langs, view.active, view.rows.width, view.is_narrow,
                              view.position_label(), view.view_width)

    def _update_status(self) -> None:
        cursor = self.view.cursor
        here = self._spans_at(cursor.lang, cursor.offset)
        if here:
            self.status_line.show_span(here[0], self._links(here[0]), overlapping=len(here) - 1)
        elif (suggested := self._suggestion_here()) is not None:
            self.status_line.show_suggestion(suggested)
        else:
            selection = self.view.selection
            self.status_line.show_place(cursor.lang, cursor.offset, len(self.view.texts[cursor.lang]),
                                        selection[1] - selection[0] if selection else None)

    def _tell(self, message: str) -> None:
        """Say why a key did nothing, in the status line, until the next move redraws it."""
        self.status_line.tell(message)

    def _links(self, span: Span) -> list[tuple[str, Span]]:
        """(relation type, the span at the other end) for each relation of `span`."""
        found = []
        for rel in self.session.relations():
            if span.id in (rel.head, rel.child):
                other = self._by_id.get(rel.child if rel.head == span.id else rel.head)
                if other:
                    found.append((rel.type, other))
        return found

    # --- events from below ---------------------------------------------------------------------------------------

    def _cursor_moved(self, _view: ArticleView) -> None:
        self._update_status()
        self._update_pane_titles()

    def on_annotation_panel_chosen(self, event: AnnotationPanel.Chosen) -> None:
        span = self._by_id.get(event.span_id)
        if span:
            self.view.move_to(span.side, span.start)
            self.view.focus()

    # --- helpers -------------------------------------------------------------------------------------------------

    def _spans_at(self, lang: str, offset: int) -> list[Span]:
        """Spans covering `offset`, innermost first."""
        index = self._index.get(lang)
        return sorted(index.overlapping(offset, offset + 1) if index else [], key=lambda s: (s.end - s.start, s.start))

    def _span_here(self, layer: str | None = None) -> Span | None:
        cursor = self.view.cursor
        here = [s for s in self._spans_at(cursor.lang, cursor.offset) if layer is None or s.layer == layer]
        if not here:
            self._tell(f"No {layer or 'annotation'} under the cursor.")
            return None
        return here[0]

    def ask(self, title: str, choices: list[Choice], then: Callable[[str | None], object]) -> None:
        """Show the picker over the view, away from the cursor; `then` gets the chosen value (None when
        cancelled)."""
        view = self.view
        picker = self.query_one(Picker)
        cursor_row = view.region.y + view.rows.row_of(view.active, view.cursor.offset) - view.scroll_offset.y
        top = picker.place(cursor_row, self.size.height)

        def answered(value: str | None) -> None:
            # Redraw the rows the picker covered across the whole width: repainting only its rectangle would cut
            # the wide (Hangul) characters on its edges in half, and the terminal would show blanks there.
            view.refresh_lines(top - view.region.y, picker.height_for(self.size.height))
            then(value)

        picker.open(title, choices, answered)

    def on_resize(self) -> None:
        """Size the picker with the screen, not when it opens: a size change costs a second layout (and frame).
        A hidden widget is not laid out, so the picker is laid out once here, shown off-screen for one layout."""
        picker = self.query_one(Picker)
        picker.styles.height = picker.height_for(self.size.height)
        if not picker.is_open:
            picker.styles.offset = (1, -2 * PICKER_HEIGHT)
            picker.visible = True
            self.call_after_refresh(self._hide_picker)

    def _hide_picker(self) -> None:
        picker = self.query_one(Picker)
        if not picker.is_open:
            picker.visible = False

    def _save(self, change: Callable[[], object], done: str) -> bool:
        """Run one store change; report it saved, or report why not (the store is left as it was)."""
        try:
            change()
        except (AnnotationError, ValueError, KeyError) as exc:
            self.notify(printable(f"Not saved: {exc}"), severity="error", timeout=8, markup=False)
            return False
        self.status_line.saved = f"saved ✓ {done}"
        self._reload()
        return True

    # --- annotation actions --------------------------------------------------------------------------------------

    def action_delete(self) -> None:
        span = self._span_here()
        if span:
            self._save(lambda: self.session.delete(span.id), f"deleted {span.label} “{preview(span.text)}”")

    def action_relabel(self) -> None:
        span = self._span_here()
        if span is None:
            return
        layers = sorted(self.schema.layers.values(), key=lambda layer: layer.name != span.layer)
        choices = [Choice(f"{layer.name}/{label.name}", label.name, layer.name, label.key)
                   for layer in layers for label in layer.labels
                   if (layer.name, label.name) != (span.layer, span.label)]

        def relabel(answer: str | None) -> None:
            if answer:
                layer, label = answer.split("/", 1)
                self._save(lambda: self.session.relabel(span.id, label, layer), f"relabelled {label}")

        self.ask(f"relabel {span.label} “{preview(span.text)}”", choices, relabel)

    def action_jump(self, direction: int) -> None:
        cursor = self.view.cursor
        index = self._index.get(cursor.lang)
        target = index.next_start(cursor.offset, direction) if index else None
        if target is None:
            self._tell("No more annotations this way.")
            return
        self.view.move_to(cursor.lang, target)

    def action_undo(self) -> None:
        if not self.session.can_undo():
            self._tell("Nothing to undo.")
            return
        self._save(self.session.undo, "undo")

    def action_redo(self) -> None:
        if not self.session.can_redo():
            self._tell("Nothing to redo.")
            return
        self._save(self.session.redo, "redo")

    def action_copy(self) -> None:
        view = self.view
        selection = view.selection
        if selection:
            text, what = view.texts[view.active][selection[0] : selection[1]], "selection"
        else:
            here = self._spans_at(view.active, view.cursor.offset)
            if not here:
                self._tell("Nothing to copy: select text with v, or move onto an annotation.")
                return
            span = here[0]
            relations = [r.to_dict() for r in self.session.relations() if span.id in (r.head, r.child, r.cue)]
            text = json.dumps({**span.to_dict(), "relations": relations}, ensure_ascii=False)
            what = f"{span.label} annotation (JSON)"
        self.app.copy_to_clipboard(text)  # OSC 52: reaches the local clipboard over SSH where the terminal allows
        import pyperclip  # loads the platform's clipboard bindings: only a copy pays for them

        # No clipboard program here (SSH, no DISPLAY) is fine: OSC 52 was sent anyway.
        with contextlib.suppress(Exception):
            pyperclip.copy(text)
        self.notify(f"Copied {what}.")

    def action_toggle_done(self) -> None:
        done = self.session.status() == Status.DONE
        new = Status.IN_PROGRESS if done else Status.DONE
        self._save(lambda: self.session.set_status(new), f"marked {new.value.replace('_', ' ')}")

    # --- search --------------------------------------------------------------------------------------------------

    async def action_search(self) -> None:
        if self._search is None:
            from tandem.reader.app.widgets.search_bar import SearchBar

            self._search = SearchBar(id="search")
            await self.mount(self._search, before=self.status_line)
        self._search.open()
        self._search_origin = self.view.cursor.offset  # each keystroke searches again from here

    def on_search_bar_searched(self, event: SearchBar.Searched) -> None:
        from tandem.reader.app.widgets.search_bar import find_matches  # loaded with the bar

        view = self.view
        lang = view.active
        self._matches = find_matches(view.texts[lang], event.text)
        view.set_matches(lang, self._matches)
        if self._matches:
            self._select_match(1, after=self._search_origin - 1)
        else:
            view.clear_selection()
        self.status_line.say(f"{len(self._matches)} match(es) in {LANG_NAMES[lang]}")

    def on_search_bar_closed(self, event: SearchBar.Closed) -> None:
        self.view.focus()
        if not event.accepted:
            self.view.clear_selection()

    def action_search_step(self, direction: int) -> None:
        if not self._matches:
            self._tell("No search: press / to search the active pane.")
            return
        selection = self.view.selection
        if self._select_match(direction, after=selection[0] if selection else self.view.cursor.offset):
            self._tell(f"search wrapped to the {'first' if direction > 0 else 'last'} match")

    def _select_match(self, direction: int, after: int) -> bool:
        """Select the next (or previous) match after (before) offset `after`, wrapping around; True when it
        wrapped."""
        from tandem.reader.app.widgets.search_bar import step_match  # loaded with the bar

        view = self.view
        start, end = step_match(self._matches, direction, after)
        view.move_to(view.active, start, select_to=end)
        return start <= after if direction > 0 else start >= after

    # --- panel, navigation ---------------------------------------------------------------------------------------

    async def action_toggle_panel(self) -> None:
        if self._panel is None:
            from tandem.reader.app.widgets.annotation_panel import AnnotationPanel

            self._panel = AnnotationPanel(id="annotation-panel")
            self._panel.display = False
            self._panel.show_spans(self.spans)
            await self.query_one("#reading-body", Horizontal).mount(self._panel)
        shown = self._panel.toggle()
        (self._panel if shown else self.view).focus()

    def action_other_article(self, direction: int) -> None:
        target = self.neighbours(self.article.id, direction) if self.neighbours else None
        if target is None:
            self._tell("No more articles this way.")
            return
        self.app.open_article(target, replace=True)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()

    def on_unmount(self) -> None:
        """Fold this session's journal into its snapshot; a failure here loses nothing (the journal stays)."""
        with contextlib.suppress(AnnotationError):
            self.session.close()

