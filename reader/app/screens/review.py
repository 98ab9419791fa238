"""Adjudication in the reader: review one article's candidates and decide what goes into `gold`.

`ReviewScreen` shows the article (the reading view, with gold spans in their label colours and open
disagreements in red) beside every distinct span, link (attribution, counterpart) and disputed attribute value
the annotators made, who made it and what gold decided. Keys
accept, reject, relabel and step between disagreements; each decision is saved before the next key (see
`annotations.agree.adjudication` for what is stored where). `ReviewListScreen` lists the articles with their
disagreements left, and opens a review with Enter.

Counting the workspace parses every annotated article, so it runs in a worker thread and the header fills in
when it is done.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tandem.annotations.agree.adjudication import (
    Adjudication,
    ArticleProgress,
    AttrKey,
    Candidate,
    CandidateKey,
    Decision,
    Key,
    LinkKey,
    progress,
)
from tandem.annotations.errors import AnnotationError
from tandem.annotations.model import GOLD
from tandem.reader.app.labels import preview
from tandem.reader.app.widgets.article_view import ArticleView, Painted
from tandem.reader.app.widgets.key_hints import KeyHints
from tandem.reader.app.widgets.pickers import Choice, PickerScreen
from tandem.reader.errors import InputError
from tandem.reader.printable import printable
from tandem.reader.text.article import Article
from tandem.reader.workspace import Workspace, document

OPEN_COLOUR = "#ff5f5f"
"""Open disagreements are drawn in this colour in the text; decided spans in their label's colour."""
MARKS = {Decision.ACCEPTED: ("✓", "green"), Decision.REJECTED: ("✗", "red"), Decision.OPEN: ("?", "bold yellow")}
"""How the list marks a candidate: in gold, rejected, still to decide."""


def workspace_progress(workspace: Workspace) -> list[ArticleProgress]:
    """Review progress of every annotated article of the workspace (parses each one: call off the UI thread)."""
    return progress(workspace.store, workspace.text_of)


def _count(left: int, what: str = "disagreement") -> str:
    return f"{left} {what}{'' if left == 1 else 's'}"


