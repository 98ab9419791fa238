"""`parallel`: a parallel Korean–English span dataset, one line per aligned bead and annotator.

Each line: `article_id`, `segment` (its index), `kind` (title, paragraph or sentence), `annotator`, `status`, and
for each of `ko` and `en` either null (no counterpart in this bead) or {text, start, end (the segment in the side
text), spans [{start, end (re-based to the segment), label, layer, id, text}], relations [{type, head, child,
cue}] (those wholly inside)}; then `links`: the counterpart (and any other cross-side) relations whose two ends
fall in this bead, as {type, ko: span id, en: span id}.

Beads come from the caller's segmenter (the reader's Gale–Church paragraph or sentence alignment); an article
without one, or without both sides, is skipped and reported. A span crossing a segment edge, or a counterpart
link whose ends fall in different beads, is reported rather than cut or guessed.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any, BinaryIO

import orjson

from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.iteration import AnnotatorView, ExportArticle, Segment
from tandem.annotations.export.units import where
from tandem.annotations.model import SIDES
from tandem.annotations.schema import Schema

NO_BEADS = "articles without alignment or without both sides (skipped)"
ACROSS_SEGMENTS = "spans crossing a segment edge (left out)"
LINKS_ACROSS = "cross-side links whose ends are in different beads (left out)"


def _locate(segments: list[Segment], side: str, span: dict[str, Any]) -> int | None:
    """Index of the segment holding the whole span on `side`, or None."""
    ranges = [(seg.side(side), i) for i, seg in enumerate(segments) if seg.side(side) is not None]
    starts = [r[0] for r, _ in ranges]
    k = bisect.bisect_right(starts, span["start"]) - 1
    if k < 0:
        return None
    (start, end), i = ranges[k]
    return i if start <= span["start"] and span["end"] <= end else None


def _lines(
    article: ExportArticle, view: AnnotatorView, segments: list[Segment], report: ExportReport
) -> list[dict[str, Any]]:
    placed: dict[str, tuple[int, str]] = {}
    per_segment: list[dict[str, list[dict[str, Any]]]] = [{side: [] for side in SIDES} for _ in segments]
    for side in SIDES:
        for s in view.spans.get(side, []):
            i = _locate(segments, side, s)
            if i is None:
                report.problem(ACROSS_SEGMENTS, where(article, side, s))
                continue
            placed[s["id"]] = (i, side)
            per_segment[i][side].append(s)
    relations: list[list[dict[str, Any]]] = [[] for _ in segments]
    links: list[list[dict[str, Any]]] = [[] for _ in segments]
    for r in view.relations:
        ends = [placed.get(e) for e in (r["head"], r["child"], *([r["cue"]] if r.get("cue") else []))]
        if None in ends:
            continue
        beads = {i for i, _ in ends}  # type: ignore[misc]
        sides = {side for _, side in ends}  # type: ignore[misc]
        if len(beads) > 1:
            if len(sides) > 1:
                report.problem(LINKS_ACROSS, f"{article.doc.id} {r['type']} {r['id']}")
            continue
        (i,) = beads
        if len(sides) == 1:
            relations[i].append({"type": r["type"], "head": r["head"], "child": r["child"], "cue": r.get("cue")})
        else:
            pair = {placed[r["head"]][1]: r["head"], placed[r["child"]][1]: r["child"]}
            links[i].append({"type": r["type"], "ko": pair.get("ko"), "en": pair.get("en")})
        report.relations += 1
    out = []
    for i, seg in enumerate(segments):
        line: dict[str, Any] = {"article_id": article.doc.id, "segment": i, "kind": seg.kind,
                                "annotator": view.annotator, "status": view.status}  # fmt: skip
        for side in SIDES:
            bounds = seg.side(side)
            if bounds is None:
                line[side] = None
                continue
            start, end = bounds
            spans = [{"start": s["start"] - start, "end": s["end"] - start, "label": s["label"],
                      "layer": s["layer"], "id": s["id"], "text": s["text"]} for s in per_segment[i][side]]  # fmt: skip
            report.spans += len(spans)
            inside = [r for r in relations[i] if placed[r["head"]][1] == side]
            line[side] = {"text": article.text(side)[start:end], "start": start, "end": end, "spans": spans,
                          "relations": inside}  # fmt: skip
        line["links"] = links[i]
        out.append(line)
    return out


class Parallel:
    """Aligned bead JSONL."""

    name = "parallel"
    description = "parallel KO/EN JSONL: one line per aligned paragraph (or sentence) bead, spans re-based, links"
    writes_folder = False

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: BinaryIO,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """Beads of every article with both sides."""
        for article in articles:
            segmenter = article.source.segmenter
            if segmenter is None or not all(side in article.sides for side in SIDES):
                report.problem(NO_BEADS, article.doc.id)
                continue
            segments = segmenter(options.granularity)
            for view in article.annotators:
                for line in _lines(article, view, segments, report):
                    target.write(orjson.dumps(line) + b"\n")
                    report.documents += 1
