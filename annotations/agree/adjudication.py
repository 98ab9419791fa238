"""Adjudication: turn several annotators' spans, links and attributes on one article into one `gold` annotation.

* **Candidates.** What the raters (everyone but gold, see `work`) made is grouped when identical (see `work` for
  the keys): a *span* (attributes and notes do not split it), a *link* (an attribution or a counterpart: type and
  ends), and an *attribute value* of a span two or more raters made but set differently (checkworthy=CFS by one,
  UFS or nothing by another). A span or link candidate is *agreed* when every rater who annotated the article has
  it and at least two raters annotated it: one annotator's word is not an agreement, so an article only one
  person annotated is reviewed one candidate at a time. An attribute candidate is never agreed (it exists
  because the holders differ). Every other candidate is a *disagreement*. Spans and links gold has that no rater
  has (an edited label, a span tagged as gold in the reader) are listed too.
* **Gold** is an ordinary annotator (`gold`) in the same store, written through a normal session, so it has the
  store's durability and undo, and export sees it like anyone else (select it by annotator). A gold span takes
  the attributes every rater who has the span set alike; the note starts empty. A gold link joins gold's spans.
* **Merging the agreed** (`merge_agreed`: opening a review, `tandem adjudicate --agreed`) writes into gold, in one
  atomic write, the agreed spans gold lacks, the agreed links whose ends are then all in gold, and the agreed
  attributes of agreed spans gold has without a value for them, leaving out whatever was rejected. It adds and
  never changes: a decision already in gold stays. Accepting a span later carries the agreed links it completes.
* **Rejection** must be remembered, or a rejected disagreement would look open again; it must not pollute gold
  or exports. A rejection is therefore recorded as a span (same side, offsets, layer, label, quote) in a
  *separate* store, `<store>/.adjudication/gold/<article>.json`, which the main store never lists (its folder
  starts with a dot): same durability and re-anchoring, shared through git with the rest, invisible to export.
  A rejected span is a plain record; a rejected link is a relation between records of its ends (attribute
  `rejects: link end`); a rejected attribute value is a record of its span with `rejects: attribute` and the
  value. Accepting a candidate removes its rejection record. Editing a span's label is rejecting it and accepting
  the relabelled span.
* **Decision** of a candidate: *accepted* when gold has it (for an attribute: gold's span has that value), else
  *rejected* when a rejection record has it, or when it cannot be in gold any more (a link whose end, an
  attribute whose span was rejected; an attribute gold set to another value), else *open*. Progress counts the
  open disagreements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from tandem.annotations.agree.report import TextOf
from tandem.annotations.agree.work import Key, LinkKey, Work, article_work, key_of, raters, work_of
from tandem.annotations.model import GOLD, DocumentText, Relation, Span, new_id, quote_context, utc_now
from tandem.annotations.schema import PROVENANCE_ATTRS
from tandem.annotations.session import ArticleAnnotations, NewRelation, NewSpan
from tandem.annotations.store import Store

__all__ = ["REVIEW_FOLDER", "Adjudication", "ArticleProgress", "AttrKey", "Candidate", "Decision", "Key",
           "LinkKey", "Merged", "merge_agreed", "merge_all_agreed", "progress", "rejection_store"]

REVIEW_FOLDER = ".adjudication"
"""Inside the store root; a dot folder, so `Store.annotators()` and therefore export never see it."""
REJECTS = "rejects"
"""The attribute that tells, in the rejection store, a link's end or a rejected attribute from a rejected span."""
LINK_END, ATTRIBUTE = "link end", "attribute"


class AttrKey(NamedTuple):
    """One value of one attribute of one span."""

    span: Key
    name: str
    value: str


CandidateKey = Key | LinkKey | AttrKey