class ReviewScreen(Screen[None]):
    """Adjudicate one article: every annotator's spans, agreements pre-accepted into gold, disagreements to decide.

    Raises InputError or AnnotationError on construction when the article or a store file cannot be read.
    """

    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("a", "accept", "Accept", id="review.accept"),
        Binding("A", "accept(True)", "Accept, reject rivals", id="review.accept_rivals"),
        Binding("x", "reject", "Reject", id="review.reject"),
        Binding("e", "edit", "Edit label", id="review.edit"),
        Binding("right_square_bracket", "step(1)", "Next disagreement", id="review.next"),
        Binding("left_square_bracket", "step(-1)", "Previous disagreement", id="review.previous"),
        Binding("u", "undo", "Undo", id="review.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="review.redo"),
        Binding("q", "back", "Back", id="review.back"),
    ]

    def __init__(self, workspace: Workspace, article: Article) -> None:
        super().__init__()
        self.workspace = workspace
        self.article = article
        self.adjudication = Adjudication(workspace.store, document(article))
        self.others: int | None = None  # open disagreements in the other articles, once counted
        self._saved = "agreements pre-accepted into gold"
        self._painted: set[Painted] = set()

    # --- layout --------------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="review-header")
        with Horizontal(id="review-body"):
            yield ArticleView(self.article, id="review-view")
            yield OptionList(id="candidates")
        yield Static(id="review-status")
        yield KeyHints()

    def on_mount(self) -> None:
        self._reload()
        self.candidates.focus()
        self.action_step(1, from_index=-1)
        self._count_others()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def candidates(self) -> OptionList:
        return self.query_one("#candidates", OptionList)

    @property
    def left(self) -> int:
        """Open disagreements in this article."""
        return self.adjudication.left

    @property
    def workspace_left(self) -> int | None:
        """Open disagreements in the whole workspace (None until the other articles are counted)."""
        return None if self.others is None else self.others + self.left

    def _colour(self, key: Key) -> str:
        layer = self.workspace.schema.layers.get(key.layer)
        try:
            return layer.label(key.label).colour if layer else "grey50"
        except KeyError:
            return "grey50"

    def _what(self, candidate: Candidate) -> tuple[Text, str]:
        """The candidate's first line after its mark, and what kind of thing it is (for the second line)."""
        key = candidate.key
        if isinstance(key, LinkKey):
            cue = f" · cue “{preview(candidate.cue_text)}”" if key.cue else ""
            ends = f" “{preview(candidate.text)}” → “{preview(candidate.child_text)}”{cue}"
            sides = key.head.side if key.head.side == key.child.side else f"{key.head.side}→{key.child.side}"
            return Text.assemble((key.type, "bold"), ends), f"{sides} link"
        if isinstance(key, AttrKey):
            return (Text.assemble((f"{key.name}={key.value}", "bold"), f" “{preview(candidate.text)}”"),
                    f"{key.span.side} {key.span.label} attribute")
        return (Text.assemble((key.label, f"bold {self._colour(key)}"), f" “{preview(candidate.text)}”"),
                f"{key.side} {key.layer}")

    def _prompt(self, candidate: Candidate) -> Text:
        mark, style = MARKS[candidate.decision]
        what, kind = self._what(candidate)
        line = Text.assemble((mark, style), " ", what)
        everyone = self.adjudication.annotators
        if candidate.agreed:
            who = Text("all agree", style="green")
        elif candidate.holders:
            missing = [a for a in everyone if a not in candidate.holders]
            who = Text.assemble(", ".join(candidate.holders), (f" · not {', '.join(missing)}" if missing else "",
                                                               "dim"))
        else:
            who = Text("gold only", style="italic")
        return Text.assemble(line, "\n", (f"  {kind} · ", "dim"), who)

    def _reload(self) -> None:
        """Redraw the list, the text colours and the header from the adjudication's current candidates."""
        options = self.candidates
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(Option(self._prompt(c), id=str(i)) for i, c in enumerate(self.adjudication.candidates))
        if highlighted is not None and self.adjudication.candidates:
            options.highlighted = min(highlighted, len(self.adjudication.candidates) - 1)
        painted: set[Painted] = set()
        for c in self.adjudication.candidates:
            key = c.key
            if not isinstance(key, Key):
                continue
            if c.decision == Decision.ACCEPTED:
                painted.add((key.side, key.start, key.end, self._colour(key)))
            elif c.is_open_disagreement:
                painted.add((key.side, key.start, key.end, OPEN_COLOUR))
        self.view.change_annotations(painted - self._painted, self._painted - painted)
        self._painted = painted
        self._update_header()

    def _update_header(self) -> None:
        a = self.article
        title = " / ".join(t for t in (a.title["ko"], a.title["en"]) if t) or a.id
        total = self.workspace_left
        workspace = "counting the workspace…" if total is None else f"{total} in the workspace"
        left = self.left
        line = Text.assemble(
            ("Review ", "bold"), (title, "bold"), "\n",
            (f"{_count(left)} left in this article", "bold yellow" if left else "bold green"), f" · {workspace}",
            (f"   annotators: {', '.join(self.adjudication.annotators) or 'none'} → {GOLD}", "dim"),
        )
        line.no_wrap, line.overflow = True, "ellipsis"
        self.query_one("#review-header", Static).update(line)
        self.query_one("#review-status", Static).update(
            Text.assemble((self._saved, "green"), ("   ✓ in gold  ✗ rejected  ? to decide", "dim")))

    @work(thread=True, exclusive=True, group="review-progress")
    def _count_others(self) -> None:
        counted = workspace_progress(self.workspace)
        others = sum(p.left for p in counted if p.article != self.article.id)
        self.app.call_from_thread(self._set_others, others)

    def _set_others(self, others: int) -> None:
        self.others = others
        self._update_header()

    # --- following the list --------------------------------------------------------------------------------------

    def _current(self) -> Candidate | None:
        index = self.candidates.highlighted
        found = self.adjudication.candidates
        return found[index] if index is not None and 0 <= index < len(found) else None

    @on(OptionList.OptionHighlighted, "#candidates")
    def _show_highlighted(self) -> None:
        candidate = self._current()
        if candidate is not None:
            key = candidate.span_key
            self.view.move_to(key.side, key.start, select_to=key.end)

    @on(OptionList.OptionSelected, "#candidates")
    def _enter_accepts(self) -> None:
        self.action_accept()

    def _highlight(self, key: CandidateKey) -> None:
        for i, c in enumerate(self.adjudication.candidates):
            if c.key == key:
                self.candidates.highlighted = i
                return

    def action_step(self, direction: int, from_index: int | None = None) -> None:
        """Move to the next (or previous) open disagreement, wrapping around."""
        found = self.adjudication.candidates
        if not found:
            return
        here = self.candidates.highlighted if from_index is None else from_index
        here = -1 if here is None else here
        order = [(here + direction * step) % len(found) for step in range(1, len(found) + 1)]
        target = next((i for i in order if found[i].is_open_disagreement), None)
        if target is None:
            if from_index is None:
                self.notify("No disagreements left in this article.")
            if self.candidates.highlighted is None:
                self.candidates.highlighted = 0
            return
        self.candidates.highlighted = target

    # --- decisions -----------------------------------------------------------------------------------------------

    def _decide(self, change: Callable[[], object], done: str, advance: bool = True) -> bool:
        """Run one decision; report it saved (and move on to the next open disagreement) or why not."""
        try:
            change()
        except (AnnotationError, ValueError, KeyError) as exc:
            self.notify(f"Not saved: {exc}", severity="error", timeout=8)
            self.adjudication.refresh()
            self._reload()
            return False
        self._saved = f"saved ✓ {done}"
        self._reload()
        if advance and self.left:
            self.action_step(1)
        return True

    def _describe(self, candidate: Candidate) -> str:
        """A candidate in a few words, for the status line."""
        return self._what(candidate)[0].plain

    def action_accept(self, reject_rivals: bool = False) -> None:
        candidate = self._current()
        if candidate is None:
            return
        rejected: list[Candidate] = []

        def accept() -> None:
            rejected.extend(self.adjudication.accept(candidate.key, reject_rivals))

        if self._decide(accept, f"accepted {self._describe(candidate)}", advance=False):
            if rejected:
                self._saved += f"; rejected {len(rejected)} rival(s)"
                self._update_header()
            self._highlight(candidate.key)
            if self.left:
                self.action_step(1)

    def action_reject(self) -> None:
        candidate = self._current()
        if candidate is not None:
            self._decide(lambda: self.adjudication.reject(candidate.key), f"rejected {self._describe(candidate)}")

    def action_edit(self) -> None:
        candidate = self._current()
        if candidate is None:
            return
        key = candidate.key
        if not isinstance(key, Key):
            self.notify("Only a span's label can be edited: accept or reject this one.")
            return
        layers = sorted(self.workspace.schema.layers.values(), key=lambda layer: layer.name != key.layer)
        choices = [Choice(f"{layer.name}/{label.name}", label.name, layer.name, label.key)
                   for layer in layers for label in layer.labels if (layer.name, label.name) != (key.layer, key.label)]

        def relabel(answer: str | None) -> None:
            if not answer:
                return
            layer, label = answer.split("/", 1)
            new: list[Key] = []
            if self._decide(lambda: new.append(self.adjudication.relabel(key, layer, label)),
                            f"{key.label} → {label} “{preview(candidate.text)}”", advance=False):
                self._highlight(new[0])

        self.app.push_screen(PickerScreen(f"gold label for “{preview(candidate.text)}”", choices), relabel)

    def action_undo(self) -> None:
        if not self.adjudication.can_undo():
            self.notify("Nothing to undo.")
            return
        self._decide(self.adjudication.undo, "undo", advance=False)

    def action_redo(self) -> None:
        if not self.adjudication.can_redo():
            self.notify("Nothing to redo.")
            return
        self._decide(self.adjudication.redo, "redo", advance=False)

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        """Fold gold's journals into their snapshots; a failure here loses nothing (the journals stay)."""
        with contextlib.suppress(AnnotationError):
            self.adjudication.close()


