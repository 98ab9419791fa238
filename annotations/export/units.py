"""Token-level documents for the formats that need tokens (spans, spaCy, CoNLL): one per article side and annotator.

A unit is what a training example is: one annotator's (or gold's) view of one side of one article. Several
annotators give several units for the same text, each carrying its annotator's name, rather than one document
with everyone's spans piled together. Every unit of a text shares one tokenization: the base tokens split at
every span edge on that side, of every annotator in the store (`ExportArticle.edges`), so two annotators' IOB
files of one article have the same tokens whether they were exported together or apart (seqeval compares them
line by line). Spans that still do not align are reported and left out, never moved.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tandem.annotations.export.base import ExportReport
from tandem.annotations.export.iteration import AnnotatorView, ExportArticle
from tandem.annotations.export.tokens import Tokens, align, base_tokens, split_at

OFF_TOKENS = "spans off token boundaries (left out)"
LOST_RELATIONS = "relations left out with a span off token boundaries"
OVERLAPPING = "spans overlapping a longer one (in no IOB/ents, kept elsewhere)"
CUE_SUFFIX = "_cue"

Aligned = tuple[dict[str, Any], int, int]  # a span record, its first and last token (inclusive)


def span_label(span: dict[str, Any]) -> str:
    """How a span is named in one-label formats: its label (layers are listed in the schema/config)."""
    return span["label"]


def where(article: ExportArticle, side: str, span: dict[str, Any]) -> str:
    """A short locator for reports: article, side, offsets and quote."""
    return f"{article.doc.id} {side} {span['start']}:{span['end']} {span['text']!r:.40}"


def unit_meta(article: ExportArticle, side: str, view: AnnotatorView) -> dict[str, Any]:
    """Flat metadata of a unit (flat scalars so columnar readers such as `datasets` infer one schema)."""
    meta = article.doc.meta
    title = meta.get("title") or {}
    return {
        "article_id": article.doc.id,
        "side": side,
        "annotator": view.annotator,
        "status": view.status,
        "title": title.get(side) if isinstance(title, dict) else None,
        "published": meta.get("published"),
        "publisher": meta.get("publisher"),
    }


@dataclass
class TokenUnit:
    """One side of one article as one annotator tagged it, tokenized."""

    article: ExportArticle
    side: str
    view: AnnotatorView
    text: str
    tokens: Tokens
    aligned: list[Aligned] = field(default_factory=list)  # in the spans' (start, end, id) order

    @property
    def key(self) -> str:
        """A unique, stable name: article/side, plus /annotator when there is one."""
        base = f"{self.article.doc.id}/{self.side}"
        return f"{base}/{self.view.annotator}" if self.view.annotator else base

    def relations(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """See `partition_relations`, with this unit's aligned spans as the ones kept."""
        return partition_relations(self.view, self.side, {s["id"] for s, _, _ in self.aligned})


def partition_relations(
    view: AnnotatorView, side: str, kept: set[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Relations touching `side`: (every end among `kept`, linking to another side (e.g. counterparts), lost
    because one of their spans on this side is not in `kept`)."""
    own = {s["id"] for s in view.spans[side]}
    inside, across, lost = [], [], []
    for r in view.relations:
        ends = [r["head"], r["child"], *([r["cue"]] if r.get("cue") else [])]
        mine = [e in own for e in ends]
        if not any(mine):
            continue
        if any(e in own and e not in kept for e in ends):
            lost.append(r)
        elif all(mine):
            inside.append(r)
        else:
            across.append(r)
    return inside, across, lost


def binary_relations(relation: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(type, head id, child id) for a relation, plus (`<type>_cue`, head, cue) when it has a cue: formats with
    binary relations only (Prodigy, brat, doccano, Label Studio) hold a PARC attribution as two links."""
    pairs = [(relation["type"], relation["head"], relation["child"])]
    if relation.get("cue"):
        pairs.append((relation["type"] + CUE_SUFFIX, relation["head"], relation["cue"]))
    return pairs


def cross_links(view: AnnotatorView, across: list[dict[str, Any]], here: set[str]) -> list[dict[str, Any]]:
    """Relations to another side, from this side's point of view: which span here, which span there."""
    index = view.span_index()
    links = []
    for r in across:
        for label, head, child in binary_relations(r):
            mine, other = (head, child) if head in here else (child, head)
            if mine not in here or other not in index:
                continue
            side, o = index[other]
            links.append({"label": label, "span_id": mine, "other_side": side, "other_span_id": other,
                          "other_start": o["start"], "other_end": o["end"], "other_text": o["text"]})  # fmt: skip
    return links


def non_overlapping(spans: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(kept, dropped): longest first, then earliest, greedily, so that no two kept spans share a character."""
    starts: list[int] = []  # kept spans never overlap, so sorted starts and sorted ends go in step
    ends: list[int] = []
    kept, dropped = [], []
    for s in sorted(spans, key=lambda s: (s["start"] - s["end"], s["start"], s["id"])):
        i = bisect.bisect_right(starts, s["start"])
        if (i > 0 and ends[i - 1] > s["start"]) or (i < len(starts) and starts[i] < s["end"]):
            dropped.append(s)
            continue
        starts.insert(i, s["start"])
        ends.insert(i, s["end"])
        kept.append(s)
    return sorted(kept, key=lambda s: (s["start"], s["end"], s["id"])), dropped


def token_units(
    articles: Iterator[ExportArticle] | list[ExportArticle],
    report: ExportReport,
    char_level: Callable[[str], bool] = lambda side: False,
) -> Iterator[TokenUnit]:
    """Every (article, side, annotator) unit, tokenized, with its spans aligned to tokens (misfits reported)."""
    for article in articles:
        for side in article.sides:
            text = article.text(side)
            edges = article.edges.get(side, set()).union(
                *({s["start"], s["end"]} for view in article.annotators for s in view.spans[side])
            )
            tokens = split_at(base_tokens(text, side, char_level(side)), edges)
            for view in article.annotators:
                unit = TokenUnit(article, side, view, text, tokens)
                for s in view.spans[side]:
                    found = align(tokens, s["start"], s["end"])
                    if isinstance(found, str):
                        report.problem(OFF_TOKENS, f"{where(article, side, s)} {found}")
                    else:
                        unit.aligned.append((s, *found))
                yield unit