class Decision(StrEnum):
    """Where review stands with a candidate."""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Candidate:
    """One distinct span, link or attribute value across the raters, who has it, and what gold decided.

    `text` is the span's quote (for a link, its head's; `child_text` and `cue_text` its other ends'); `spans` are
    the holders' spans (none for a link)."""

    key: CandidateKey
    text: str
    holders: tuple[str, ...]
    spans: tuple[Span, ...]
    agreed: bool
    decision: Decision
    child_text: str = ""
    cue_text: str = ""

    @property
    def is_open_disagreement(self) -> bool:
        """Still needs a decision: a disagreement neither accepted nor rejected."""
        return not self.agreed and self.decision == Decision.OPEN

    @property
    def span_key(self) -> Key:
        """The span the candidate is about: itself, the attribute's span, or the link's head."""
        key = self.key
        return key if isinstance(key, Key) else key.span if isinstance(key, AttrKey) else key.head


def _order(key: Key) -> tuple[bool, int, int, str, str]:
    return key.side != "ko", key.start, key.end, key.layer, key.label


def shared_attrs(spans: Iterable[Span]) -> dict[str, Any]:
    """The attributes every one of `spans` sets to the same value (all of them for a single span)."""
    spans = list(spans)
    if not spans:
        return {}
    return {k: v for k, v in spans[0].attrs.items() if all(s.attrs.get(k) == v for s in spans[1:])}


def _disputed(spans: Sequence[Span]) -> dict[str, dict[str, list[str]]]:
    """Attribute → value → annotators who set it, for the attributes the holders of one span do not set alike."""
    if len(spans) < 2:
        return {}
    shared = shared_attrs(spans)
    found: dict[str, dict[str, list[str]]] = {}
    for span in spans:
        for name, value in span.attrs.items():
            if name not in shared and name not in PROVENANCE_ATTRS:
                found.setdefault(name, {}).setdefault(str(value), []).append(span.annotator)
    return found


@dataclass(frozen=True)
class Rejections:
    """What gold rejected on one article, read from the rejection store's work."""

    spans: frozenset[Key]
    links: frozenset[LinkKey]
    attrs: frozenset[AttrKey]

    @classmethod
    def of(cls, work: Work) -> Rejections:
        spans = frozenset(key_of(s) for s in work.spans if REJECTS not in s.attrs)
        attrs = frozenset(AttrKey(key_of(s), name, str(value)) for s in work.spans if s.attrs.get(REJECTS) == ATTRIBUTE
                          for name, value in s.attrs.items() if name != REJECTS)
        return cls(spans, frozenset(work.links), attrs)


NO_REJECTIONS = Rejections(frozenset(), frozenset(), frozenset())


