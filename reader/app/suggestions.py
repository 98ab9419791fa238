"""The pending suggestions of the open article, as the reading screen shows and walks them.

Computing them is the core's job (`annotations.suggest`); this keeps the current list, finds the one under the
cursor and the next or previous one in reading order, and loads the models off the UI thread: until they are
warm, propagation and imported suggestions show alone.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from typing import TYPE_CHECKING

from reader.workspace import suggestion_context

if TYPE_CHECKING:  # the engine and its sources load with the first refresh, after the screen's first frame
    from annotations.session import ArticleAnnotations
    from annotations.suggest.context import TeamNames
    from annotations.suggest.proposal import Suggestion
    from reader.text.article import Article
    from reader.workspace import Workspace

MODELS_ENV = "TANDEM_MODELS"
""""on": the reader loads the models in a background thread. Off by default for now: loading holds the
interpreter for seconds, and keys typed meanwhile wait (a separate process would not); `tandem suggest` and
propagation need no switch."""


def models_wanted() -> bool:
    """Whether the reader should load the models ($TANDEM_MODELS=on)."""
    return os.environ.get(MODELS_ENV, "").strip().lower() in ("on", "1", "yes", "true")


class PendingSuggestions:
    """What is proposed now for one annotator on one article, in reading order."""

    def __init__(self, workspace: Workspace, article: Article, session: ArticleAnnotations) -> None:
        self.workspace, self.article, self.session = workspace, article, session
        self.team: TeamNames | None = None
        """The team's names once `warm` read them; until then the sources see none."""
        self.models_ready = False
        self.items: list[Suggestion] = []

    def sources(self) -> list[str]:
        from annotations.suggest.registry import SOURCES

        return [name for name in SOURCES if self.models_ready or not SOURCES[name].NEEDS_MODELS]

    def warm(self) -> TeamNames:
        """Load the models and read the team's names (seconds: call from a worker thread)."""
        from annotations.suggest.context import TeamNames

        if models_wanted():
            from annotations.suggest.sources import model

            model.warm()
        return TeamNames.of_store(self.workspace.store)

    def refresh(self) -> None:
        """Recompute after a change (a tag, an accept, a rejection, the models becoming ready)."""
        from annotations.suggest.context import TeamNames
        from annotations.suggest.registry import suggestions

        ctx = suggestion_context(self.workspace, self.article, self.session, self.team or TeamNames())
        self.items = suggestions(ctx, self.sources())

    def _spans_of(self, s: Suggestion) -> list[tuple[str, int, int]]:
        return [(p.side, p.start, p.end) for p in s.proposed_spans()]

    def at(self, side: str, offset: int) -> Suggestion | None:
        """The suggestion with a proposed span under (side, offset): the shortest, a plain span before a relation."""
        here = [(end - start, s.relation is not None, s) for s in self.items for (sd, start, end) in self._spans_of(s)
                if sd == side and start <= offset < end]  # fmt: skip
        return min(here, key=lambda found: found[:2])[2] if here else None

    def step(self, side: str, offset: int, direction: int) -> Suggestion | None:
        """The next (1) or previous (-1) suggestion after or before (side, offset), wrapping to the other side."""
        places = sorted((((sd, start), s) for s in self.items for (sd, start, _) in self._spans_of(s)[:1]),
                        key=lambda place: place[0])
        if not places:
            return None
        keys = [p for p, _ in places]
        i = bisect_right(keys, (side, offset))
        if direction > 0:
            return places[i % len(places)][1]
        i = bisect_right(keys, (side, offset - 1)) - 1
        return places[i][1]

    def same_as(self, chosen: Suggestion) -> list[Suggestion]:
        """Every pending suggestion proposing the same text and label as `chosen` (a span suggestion)."""
        if chosen.span is None:
            return [chosen]
        return [s for s in self.items if s.span is not None and s.span.side == chosen.span.side
                and s.span.text == chosen.span.text and s.span.label == chosen.span.label]  # fmt: skip
