"""Adjudication: turn several annotators' spans on one article into one `gold` annotation.

* **Candidates.** Spans of the raters (everyone but gold, see `agreement`) are grouped when identical: same side,
  start, end, layer and label (attributes and notes do not split a group). A candidate is *agreed* when every
  rater who annotated the article has it and at least two raters annotated it: one annotator's word is not an
  agreement, so an article only one person annotated is reviewed span by span. Every other candidate is a
  *disagreement*. Spans gold has that no rater has (an edited label, a span tagged as gold in the reader) are
  listed too.
* **Gold** is an ordinary annotator (`gold`) in the same store, written through a normal session, so it has the
  store's durability and undo, and export sees it like anyone else (select it by annotator). A gold span copies
  the attributes of the first rater (by name) who has it; the note starts empty.
* **Pre-acceptance.** Opening a review writes the agreed candidates that gold lacks and that were not rejected
  into gold, in one atomic write (the baseline of the review, not an undoable step).
* **Rejection** must be remembered, or a rejected disagreement would look open again; it must not pollute gold
  or exports. A rejected candidate is therefore recorded as a span (same side, offsets, layer, label, quote) in a
  *separate* store, `<store>/.adjudication/gold/<article>.json`, which the main store never lists (its folder
  starts with a dot): same durability and re-anchoring, shared through git with the rest, invisible to export.
  Accepting a candidate removes its rejection record. Editing a candidate's label is rejecting it and accepting
  the relabelled span.
* **Decision** of a candidate: *accepted* when gold has its key, else *rejected* when a rejection record has it,
  else *open*. Progress counts the open disagreements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from annotations.agree.report import TextOf, article_spans, placed_spans, raters
from annotations.model import GOLD, DocumentText, Span, new_id, quote_context, utc_now
from annotations.session import ArticleAnnotations
from annotations.store import Store

REVIEW_FOLDER = ".adjudication"
"""Inside the store root; a dot folder, so `Store.annotators()` and therefore export never see it."""


class Key(NamedTuple):
    """What makes two spans the same candidate."""

    side: str
    start: int
    end: int
    layer: str
    label: str


def key_of(span: Span) -> Key:
    """The candidate key of a span."""
    return Key(span.side, span.start, span.end, span.layer, span.label)


class Decision(StrEnum):
    """Where review stands with a candidate."""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Candidate:
    """One distinct span across the raters, who has it, and what gold decided."""

    key: Key
    text: str
    holders: tuple[str, ...]
    spans: tuple[Span, ...]
    agreed: bool
    decision: Decision

    @property
    def is_open_disagreement(self) -> bool:
        """Still needs a decision: a disagreement neither accepted nor rejected."""
        return not self.agreed and self.decision == Decision.OPEN


def _order(key: Key) -> tuple[bool, int, int, str, str]:
    return key.side != "ko", key.start, key.end, key.layer, key.label


def candidates(rater_spans: Mapping[str, Sequence[Span]], gold: Iterable[Span],
               rejected: Iterable[Span]) -> list[Candidate]:
    """The candidates of one article, Korean side first, by position.

    `rater_spans` has an entry for every rater who annotated the article (possibly empty), `gold` and `rejected`
    are gold's spans and its rejection records."""
    gold_spans = list(gold)
    held: dict[Key, list[Span]] = {}
    for annotator in sorted(rater_spans):
        for span in rater_spans[annotator]:
            held.setdefault(key_of(span), []).append(span)
    accepted = {key_of(s) for s in gold_spans}
    refused = {key_of(s) for s in rejected}
    for span in gold_spans:
        held.setdefault(key_of(span), [])
    texts = {key_of(s): s.text for s in gold_spans}
    everyone = set(rater_spans)
    found = []
    for key in sorted(held, key=_order):
        spans = held[key]
        holders = tuple(sorted({s.annotator for s in spans}))
        agreed = len(everyone) >= 2 and set(holders) == everyone
        decision = (Decision.ACCEPTED if key in accepted else Decision.REJECTED if key in refused
                    else Decision.OPEN)
        text = spans[0].text if spans else texts[key]
        found.append(Candidate(key, text, holders, tuple(spans), agreed, decision))
    return found


