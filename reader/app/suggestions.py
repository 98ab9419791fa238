"""The pending suggestions of the open article, as the reading screen shows, walks and decides them.

Computing them is the core's job (`annotations.suggest`); this keeps the current list, finds the one under the
cursor and the next or previous one in reading order, and gets the models' findings without the screen ever
waiting: from the cache when the article was read before, else from a child process that loads the models
(`annotations.suggest.background`). Until then, propagation, projection and imported suggestions show alone.
`SuggestionActions` holds the keys, mixed into the reading screen.
"""

from __future__ import annotations

import contextlib
import os
import threading
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from tandem.reader.app.labels import describe_suggestion
from tandem.reader.app.widgets.intervals import Intervals
from tandem.reader.printable import printable
from tandem.reader.workspace import sentences, suggestion_context, workspace_lexicon

if TYPE_CHECKING:  # the engine and its sources load with the first refresh, after the screen's first frame
    from tandem.annotations.model import Span
    from tandem.annotations.session import ArticleAnnotations
    from tandem.annotations.suggest.background import BackgroundModels, Found
    from tandem.annotations.suggest.context import ArticleContext, ModelCache, TeamNames
    from tandem.annotations.suggest.lexicon import Lexicon
    from tandem.annotations.suggest.proposal import ProposedSpan, Suggestion
    from tandem.reader.app.widgets.article_view import Painted
    from tandem.reader.text.article import Article
    from tandem.reader.workspace import Workspace

MODELS_ENV = "TANDEM_MODELS"
""""off": the reader never loads the models (their memory, ~0.6 GB, stays free); otherwise they load in a child
process, whatever is typed meanwhile."""

SUGGESTION_BINDINGS = [
    Binding("A", "accept", "Accept suggestion", id="suggest.accept"),
    Binding("X", "reject", "Reject suggestion", id="suggest.reject"),
    Binding("full_stop", "next_suggestion(1)", "Next suggestion", id="suggest.next"),
    Binding("comma", "next_suggestion(-1)", "Previous suggestion", show=False, id="suggest.previous"),
    Binding("asterisk", "accept_same", "Accept all like it", show=False, id="suggest.accept_same"),
    Binding("t", "toggle_suggestions", "Suggestions", show=False, id="suggest.toggle"),
    Binding("T", "cycle_focus", "Suggestions of one kind", show=False, id="suggest.focus"),
]

FOCUSES = {"all": "all suggestions", "names": "names and their counterparts only",
           "attributions": "attributions (claim, source, cue) only"}  # fmt: skip
"""What `T` cycles through: one pass over the names, one over who said what, or everything at once."""

REFRESH_AFTER_IDLE = 0.4  # seconds without a change before a large article's suggestions are recomputed
COMPUTED_AT_ONCE = 300
"""Up to this many annotations on an article, suggestions are recomputed at once after a change; beyond, in a
thread once the keys pause (propagation and projection then take a good part of a second)."""

ANSWERS_KEPT = 8
"""The engine's answers kept for as many recent states of the annotations: undo goes back to one of them."""

_models: BackgroundModels | None = None


def models_wanted() -> bool:
    """Whether the reader should use the models (unless $TANDEM_MODELS is "off")."""
    return os.environ.get(MODELS_ENV, "").strip().lower() not in ("off", "0", "no", "false")


def background_models() -> BackgroundModels:
    """The one child process of this app that runs the models (started on first use)."""
    global _models
    if _models is None:
        from tandem.annotations.suggest.background import BackgroundModels

        _models = BackgroundModels()
    return _models


def stop_models() -> None:
    """End the models' child process, if one was started (the app calls this on exit)."""
    if _models is not None:
        _models.stop()


Place = tuple[int, int, bool, int, "Suggestion", "ProposedSpan"]
"""A proposed span where the cursor meets it: start, end, whether it belongs to a relation, the rank of its
suggestion in the list (the tie-breakers of `PendingSuggestions.at`), the suggestion, the span."""


def _place_key(place: Place) -> tuple[int, int, bool, int]:
    return place[:4]