def candidates(rater_work: Mapping[str, Work], gold: Work, rejected: Rejections = NO_REJECTIONS) -> list[Candidate]:
    """The candidates of one article: spans (Korean side first, by position), each followed by its disputed
    attribute values, then links by the position of their head.

    `rater_work` has an entry for every rater who annotated the article (possibly empty)."""
    everyone = set(rater_work)
    held: dict[Key, list[Span]] = {}
    links: dict[LinkKey, list[str]] = {}
    for annotator in sorted(rater_work):
        for span in rater_work[annotator].spans:
            held.setdefault(key_of(span), []).append(span)
        for link in rater_work[annotator].links:
            links.setdefault(link, []).append(annotator)
    in_gold = gold.span_by_key()
    for key in in_gold:
        held.setdefault(key, [])
    for link in gold.links:
        links.setdefault(link, [])
    texts = {key: spans[0].text if spans else in_gold[key].text for key, spans in held.items()}

    def span_decision(key: Key) -> Decision:
        return (Decision.ACCEPTED if key in in_gold else Decision.REJECTED if key in rejected.spans
                else Decision.OPEN)

    found = []
    for key in sorted(held, key=_order):
        spans = held[key]
        holders = tuple(sorted({s.annotator for s in spans}))
        agreed = len(everyone) >= 2 and set(holders) == everyone
        found.append(Candidate(key, texts[key], holders, tuple(spans), agreed, span_decision(key)))
        gold_attrs = in_gold[key].attrs if key in in_gold else {}
        for name, values in sorted(_disputed(spans).items()):
            for value, who in sorted(values.items()):
                attr = AttrKey(key, name, value)
                if key in in_gold and str(gold_attrs.get(name)) == value:
                    decision = Decision.ACCEPTED
                elif (attr in rejected.attrs or span_decision(key) == Decision.REJECTED
                      or gold_attrs.get(name) is not None):
                    decision = Decision.REJECTED
                else:
                    decision = Decision.OPEN
                found.append(Candidate(attr, texts[key], tuple(sorted(who)),
                                       tuple(s for s in spans if s.annotator in who), False, decision))
    for link in sorted(links, key=lambda k: (_order(k.head), _order(k.child), k.type, k.cue or ())):
        holders = tuple(sorted(links[link]))
        agreed = len(everyone) >= 2 and set(holders) == everyone
        if link in gold.links:
            decision = Decision.ACCEPTED
        elif link in rejected.links or any(span_decision(end) == Decision.REJECTED for end in link.ends):
            decision = Decision.REJECTED
        else:
            decision = Decision.OPEN
        found.append(Candidate(link, texts.get(link.head, ""), holders, (), agreed, decision,
                               texts.get(link.child, ""), texts.get(link.cue, "") if link.cue else ""))
    return found


def rejection_store(store: Store) -> Store:
    """Where gold's rejections are recorded: a store of its own inside the main one (no schema checks)."""
    return Store(store.root / REVIEW_FOLDER)


def _rejected(store: Store, doc: DocumentText) -> Rejections:
    """Gold's rejections for `doc`, read without creating the rejection store (counting writes nothing)."""
    if not (store.root / REVIEW_FOLDER).is_dir():
        return NO_REJECTIONS
    return Rejections.of(work_of(rejection_store(store).read(GOLD, doc.id), doc))


def _gold_work(store: Store, doc: DocumentText) -> Work:
    return work_of(store.read(GOLD, doc.id), doc)


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
    rater_work = article_work(store, doc)
    return ArticleProgress.of(doc.id, rater_work, candidates(rater_work, _gold_work(store, doc),
                                                             _rejected(store, doc)))


def annotated_articles(store: Store) -> list[str]:
    """Every article some rater has a file for, by id."""
    return sorted({a for annotator in raters(store) for a in store.article_ids(annotator)})


def progress(store: Store, text_of: TextOf) -> list[ArticleProgress]:
    """Review progress of every article a rater annotated (articles without text are left out), by id."""
    found = []
    for article_id in annotated_articles(store):
        doc = text_of(article_id)
        if doc is not None:
            found.append(article_progress(store, doc))
    return found


# --- merging what everyone agrees on -----------------------------------------------------------------------------


@dataclass
class Merged:
    """What `merge_agreed` wrote into gold, and the open disagreements it left for a person."""

    spans: int = 0
    links: int = 0
    attrs: int = 0
    left: int = 0

    def add(self, other: Merged) -> None:
        self.spans += other.spans
        self.links += other.links
        self.attrs += other.attrs
        self.left += other.left

    @property
    def total(self) -> int:
        return self.spans + self.links + self.attrs


def _new_span(doc: DocumentText, key: Key, attrs: Mapping[str, Any]) -> Span:
    side, start, end, layer, label = key
    quote, prefix, suffix = quote_context(doc.sides[side], start, end)
    now = utc_now()
    return Span(id=new_id(), article_id=doc.id, side=side, start=start, end=end, text=quote, prefix=prefix,
                suffix=suffix, layer=layer, label=label, annotator=GOLD, created=now, updated=now, attrs=dict(attrs))