def rejection_store(store: Store) -> Store:
    """Where gold's rejections are recorded: a store of its own inside the main one (no schema checks)."""
    return Store(store.root / REVIEW_FOLDER)


def _rejected(store: Store, doc: DocumentText) -> list[Span]:
    """Gold's rejection records for `doc`, read without creating the rejection store (counting writes nothing)."""
    if not (store.root / REVIEW_FOLDER).is_dir():
        return []
    return placed_spans(rejection_store(store).read(GOLD, doc.id), doc)


@dataclass(frozen=True)
class ArticleProgress:
    """How far review of one article has come."""

    article: str
    annotators: tuple[str, ...]
    disagreements: int
    left: int

    @classmethod
    def of(cls, article_id: str, annotators: Iterable[str], found: Iterable[Candidate]) -> ArticleProgress:
        """Count the disagreements (candidates some rater holds, not agreed) and the open ones."""
        disagreements = [c for c in found if not c.agreed and c.holders]
        return cls(article_id, tuple(sorted(annotators)), len(disagreements),
                   sum(c.is_open_disagreement for c in disagreements))


def article_progress(store: Store, doc: DocumentText) -> ArticleProgress:
    """Disagreements of one article, and how many are still open, read straight from the files."""
    rater_spans = article_spans(store, doc)
    gold = placed_spans(store.read(GOLD, doc.id), doc)
    return ArticleProgress.of(doc.id, rater_spans, candidates(rater_spans, gold, _rejected(store, doc)))


def progress(store: Store, text_of: TextOf) -> list[ArticleProgress]:
    """Review progress of every article a rater annotated (articles without text are left out), by id."""
    ids = sorted({a for annotator in raters(store) for a in store.article_ids(annotator)})
    found = []
    for article_id in ids:
        doc = text_of(article_id)
        if doc is not None:
            found.append(article_progress(store, doc))
    return found