class ReviewListScreen(Screen[None]):
    """Every annotated article with its disagreements left; Enter reviews one."""

    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("q", "back", "Back", id="review_list.back"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.rows: list[ArticleProgress] = []

    def compose(self) -> ComposeResult:
        yield Static("Counting disagreements…", id="review-list-header")
        yield OptionList(id="review-list")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._count()

    def on_screen_resume(self) -> None:
        if self.rows:
            self._count()

    @work(thread=True, exclusive=True, group="review-list")
    def _count(self) -> None:
        rows = workspace_progress(self.workspace)
        self.app.call_from_thread(self._fill, rows)

    def _fill(self, rows: list[ArticleProgress]) -> None:
        self.rows = rows
        titles = {s.id: s.title["ko"] or s.title["en"] or "" for s in self.workspace.library.summaries()}
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for i, row in enumerate(rows):
            style = "bold yellow" if row.left else "green"
            options.add_option(Option(Text.assemble(
                (f"{row.left:>4} left", style), (f" of {row.disagreements:<4}", "dim"),
                f" {row.article}  {preview(titles.get(row.article, ''))}",
                (f"  {', '.join(row.annotators)}", "dim")), id=str(i)))
        if rows:
            options.highlighted = min(highlighted or 0, len(rows) - 1)
        left = sum(r.left for r in rows)
        header = Text.assemble(("Review", "bold"), f"  {_count(left)} left in the workspace",
                               (f" · {sum(1 for r in rows if r.left)} of {len(rows)} annotated articles to review",
                                "dim"))
        self.query_one("#review-list-header", Static).update(header)

    @on(OptionList.OptionSelected, "#review-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        row = self.rows[int(event.option.id or 0)]
        try:
            screen = ReviewScreen(self.workspace, self.workspace.library.article(row.article))
        except (InputError, AnnotationError) as exc:
            self.notify(printable(str(exc)), severity="error", timeout=10, markup=False)
            return
        self.app.push_screen(screen)

    def action_back(self) -> None:
        self.app.pop_screen()