class _Walk:
    """The shown suggestions as the cursor meets them: each proposed span under its place, and the first span of
    each in reading order, for `.` and `,`."""

    def __init__(self, focus: str, items: list[Suggestion], shown: list[Suggestion]) -> None:
        self.focus, self.items = focus, items
        places: dict[str, list[Place]] = {}
        firsts: list[tuple[tuple[str, int], Suggestion]] = []
        for rank, s in enumerate(shown):
            spans = s.proposed_spans()
            for p in spans:
                places.setdefault(p.side, []).append((p.start, p.end, s.relation is not None, rank, s, p))
            if spans:
                firsts.append(((spans[0].side, spans[0].start), s))
        self.spans = {side: Intervals(_place_key, found) for side, found in places.items()}
        firsts.sort(key=lambda first: first[0])
        self.firsts = firsts
        self.first_keys = [key for key, _ in firsts]

    def without(self, gone: set[int], items: list[Suggestion]) -> _Walk:
        """The same walk for `items`, the list without the suggestions whose `id` is in `gone` (kept in order:
        nothing is sorted again)."""
        walk = object.__new__(_Walk)
        walk.focus, walk.items = self.focus, items
        walk.spans = {side: index.without(lambda place: id(place[4]) in gone) for side, index in self.spans.items()}
        walk.firsts = [first for first in self.firsts if id(first[1]) not in gone]
        walk.first_keys = [key for key, _ in walk.firsts]
        return walk

    def settled_by(self, span: Span) -> list[Suggestion]:
        """The shown suggestions proposing a span that overlaps `span` in its layer."""
        here = self.spans.get(span.side)
        return [place[4] for place in (here.overlapping(span.start, span.end) if here is not None else [])
                if place[5].layer == span.layer]


@cache
def _no_team_names() -> TeamNames:
    """The team's names until `PendingSuggestions.warm` read them: none, one object for all (see `_EngineInputs`)."""
    from tandem.annotations.suggest.context import TeamNames

    return TeamNames()


class _EngineInputs:
    """What the engine's answer for one article depends on and what changes while the article is open: the
    annotator's spans, relations, rejections and imported suggestions, the team's names, the lexicon and the
    sources that run. Equal inputs give the same answer. The spans are compared by identity (the session hands
    back the same immutable Span while a span is unchanged; a Span holds a dict, so it has no hash), the team's
    names and the lexicon too (each is replaced when read again, never changed in place); they are held here, so
    an identity cannot be reused while the inputs are kept."""

    def __init__(self, ctx: ArticleContext, sources: list[str]) -> None:
        self.held = (tuple(ctx.spans), ctx.team, ctx.lexicon)
        self.key = (tuple(map(id, self.held[0])), tuple(ctx.relations), ctx.rejected, tuple(ctx.pending),
                    id(ctx.team), id(ctx.lexicon), tuple(sources))

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _EngineInputs) and self.key == other.key