class Adjudication:
    """One article under review: its candidates, and the sessions that record gold's decisions.

    Every decision is one undoable step, even when it touches both gold and the rejection records.
    """

    def __init__(self, store: Store, doc: DocumentText) -> None:
        self.store = store
        self.doc = doc
        self.rater_spans = article_spans(store, doc)
        self._preaccept()
        self.gold: ArticleAnnotations = store.session(doc, GOLD)
        self.rejections: ArticleAnnotations = rejection_store(store).session(doc, GOLD)
        self._history: list[list[ArticleAnnotations]] = []
        self._future: list[list[ArticleAnnotations]] = []
        self.candidates: list[Candidate] = []
        self.refresh()

    @property
    def annotators(self) -> list[str]:
        """The raters who annotated this article."""
        return sorted(self.rater_spans)

    def _preaccept(self) -> None:
        gold = placed_spans(self.store.read(GOLD, self.doc.id), self.doc)
        missing = [c for c in candidates(self.rater_spans, gold, _rejected(self.store, self.doc))
                   if c.agreed and c.decision == Decision.OPEN]
        if missing:
            self.store.merge(GOLD, self.doc.id, [["span", s.id, s.to_dict()] for s in map(self._gold_span, missing)])

    def _gold_span(self, candidate: Candidate) -> Span:
        side, start, end, layer, label = candidate.key
        quote, prefix, suffix = quote_context(self.doc.sides[side], start, end)
        now = utc_now()
        return Span(id=new_id(), article_id=self.doc.id, side=side, start=start, end=end, text=quote,
                    prefix=prefix, suffix=suffix, layer=layer, label=label, annotator=GOLD, created=now,
                    updated=now, attrs=dict(candidate.spans[0].attrs) if candidate.spans else {})

    def refresh(self) -> None:
        """Recompute the candidates from the sessions (after any change)."""
        self.candidates = candidates(self.rater_spans, self.gold.spans(), self.rejections.spans())

    def candidate(self, key: Key) -> Candidate:
        """The candidate with `key`; KeyError when there is none."""
        for c in self.candidates:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def left(self) -> int:
        """Open disagreements in this article."""
        return sum(c.is_open_disagreement for c in self.candidates)

    def progress(self) -> ArticleProgress:
        """This article's progress, from the open sessions."""
        return ArticleProgress.of(self.doc.id, self.rater_spans, self.candidates)

    # --- decisions -------------------------------------------------------------------------------------------------

    def _step(self, changes: Callable[[list[ArticleAnnotations]], None]) -> None:
        """Run one decision as a single undo step; `changes` appends each session it changed, once per change."""
        touched: list[ArticleAnnotations] = []
        try:
            changes(touched)
        finally:
            if touched:
                self._history.append(touched)
                self._future.clear()
            self.refresh()

    def _accept(self, key: Key, attrs: Mapping[str, Any] | None, touched: list[ArticleAnnotations]) -> None:
        for span in self.rejections.spans():
            if key_of(span) == key:
                self.rejections.delete(span.id)
                touched.append(self.rejections)
        if any(key_of(s) == key for s in self.gold.spans()):
            return
        if attrs is None:
            held = next((c.spans for c in self.candidates if c.key == key), ())
            attrs = held[0].attrs if held else {}
        side, start, end, layer, label = key
        self.gold.add_span(side, start, end, layer, label, attrs)
        touched.append(self.gold)

    def _reject(self, key: Key, touched: list[ArticleAnnotations]) -> None:
        for span in self.gold.spans():
            if key_of(span) == key:
                self.gold.delete(span.id)
                touched.append(self.gold)
        if not any(key_of(s) == key for s in self.rejections.spans()):
            self.rejections.add_span(key.side, key.start, key.end, key.layer, key.label)
            touched.append(self.rejections)

    def rivals(self, key: Key) -> list[Candidate]:
        """Open disagreements competing with `key`: same side and layer, overlapping it, another key."""
        return [c for c in self.candidates if c.is_open_disagreement and c.key != key
                and c.key.side == key.side and c.key.layer == key.layer
                and c.key.start < key.end and key.start < c.key.end]

    def accept(self, key: Key, reject_rivals: bool = False) -> list[Candidate]:
        """Put this candidate in gold (and drop any rejection of it); with `reject_rivals`, reject the open
        disagreements overlapping it in its layer. Returns the rivals rejected."""
        rivals = self.rivals(key) if reject_rivals else []

        def change(touched: list[ArticleAnnotations]) -> None:
            self._accept(key, None, touched)
            for rival in rivals:
                self._reject(rival.key, touched)

        self._step(change)
        return rivals

    def reject(self, key: Key) -> None:
        """Keep this candidate out of gold (removing it if gold had it), and remember the decision."""
        self._step(lambda touched: self._reject(key, touched))

    def relabel(self, key: Key, layer: str, label: str) -> Key:
        """Gold takes this stretch with another label: the candidate is rejected, the relabelled span accepted.
        Attributes the new label does not allow are dropped. Returns the new key."""
        new = key._replace(layer=layer, label=label)
        if new == key:
            return key
        held = next((c.spans for c in self.candidates if c.key == key and c.spans), ())
        attrs = dict(held[0].attrs) if held else {}
        gold_here = [s for s in self.gold.spans() if key_of(s) == key]
        if gold_here:
            attrs = dict(gold_here[0].attrs)
        schema = self.store.schema
        if schema is not None:
            allowed = schema.layers[layer].label(label).attrs
            attrs = {k: v for k, v in attrs.items() if v in allowed.get(k, ())}

        def change(touched: list[ArticleAnnotations]) -> None:
            self._reject(key, touched)
            self._accept(new, attrs, touched)

        self._step(change)
        return new

    def can_undo(self) -> bool:
        """True when there is a decision to undo."""
        return bool(self._history)

    def can_redo(self) -> bool:
        """True when there is an undone decision to redo."""
        return bool(self._future)

    def undo(self) -> bool:
        """Reverse the last decision (all its changes); False when there is none."""
        if not self._history:
            return False
        step = self._history.pop()
        for session in reversed(step):
            session.undo()
        self._future.append(step)
        self.refresh()
        return True

    def redo(self) -> bool:
        """Re-apply the last undone decision; False when there is none."""
        if not self._future:
            return False
        step = self._future.pop()
        for session in step:
            session.redo()
        self._history.append(step)
        self.refresh()
        return True

    def close(self) -> None:
        """Fold both sessions' journals into their snapshots."""
        self.gold.close()
        self.rejections.close()
