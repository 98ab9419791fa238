"""The native record of an article's annotations, placed in today's text: what every export, `agree` and `load` share.

Line format (keys sorted, spans by start/end/id, relations by id, so the same store gives the same bytes)::

    {"article": {"id": ..., "meta": {...}},
     "relations": [{"id", "type", "head", "child", "cue", "annotator", "created"}],
     "sides": {"en": {"text": ..., "spans": [{"id", "start", "end", "text", "layer", "label", "attrs", "note",
                                              "annotator", "created", "updated"}],
                      "orphans": [... same, plus "prefix"/"suffix" ...]},   # only when there are orphans
               "ko": {...}},
     "status": {"<annotator>": "new" | "in_progress" | "done"}}   # every annotator who touched it, by status_of
"""

from __future__ import annotations

from typing import Any

import orjson

from tandem.annotations.anchoring import place_records
from tandem.annotations.model import DocumentText, Span
from tandem.annotations.state import status_of
from tandem.annotations.store import Store

SPAN_KEYS = ("id", "start", "end", "text", "layer", "label", "attrs", "note", "annotator", "created", "updated")
RELATION_KEYS = ("id", "type", "head", "child", "cue", "annotator", "created")


def _record(span: Span, keys: tuple[str, ...] = SPAN_KEYS) -> dict[str, Any]:
    data = span.to_dict()
    return {k: data[k] for k in keys}


def article_record(doc: DocumentText, store: Store, annotators: list[str]) -> dict[str, Any]:
    """One export line's object for `doc`, from every annotator in `annotators` who touched it."""
    records: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    status: dict[str, str] = {}
    for annotator in annotators:
        state = store.read(annotator, doc.id)
        if not state.has_annotations():
            continue
        records += state.spans.values()
        relations += ({k: r.get(k) for k in RELATION_KEYS} for r in state.relations.values())
        status[annotator] = status_of(state).value
    placement = place_records(records, doc)
    sides: dict[str, Any] = {side: {"text": text, "spans": []} for side, text in doc.sides.items()}
    for span in (*placement.kept, *placement.moved):
        sides[span.side]["spans"].append(_record(span))
    for span in placement.orphans:
        side = sides.setdefault(span.side, {"text": doc.sides.get(span.side, ""), "spans": []})
        side.setdefault("orphans", []).append(_record(span, (*SPAN_KEYS, "prefix", "suffix")))
    for side in sides.values():
        side["spans"].sort(key=lambda s: (s["start"], s["end"], s["id"]))
        if "orphans" in side:
            side["orphans"].sort(key=lambda s: s["id"])
    return {
        "article": {"id": doc.id, "meta": dict(doc.meta)},
        "sides": sides,
        "relations": sorted(relations, key=lambda r: r["id"]),
        "status": status,
    }


def record_line(record: dict[str, Any]) -> bytes:
    """One article's line of the native format: sorted keys, so the same store always gives the same bytes."""
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS, default=str) + b"\n"