def merge_agreed(store: Store, doc: DocumentText, rater_work: Mapping[str, Work] | None = None) -> Merged:
    """Write what every rater of `doc` agrees on into gold, in one atomic write (see the module docstring); never
    changes what gold has. Returns what it merged and the open disagreements left."""
    rater_work = article_work(store, doc) if rater_work is None else rater_work
    gold = _gold_work(store, doc)
    rejected = _rejected(store, doc)
    found = candidates(rater_work, gold, rejected)
    merged = Merged()
    ops: list[list[Any]] = []
    ids = {key: span.id for key, span in gold.span_by_key().items()}
    gold_spans = gold.span_by_key()
    for c in found:
        if not c.agreed or not isinstance(c.key, Key):
            continue
        attrs = shared_attrs(c.spans)
        if c.decision == Decision.OPEN:
            span = _new_span(doc, c.key, attrs)
            ids[c.key] = span.id
            ops.append(["span", span.id, span.to_dict()])
            merged.spans += 1
            merged.attrs += sum(name not in PROVENANCE_ATTRS for name in attrs)
        elif c.decision == Decision.ACCEPTED:
            have = gold_spans[c.key]
            new = {name: value for name, value in attrs.items() if name not in have.attrs
                   and AttrKey(c.key, name, str(value)) not in rejected.attrs}
            if new:
                record = have.to_dict() | {"attrs": {**have.attrs, **new}, "updated": utc_now()}
                ops.append(["span", have.id, record])
                merged.attrs += sum(name not in PROVENANCE_ATTRS for name in new)
    now = utc_now()
    for c in found:
        link = c.key
        if c.agreed and isinstance(link, LinkKey) and c.decision == Decision.OPEN and all(e in ids for e in link.ends):
            relation = Relation(id=new_id(), article_id=doc.id, type=link.type, head=ids[link.head],
                                child=ids[link.child], annotator=GOLD, created=now,
                                cue=ids[link.cue] if link.cue else None)
            ops.append(["relation", relation.id, relation.to_dict()])
            merged.links += 1
    if ops:
        store.merge(GOLD, doc.id, ops)
        found = candidates(rater_work, _gold_work(store, doc), rejected)
    merged.left = sum(c.is_open_disagreement for c in found)
    return merged


def merge_all_agreed(store: Store, text_of: TextOf) -> tuple[dict[str, Merged], list[str]]:
    """`merge_agreed` on every article a rater annotated: what each got (by id), and the ids left out because the
    workspace has no text for them."""
    merged: dict[str, Merged] = {}
    missing: list[str] = []
    for article_id in annotated_articles(store):
        doc = text_of(article_id)
        if doc is None:
            missing.append(article_id)
        else:
            merged[article_id] = merge_agreed(store, doc)
    return merged, missing


# --- one article under review ------------------------------------------------------------------------------------