class PendingSuggestions:
    """What is proposed now for one annotator on one article, in reading order."""

    def __init__(self, workspace: Workspace, article: Article, session: ArticleAnnotations) -> None:
        from tandem.annotations.suggest import kiwi

        kiwi.forbid_loading()  # this process draws the screen: the analyser lives in the models' process
        self.workspace, self.article, self.session = workspace, article, session
        self.team: TeamNames | None = None
        """The team's names once `warm` read them; until then the sources see none."""
        self.models_ready = False
        """Whether the models' findings for this article are in `cache` (then their sources run)."""
        self.cache: ModelCache | None = None
        self.memo: dict[Any, Any] = {}  # what the sources worked out, kept between refreshes
        self.items: list[Suggestion] = []
        self.focus = "all"  # one of FOCUSES: which suggestions are shown, walked and decided
        self._walked: _Walk | None = None
        self.unmarked: list[ProposedSpan] = []
        """The spans of the suggestions that left the list (decided, or settled by a new span) since the view was
        last marked: taken off on their own, the other marks stay drawn."""
        self._answers: dict[_EngineInputs, list[Suggestion]] = {}
        """The engine's answers for the last `ANSWERS_KEPT` states of the annotations, least recent first."""

    def sources(self) -> list[str]:
        from tandem.annotations.suggest.registry import SOURCES

        return [name for name in SOURCES if self.models_ready or not SOURCES[name].NEEDS_MODELS]

    def warm(self, ready: Any) -> TeamNames:
        """Read the team's names, and see to the models' findings: from the cache when they are there (then
        `ready(None)` is not needed: `models_ready` is set), else asked of the child process, which calls
        `ready(found)` from its thread. Call from a worker thread: reading every file takes a while."""
        from tandem.annotations.suggest.background import recall
        from tandem.annotations.suggest.context import ModelCache, TeamNames
        from tandem.annotations.suggest.sources import model

        team = TeamNames.of_store(self.workspace.store)
        self.cache = ModelCache.of_store(self.workspace.store)
        if models_wanted() and not model.missing():
            if recall(self.cache, self.session.doc.sides):
                self.models_ready = True
            else:
                spans = {side: [list(s) for s in found] for side, found in sentences(self.article).items()}
                background_models().ask(self.session.doc.sides, spans, ready)
        return team

    def prime(self, found: Found | None) -> bool:
        """Keep what the child found (in memory and in the cache folder); False when it failed."""
        from tandem.annotations.suggest.background import keep

        if found is None or self.cache is None:
            return False
        keep(self.cache, self.session.doc.sides, found)
        self.models_ready = True
        return True

    def compute(self) -> list[Suggestion]:
        """What is pending now (after a tag, an accept, a rejection, the models becoming ready); for annotations
        as they were a few changes ago (an undo goes back to them), the answer the engine gave then."""
        from tandem.annotations.suggest.registry import suggestions

        ctx = suggestion_context(self.workspace, self.article, self.session, self.team or _no_team_names(),
                                 self.cache, self.memo)
        sources = self.sources()
        inputs = _EngineInputs(ctx, sources)
        items = self._answers.pop(inputs, None)
        if items is None:
            items = suggestions(ctx, sources)
            if len(self._answers) >= ANSWERS_KEPT:
                del self._answers[next(iter(self._answers))]
        self._answers[inputs] = items  # the most recent last
        return items

    def shown(self) -> list[Suggestion]:
        """The pending suggestions of the current focus, in the order computed."""
        if self.focus == "all":
            return self.items
        wanted = self.focus == "attributions"
        return [s for s in self.items if (s.relation is not None and s.relation.type == "attribution") == wanted]

    def lexicon(self) -> Lexicon:
        """The counterpart lexicon: the shipped one, with the workspace's own."""
        from tandem.annotations.suggest.lexicon import Lexicon

        return workspace_lexicon(self.workspace) or Lexicon.shipped()

    def known_names(self, side: str) -> set[str]:
        """The names a tag must not cut on one side: every name the workspace tagged (the team's, and this
        annotator's own entities now) and, once the models' child answered, the analyser's proper nouns. Read
        from what is already here: the analyser never loads in the screen's process."""
        from tandem.annotations.suggest.sources import model

        names = set(self.team.names(side)) if self.team is not None else set()
        names.update(s.text for s in self.session.spans(side) if s.layer == model.LAYER)
        text = self.session.doc.sides.get(side, "")
        found = self.cache.memory.get((model.cache_kind(side), text)) if self.cache and self.models_ready else None
        names.update(text[start:end] for start, end, *_ in found or ())
        return names

    def _walk(self) -> _Walk:
        """The shown suggestions indexed for the cursor, made again only when the list or the focus changed (a
        refresh or `T`), not at every key."""
        if self._walked is None or self._walked.focus != self.focus or self._walked.items is not self.items:
            self._walked = _Walk(self.focus, self.items, self.shown())
        return self._walked

    def shown_spans(self) -> Iterator[ProposedSpan]:
        """Every span the shown suggestions propose (what the view marks)."""
        for index in self._walk().spans.values():
            for place in index:
                yield place[5]

    def at(self, side: str, offset: int) -> Suggestion | None:
        """The suggestion with a proposed span under (side, offset): the shortest, a plain span before a relation."""
        here = self._walk().spans.get(side)
        found = here.overlapping(offset, offset + 1) if here is not None else []
        return min(found, key=lambda place: (place[1] - place[0], place[2], place[3]))[4] if found else None

    def step(self, side: str, offset: int, direction: int) -> Suggestion | None:
        """The next (1) or previous (-1) suggestion after or before (side, offset), wrapping to the other side."""
        walk = self._walk()
        if not walk.firsts:
            return None
        if direction > 0:
            return walk.firsts[bisect_right(walk.first_keys, (side, offset)) % len(walk.firsts)][1]
        return walk.firsts[bisect_right(walk.first_keys, (side, offset - 1)) - 1][1]

    def drop(self, decided: Sequence[Suggestion]) -> None:
        """Take decided suggestions out of the list now, before the engine runs again (which leaves them out)."""
        self._leave_out(decided)

    def drop_settled_by(self, added: Sequence[Span]) -> None:
        """Take out of the list the shown suggestions that new spans settle: those proposing a span that overlaps
        one of them in its layer (the engine would leave them out; what the new spans propose comes when it runs)."""
        walk = self._walk()
        gone = [s for span in added for s in walk.settled_by(span)]
        if gone:
            self._leave_out(gone)

    def _leave_out(self, gone: Iterable[Suggestion]) -> None:
        """Take these shown suggestions out of the list and out of the cursor's index; what they proposed waits in
        `unmarked` for the view to take off."""
        by_id = {id(s): s for s in gone}
        walk = self._walk()
        self.items = [s for s in self.items if id(s) not in by_id]
        self._walked = walk.without(set(by_id), self.items)
        self.unmarked += [p for s in by_id.values() for p in s.proposed_spans()]

    def same_as(self, chosen: Suggestion) -> list[Suggestion]:
        """Every pending suggestion proposing the same text and label as `chosen` (a span suggestion)."""
        if chosen.span is None:
            return [chosen]
        return [s for s in self.shown() if s.span is not None and s.span.side == chosen.span.side
                and s.span.text == chosen.span.text and s.span.label == chosen.span.label]  # fmt: skip


