"""What one rater did on one article, in the terms agreement and adjudication compare.

* **Who is a rater.** Everyone in the store but `gold` (the adjudicated result).
* **Annotated.** X annotated an article when X's file for it holds a span, a relation, or the status *done*
  ("nothing here" is a judgement). Opening an article, or setting it back to in progress, is none: such an
  annotator contributes no values for it.
* **Span key.** Two spans are the same span when they share side, start, end, layer and label.
* **Link key.** Two relations are the same link when they share their type and the span keys of their head, child
  and cue (none, or the same). Ends are placed in today's text; a relation with an orphaned end is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from tandem.annotations.anchoring import place_records
from tandem.annotations.model import GOLD, DocumentText, Span, Status
from tandem.annotations.state import ArticleState
from tandem.annotations.store import Store


class Key(NamedTuple):
    """What makes two spans the same span."""

    side: str
    start: int
    end: int
    layer: str
    label: str


def key_of(span: Span) -> Key:
    """The key of a span."""
    return Key(span.side, span.start, span.end, span.layer, span.label)


class LinkKey(NamedTuple):
    """What makes two relations the same link: type and the keys of its ends."""

    type: str
    head: Key
    child: Key
    cue: Key | None = None

    @property
    def ends(self) -> tuple[Key, ...]:
        """The span keys the link needs: head, child, and the cue when it has one."""
        return (self.head, self.child) if self.cue is None else (self.head, self.child, self.cue)


@dataclass(frozen=True)
class Work:
    """One annotator's placed spans on one article, and their relations as link keys (with the relation ids)."""

    spans: list[Span]
    links: dict[LinkKey, str]

    def keeping(self, keep: Callable[[Span], bool]) -> Work:
        """Only the spans `keep` accepts, and the links between them."""
        spans = [s for s in self.spans if keep(s)]
        kept = {key_of(s) for s in spans}
        return Work(spans, {link: i for link, i in self.links.items() if all(e in kept for e in link.ends)})

    def span_by_key(self) -> dict[Key, Span]:
        """The annotator's spans by key (the first by id when two are identical)."""
        found: dict[Key, Span] = {}
        for span in self.spans:
            found.setdefault(key_of(span), span)
        return found


def raters(store: Store) -> list[str]:
    """The annotators agreement is measured between: everyone in the store but gold, sorted."""
    return [a for a in store.annotators() if a != GOLD]


def annotated(state: ArticleState) -> bool:
    """True when the annotator made a judgement on the article: a span, a relation, or marked it done."""
    status = state.status or {}
    return bool(state.spans or state.relations or status.get("status") == Status.DONE.value)


def placed_spans(state: ArticleState, doc: DocumentText) -> list[Span]:
    """An annotator's spans placed in the current text (re-anchored if it changed; orphans left out)."""
    placement = place_records(state.spans.values(), doc)
    return sorted(placement.kept + placement.moved, key=lambda s: (s.side, s.start, s.end, s.layer, s.label, s.id))


def work_of(state: ArticleState, doc: DocumentText) -> Work:
    """An annotator's spans and links on `doc`, placed in its current text."""
    spans = placed_spans(state, doc)
    by_id = {s.id: key_of(s) for s in spans}
    links: dict[LinkKey, str] = {}
    for relation in sorted(state.relations.values(), key=lambda r: r["id"]):
        ends = [relation.get(end) for end in ("head", "child", "cue")]
        if all(e is None or e in by_id for e in ends) and ends[0] and ends[1]:
            cue = by_id[ends[2]] if ends[2] else None
            links.setdefault(LinkKey(relation["type"], by_id[ends[0]], by_id[ends[1]], cue), relation["id"])
    return Work(spans, links)


def article_work(store: Store, doc: DocumentText, annotators: Sequence[str] | None = None) -> dict[str, Work]:
    """The work of every annotator (gold excluded unless named) who annotated `doc`."""
    found: dict[str, Work] = {}
    for annotator in raters(store) if annotators is None else annotators:
        state = store.read(annotator, doc.id)
        if annotated(state):
            found[annotator] = work_of(state, doc)
    return found


def spans_of(work: Mapping[str, Work]) -> dict[str, list[Span]]:
    """Only the spans of each annotator's work."""
    return {annotator: w.spans for annotator, w in work.items()}