class Adjudication:
    """One article under review: its candidates, and the sessions that record gold's decisions.

    Every decision is one undoable step, even when it touches both gold and the rejection records.
    """

    def __init__(self, store: Store, doc: DocumentText) -> None:
        self.store = store
        self.doc = doc
        self.rater_work = article_work(store, doc)
        merge_agreed(store, doc, self.rater_work)
        self.gold: ArticleAnnotations = store.session(doc, GOLD)
        self.rejections: ArticleAnnotations = rejection_store(store).session(doc, GOLD)
        self._history: list[list[ArticleAnnotations]] = []
        self._future: list[list[ArticleAnnotations]] = []
        self.candidates: list[Candidate] = []
        self.refresh()

    @property
    def annotators(self) -> list[str]:
        """The raters who annotated this article."""
        return sorted(self.rater_work)

    def _gold_work(self) -> Work:
        return work_of(self.gold.state(), self.doc)

    def _rejections(self) -> Rejections:
        return Rejections.of(work_of(self.rejections.state(), self.doc))

    def refresh(self) -> None:
        """Recompute the candidates from the sessions (after any change)."""
        self.candidates = candidates(self.rater_work, self._gold_work(), self._rejections())

    def candidate(self, key: CandidateKey) -> Candidate:
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
        return ArticleProgress.of(self.doc.id, self.rater_work, self.candidates)

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

    def _drop_records(self, records: Iterable[Span], touched: list[ArticleAnnotations]) -> None:
        for span in records:
            self.rejections.delete(span.id)
            touched.append(self.rejections)

    def _held(self, key: Key) -> tuple[Span, ...]:
        return next((c.spans for c in self.candidates if c.key == key), ())

    def _accept_span(self, key: Key, attrs: Mapping[str, Any] | None, touched: list[ArticleAnnotations]) -> None:
        self._drop_records((s for s in self.rejections.spans() if key_of(s) == key and REJECTS not in s.attrs),
                           touched)
        if any(key_of(s) == key for s in self.gold.spans()):
            return
        self.gold.add_span(*key, shared_attrs(self._held(key)) if attrs is None else attrs)
        touched.append(self.gold)
        self._carry_links(touched)

    def _carry_links(self, touched: list[ArticleAnnotations]) -> None:
        """Add to gold the agreed links, not rejected, whose ends are all in gold now."""
        self.refresh()
        ids = {key_of(s): s.id for s in self.gold.spans()}
        for c in self.candidates:
            link = c.key
            if (c.agreed and isinstance(link, LinkKey) and c.decision == Decision.OPEN
                    and all(end in ids for end in link.ends)):
                self.gold.link(link.type, ids[link.head], ids[link.child], ids[link.cue] if link.cue else None)
                touched.append(self.gold)

    def _reject_span(self, key: Key, touched: list[ArticleAnnotations]) -> None:
        for span in self.gold.spans():
            if key_of(span) == key:
                self.gold.delete(span.id)
                touched.append(self.gold)
        if not any(key_of(s) == key and REJECTS not in s.attrs for s in self.rejections.spans()):
            self.rejections.add_span(*key)
            touched.append(self.rejections)

    def _link_records(self, link: LinkKey) -> list[Span]:
        """The end records of the rejection of `link` (none when it is not rejected)."""
        state = self.rejections.state()
        by_id = {s.id: s for s in self.rejections.spans()}
        ids = [relation_id for key, relation_id in work_of(state, self.doc).links.items() if key == link]
        ends = {state.relations[i][end] for i in ids for end in ("head", "child", "cue") if state.relations[i][end]}
        return [by_id[i] for i in sorted(ends) if i in by_id]

    def _accept_link(self, link: LinkKey, touched: list[ArticleAnnotations]) -> None:
        self._drop_records(self._link_records(link), touched)
        for end in link.ends:
            self._accept_span(end, None, touched)
        gold = self._gold_work()
        if link in gold.links:
            return
        ids = {key: span.id for key, span in gold.span_by_key().items()}
        self.gold.link(link.type, ids[link.head], ids[link.child], ids[link.cue] if link.cue else None)
        touched.append(self.gold)

    def _reject_link(self, link: LinkKey, touched: list[ArticleAnnotations]) -> None:
        relation_id = self._gold_work().links.get(link)
        if relation_id is not None:
            self.gold.unlink(relation_id)
            touched.append(self.gold)
        if self._link_records(link):
            return
        ends = [NewSpan(*end, attrs={REJECTS: LINK_END}) for end in link.ends]
        self.rejections.add_together(ends, [NewRelation(link.type, 0, 1, 2 if link.cue else None)])
        touched.append(self.rejections)

    def _gold_span(self, key: Key) -> Span | None:
        return next((s for s in self.gold.spans() if key_of(s) == key), None)

    def _accept_attr(self, attr: AttrKey, touched: list[ArticleAnnotations]) -> None:
        self._drop_records((s for s in self.rejections.spans() if key_of(s) == attr.span
                            and s.attrs.get(REJECTS) == ATTRIBUTE and str(s.attrs.get(attr.name)) == attr.value),
                           touched)
        self._accept_span(attr.span, None, touched)
        span = self._gold_span(attr.span)
        if span is not None and str(span.attrs.get(attr.name)) != attr.value:
            self.gold.set_attrs(span.id, {**span.attrs, attr.name: attr.value})
            touched.append(self.gold)

    def _reject_attr(self, attr: AttrKey, touched: list[ArticleAnnotations]) -> None:
        span = self._gold_span(attr.span)
        if span is not None and str(span.attrs.get(attr.name)) == attr.value:
            self.gold.set_attrs(span.id, {k: v for k, v in span.attrs.items() if k != attr.name})
            touched.append(self.gold)
        if attr not in self._rejections().attrs:
            self.rejections.add_span(*attr.span, attrs={REJECTS: ATTRIBUTE, attr.name: attr.value})
            touched.append(self.rejections)

    def _accept(self, key: CandidateKey, touched: list[ArticleAnnotations]) -> None:
        if isinstance(key, LinkKey):
            self._accept_link(key, touched)
        elif isinstance(key, AttrKey):
            self._accept_attr(key, touched)
        else:
            self._accept_span(key, None, touched)

    def _reject(self, key: CandidateKey, touched: list[ArticleAnnotations]) -> None:
        if isinstance(key, LinkKey):
            self._reject_link(key, touched)
        elif isinstance(key, AttrKey):
            self._reject_attr(key, touched)
        else:
            self._reject_span(key, touched)

    def rivals(self, key: CandidateKey) -> list[Candidate]:
        """Open disagreements competing with `key`: for a span, the spans of its side and layer overlapping it; for
        a link, the links of its type sharing its head or its child; for an attribute value, the other values."""

        def competes(other: CandidateKey) -> bool:
            if isinstance(key, LinkKey):
                return isinstance(other, LinkKey) and other.type == key.type and (
                    other.head == key.head or other.child == key.child)
            if isinstance(key, AttrKey):
                return isinstance(other, AttrKey) and (other.span, other.name) == (key.span, key.name)
            return (isinstance(other, Key) and other.side == key.side and other.layer == key.layer
                    and other.start < key.end and key.start < other.end)

        return [c for c in self.candidates if c.is_open_disagreement and c.key != key and competes(c.key)]

    def accept(self, key: CandidateKey, reject_rivals: bool = False) -> list[Candidate]:
        """Put this candidate in gold (a link with its ends, an attribute with its span) and drop any rejection of
        it; with `reject_rivals`, reject the open disagreements competing with it. Returns the rivals rejected."""
        rivals = self.rivals(key) if reject_rivals else []

        def change(touched: list[ArticleAnnotations]) -> None:
            self._accept(key, touched)
            for rival in rivals:
                self._reject(rival.key, touched)

        self._step(change)
        return rivals

    def reject(self, key: CandidateKey) -> None:
        """Keep this candidate out of gold (removing it if gold had it), and remember the decision."""
        self._step(lambda touched: self._reject(key, touched))

    def relabel(self, key: CandidateKey, layer: str, label: str) -> Key:
        """Gold takes this stretch with another label: the candidate is rejected, the relabelled span accepted.
        Attributes the new label does not allow are dropped. Returns the new key. Only a span has a label."""
        if not isinstance(key, Key):
            raise ValueError("only a span's label can be edited")
        new = key._replace(layer=layer, label=label)
        if new == key:
            return key
        gold_here = self._gold_span(key)
        attrs = dict(gold_here.attrs) if gold_here else shared_attrs(self._held(key))
        schema = self.store.schema
        if schema is not None:
            allowed = schema.layers[layer].label(label).attrs
            attrs = {k: v for k, v in attrs.items() if v in allowed.get(k, ())}

        def change(touched: list[ArticleAnnotations]) -> None:
            self._reject_span(key, touched)
            self._accept_span(new, attrs, touched)

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
