"""The one loop every format shares: article by article, the selected annotations, already filtered.

Each article is read once (`annotations.record.article_record`, which also re-anchors spans whose text moved, as a
session would) and cut down by the ExportFilter; then it is dropped before the next one is read, so memory stays
flat however large the store. Formats see an `ExportArticle`: the filtered native record (for the lossless
format), and per annotator the spans of each side and the relations between them.

The core knows nothing of paragraphs or alignment: the caller may attach a `Segmenter` to each document (the
reader computes beads) for formats that need segments (parallel).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tandem.annotations.export.filters import ExportFilter
from tandem.annotations.model import DocumentText
from tandem.annotations.record import article_record
from tandem.annotations.store import Store


@dataclass(frozen=True)
class Segment:
    """One aligned unit of an article: a [start, end) range on each side (None: no counterpart on that side)."""

    ko: tuple[int, int] | None
    en: tuple[int, int] | None
    kind: str = "paragraph"  # "title", "paragraph" or "sentence"

    def side(self, side: str) -> tuple[int, int] | None:
        """The range on `side`."""
        return self.ko if side == "ko" else self.en


Segmenter = Callable[[str], list[Segment]]
"""Given a granularity ("paragraph" or "sentence"), the article's segments in reading order."""


@dataclass(frozen=True)
class SourceDocument:
    """An article as an export receives it: its text, and how to cut it into aligned segments if asked."""

    doc: DocumentText
    segmenter: Segmenter | None = None


@dataclass
class AnnotatorView:
    """One annotator's selected work on one article. `annotator` is None for an article nobody touched."""

    annotator: str | None
    status: str | None
    spans: dict[str, list[dict[str, Any]]]  # side -> span records sorted by (start, end, id)
    relations: list[dict[str, Any]]  # sorted by id; both ends (and the cue, if kept) are in `spans`

    def span_index(self) -> dict[str, tuple[str, dict[str, Any]]]:
        """span id -> (side, record), for resolving relation ends."""
        return {s["id"]: (side, s) for side, spans in self.spans.items() for s in spans}


@dataclass
class ExportArticle:
    """One article after filtering."""

    source: SourceDocument
    record: dict[str, Any]  # the native (jsonl) record, filtered
    annotators: list[AnnotatorView] = field(default_factory=list)
    edges: dict[str, set[int]] = field(default_factory=dict)  # side -> every span edge anyone has there (tokens)

    @property
    def doc(self) -> DocumentText:
        """The article's id, metadata and side texts (only the selected sides)."""
        return self.source.doc

    @property
    def sides(self) -> list[str]:
        """The selected sides this article has, in the record's (sorted) order."""
        return list(self.record["sides"])

    def text(self, side: str) -> str:
        """The NFC text of one side, which every offset indexes."""
        return self.record["sides"][side]["text"]


def _filter_record(record: dict[str, Any], doc: DocumentText, keep: ExportFilter, annotators: set[str]) -> None:
    """Cut `record` down in place to what `keep` selects; relations lose a filtered-out cue, or go with an end."""
    status = {a: s for a, s in record["status"].items() if a in annotators}
    record["status"] = status
    kept_ids: set[str] = set()
    sides: dict[str, Any] = {}
    for side in sorted(set(doc.sides) | set(record["sides"])):
        if not keep.keeps_side(side):
            continue
        content = record["sides"].get(side, {"text": doc.sides.get(side, ""), "spans": []})
        spans = [s for s in content["spans"] if s["annotator"] in annotators and keep.keeps_span(s)]
        kept_ids.update(s["id"] for s in spans)
        sides[side] = {"text": content["text"], "spans": spans}
        orphans = [s for s in content.get("orphans", ()) if s["annotator"] in annotators and keep.keeps_span(s)]
        if orphans:
            sides[side]["orphans"] = orphans
            kept_ids.update(s["id"] for s in orphans)
    record["sides"] = sides
    relations = []
    for r in record["relations"]:
        if r["annotator"] not in annotators or r["head"] not in kept_ids or r["child"] not in kept_ids:
            continue
        relations.append(r if r.get("cue") in kept_ids or not r.get("cue") else dict(r, cue=None))
    record["relations"] = relations


def _annotator_views(record: dict[str, Any], touched: list[str]) -> list[AnnotatorView]:
    views = {a: AnnotatorView(a, record["status"].get(a), {s: [] for s in record["sides"]}, []) for a in touched}
    for side, content in record["sides"].items():
        for s in content["spans"]:
            views[s["annotator"]].spans[side].append(s)
    for r in record["relations"]:
        views[r["annotator"]].relations.append(r)
    return list(views.values()) or [AnnotatorView(None, None, {s: [] for s in record["sides"]}, [])]


def _edges(record: dict[str, Any]) -> dict[str, set[int]]:
    """Every span edge on each side, of every annotator and layer in `record` (before filtering)."""
    return {side: {e for s in content["spans"] for e in (s["start"], s["end"])}
            for side, content in record["sides"].items()}  # fmt: skip


def iter_articles(
    sources: Iterable[SourceDocument], store: Store, keep: ExportFilter, every_edge: bool = False
) -> Iterator[ExportArticle]:
    """Every article of `sources` (in their order) with the annotations `keep` selects, one at a time.

    The record lists every annotator who touched the article with their status (`state.status_of`); those failing
    the status filter are left out. With a status filter, or with `skip_unannotated`, an article no selected
    annotator touched is skipped. With `every_edge`, each article also carries the span edges of everyone in the
    store (any layer, any status), so token formats cut a text the same way whoever is selected: two annotators'
    separate exports line up token for token."""
    annotators = keep.resolve_annotators(store)
    readers = store.annotators() if every_edge else annotators
    for source in sources:
        doc = source.doc
        record = article_record(doc, store, readers)
        edges = _edges(record) if every_edge else {}
        touched = set(record["status"]).intersection(annotators)
        selected = sorted(a for a in touched if keep.keeps_status(record["status"].get(a)))
        if not selected and (keep.skip_unannotated or keep.statuses):
            continue
        _filter_record(record, doc, keep, set(selected))
        yield ExportArticle(source, record, _annotator_views(record, selected), edges)