class SuggestionActions:
    """The reading screen's suggestion keys: walk, accept, reject, accept all like it, hide. Mixed into the screen,
    whose view, pending suggestions, status line and `_save` it uses."""

    def _start_suggesting(self: Any) -> None:
        """Once the first frame is up: suggest from what is tagged, then read the team's names and see to the
        models in a daemon thread (quitting never waits for it)."""
        self._suggesting = True
        self._refresh_suggestions()
        self._update_status()
        threading.Thread(target=self._warm_suggestions, name="tandem-suggestions", daemon=True).start()

    def _warm_suggestions(self: Any) -> None:
        def ready(found: Found | None) -> None:
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self.app.call_from_thread(self._models_answered, found)

        team = self.pending.warm(ready)
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(self._suggestions_ready, team)

    def _suggestions_ready(self: Any, team: TeamNames) -> None:
        from tandem.annotations.suggest.sources import model

        self.pending.team = team
        if models_wanted() and model.missing():
            self.notify(f"Model suggestions need {' and '.join(model.missing())}: {model.INSTALL_HINT}. "
                        "Suggestions from what the team tagged still show.", timeout=10)
        self._refresh_suggestions()
        self._update_status()

    def _models_answered(self: Any, found: Found | None) -> None:
        if not self.pending.prime(found):
            self.notify("The models stopped before they answered: names and attributions are not suggested.",
                        severity="warning", timeout=8)
            return
        self._refresh_suggestions()
        self._update_status()

    def _refresh_suggestions(self: Any, added: Sequence[Span] | None = None) -> None:
        """Recompute: at once when nothing was annotated (the models answered, say); after a change that `added`
        spans, first drop what they settle (the suggestions they overlap), so the key's frame goes out, then
        recompute once it is drawn (what the new spans propose in turn: their other occurrences, their
        counterparts). For a large article the recomputing waits, in a thread, until the keys pause (a refresh
        then takes a good part of a second, and while typing goes on, keys come first). A change made during a
        refresh is picked up by one more."""
        if added is not None:
            self.pending.drop_settled_by(added)
            self._unmark()
        if len(self.pending.session.spans()) <= COMPUTED_AT_ONCE:
            if added is None:
                self._show_suggestions(self._computed())
            elif not self._settling:
                self._settling = True
                self.call_after_refresh(self._settle)
            return
        timer = getattr(self, "_refresh_timer", None)
        if timer is not None:
            timer.stop()
        self._refresh_timer = self.set_timer(REFRESH_AFTER_IDLE, self._refresh_in_thread)

    def _settle(self: Any) -> None:
        self._settling = False
        self._show_suggestions(self._computed())
        self._update_status()

    def _refresh_in_thread(self: Any) -> None:
        self._refresh_timer = None
        if getattr(self, "_refreshing", False):
            self._refresh_again = True
            return
        self._refreshing, self._refresh_again = True, False

        def compute() -> None:
            items = self._computed()
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self.app.call_from_thread(self._refreshed, items)

        threading.Thread(target=compute, name="tandem-suggest-refresh", daemon=True).start()

    def _refreshed(self: Any, items: list[Suggestion]) -> None:
        self._refreshing = False
        self._show_suggestions(items)
        self._update_status()
        if self._refresh_again:
            self._refresh_suggestions()

    def _computed(self: Any) -> list[Suggestion]:
        from tandem.annotations.errors import AnnotationError

        try:
            return self.pending.compute()
        except RuntimeError:  # the annotations changed under a background refresh: the next one sees them whole
            self._refresh_again = True
            return self.pending.items
        except (AnnotationError, ValueError) as exc:
            message = f"Suggestions failed: {exc}"
            if threading.current_thread() is threading.main_thread():
                self.notify(printable(message), severity="error", timeout=8, markup=False)
            else:
                with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                    self.app.call_from_thread(self.notify, message, severity="error", timeout=8)
            return []

    def _show_suggestions(self: Any, items: list[Suggestion]) -> None:
        self.pending.items, self.pending.unmarked = items, []
        self.view.set_suggestions(self._marks(self.pending.shown_spans()) if self.show_suggestions else [])

    def _unmark(self: Any) -> None:
        """Take what left the list off the view (the key's frame), leaving the other marks as they are drawn."""
        gone, self.pending.unmarked = self.pending.unmarked, []
        if gone and self.show_suggestions:
            self.view.unmark_suggestions(self._marks(gone))

    def _marks(self: Any, spans: Iterable[ProposedSpan]) -> list[Painted]:
        """How the view marks proposed spans: (side, start, end, the label's colour)."""
        colour = self.label_styles.colour
        return [(p.side, p.start, p.end, colour(p.layer, p.label)) for p in spans]

    def _suggestion_here(self: Any) -> Suggestion | None:
        cursor = self.view.cursor
        return self.pending.at(cursor.lang, cursor.offset) if self.show_suggestions else None

    def _decide(self: Any, accept_it: bool, chosen: list[Suggestion], done: str) -> None:
        from tandem.annotations.suggest.decisions import accept, reject

        cursor = self.view.cursor
        decide = accept if accept_it else reject

        def change() -> None:
            decide(self.session, chosen)
            self.pending.drop(chosen)

        if self._save(change, done):
            following = self.pending.step(cursor.lang, cursor.offset, 1)
            if following is not None:
                first = following.proposed_spans()[0]
                self.view.move_to(first.side, first.start)

    def _chosen(self: Any) -> Suggestion | None:
        chosen = self._suggestion_here()
        if chosen is None:
            self._tell("No suggestion under the cursor (. and , go to the next and previous one).")
        return chosen

    def action_accept(self: Any) -> None:
        if (chosen := self._chosen()) is not None:
            self._decide(True, [chosen], f"accepted {describe_suggestion(chosen)}")

    def action_reject(self: Any) -> None:
        if (chosen := self._chosen()) is not None:
            self._decide(False, [chosen], f"rejected {describe_suggestion(chosen)}")

    def action_accept_same(self: Any) -> None:
        if (chosen := self._chosen()) is not None:
            same = self.pending.same_as(chosen)
            self._decide(True, same, f"accepted {len(same)}× {describe_suggestion(chosen)}")

    def action_next_suggestion(self: Any, direction: int) -> None:
        cursor = self.view.cursor
        found = self.pending.step(cursor.lang, cursor.offset, direction) if self.show_suggestions else None
        if found is None:
            self._tell("No pending suggestions." if self.show_suggestions else "Suggestions are hidden (t shows them).")
            return
        first = found.proposed_spans()[0]
        self.view.move_to(first.side, first.start)

    def action_cycle_focus(self: Any) -> None:
        names = list(FOCUSES)
        self.pending.focus = names[(names.index(self.pending.focus) + 1) % len(names)]
        self.show_suggestions = True
        self._show_suggestions(self.pending.items)
        self._tell(f"Showing {FOCUSES[self.pending.focus]} ({len(self.pending.shown())} pending; T for the next).")

    def action_toggle_suggestions(self: Any) -> None:
        self.show_suggestions = not self.show_suggestions
        self._refresh_suggestions()
        self._tell(f"Suggestions {'shown' if self.show_suggestions else 'hidden'} (t toggles).")
