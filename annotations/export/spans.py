"""`spans`: the Prodigy/spaCy JSONL convention, one line per article side and annotator.

Each line: `text`, `tokens` ({text, start, end, id, ws}; whitespace other than one trailing space is a token of
its own, as spaCy makes it), `spans` ({start, end, token_start, token_end (inclusive), label, id, layer}),
`relations` (Prodigy's {head, child, head_span, child_span, label}, head/child being each span's last token),
`links` (relations to the other side, e.g. counterparts, which one text cannot hold), `meta` (flat), and
`_annotator_id` (Prodigy's field for who annotated). An attribution with a cue becomes two relations:
`attribution` (claim → source) and `attribution_cue` (claim → cue). Spans off token boundaries are reported and
left out (see tokens.py). Loads with `datasets.load_dataset("json", ...)`; `Doc(vocab, words, spaces)` built from
the tokens reproduces the text, and `doc.char_span(start, end, alignment_mode="strict")` finds every span.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

import orjson

from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.iteration import ExportArticle
from tandem.annotations.export.units import (
    LOST_RELATIONS,
    TokenUnit,
    binary_relations,
    cross_links,
    span_label,
    token_units,
    unit_meta,
)
from tandem.annotations.schema import Schema


def _span(span: dict[str, Any], first: int, last: int) -> dict[str, Any]:
    return {
        "start": span["start"], "end": span["end"], "token_start": first, "token_end": last,
        "label": span_label(span), "id": span["id"], "layer": span["layer"],
    }  # fmt: skip


def unit_line(unit: TokenUnit, report: ExportReport) -> dict[str, Any]:
    """The Prodigy-style object for one unit (shared with other span-list formats)."""
    spans = {s["id"]: _span(s, first, last) for s, first, last in unit.aligned}
    inside, across, lost = unit.relations()
    for r in lost:
        report.problem(LOST_RELATIONS, f"{unit.key} {r['type']} {r['id']}")
    relations = []
    for r in inside:
        for label, head, child in binary_relations(r):
            h, c = spans[head], spans[child]
            relations.append({"head": h["token_end"], "child": c["token_end"], "head_span": h, "child_span": c,
                              "label": label})  # fmt: skip
    links = cross_links(unit.view, across, set(spans))
    report.documents += 1
    report.spans += len(spans)
    report.relations += len(inside) + sum(1 for r in across if r["head"] in spans)
    t = unit.tokens
    return {
        "text": unit.text,
        "tokens": [
            {"text": text, "start": start, "end": end, "id": i, "ws": ws}
            for i, (text, start, end, ws) in enumerate(zip(t.texts, t.starts, t.ends, t.ws, strict=True))
        ],
        "spans": list(spans.values()),
        "relations": relations,
        "links": links,
        "meta": unit_meta(unit.article, unit.side, unit.view),
        "_annotator_id": unit.view.annotator,
    }


class SpansJsonl:
    """Prodigy/spaCy-style JSONL."""

    name = "spans"
    description = "Prodigy/spaCy JSONL: text, tokens, token-aligned spans, relations; one line per side"
    writes_folder = False
    token_level = True  # one tokenization per text, cut at everyone's span edges (units.py)

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: BinaryIO,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """One line per unit."""
        for unit in token_units(iter(articles), report):
            target.write(orjson.dumps(unit_line(unit, report)) + b"\n")
