"""The annotation data model: spans, relations, article status, and the article text they point into.

Offsets are code points into the NFC text of one side (W3C Web Annotation and Python both count code points), so
every text entering the core goes through `normalize_text` first. Records are frozen dataclasses; the store keeps
them as plain dicts (`to_dict`/`from_dict`) so files stay readable by stock TinyDB and by hand.
"""

from __future__ import annotations

import secrets
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

SIDES = ("ko", "en")
GOLD = "gold"  # the adjudicated layer's annotator name
CONTEXT = 32  # characters of context kept on each side of a quote, as Hypothesis does


def normalize_text(text: str) -> str:
    """NFC with `\\n` line ends: the one form offsets are counted in (CRLF and NFD Hangul would shift them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def new_id() -> str:
    """A unique id that sorts by creation time: 12 hex digits of milliseconds, then 80 random bits."""
    return f"{time.time_ns() // 1_000_000:012x}{secrets.token_hex(10)}"


def utc_now() -> str:
    """The current UTC time as ISO 8601 with milliseconds and a `Z`, so timestamps sort as strings."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def quote_context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The quote `text[start:end]` with up to CONTEXT characters before and after, used to re-anchor it later."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}:{end} is not inside a text of {len(text)} characters")
    return text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


class Status(StrEnum):
    """Where one annotator stands with one article."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True)
class DocumentText:
    """An article as the reader hands it to the core; sides are normalized on construction so offsets agree."""

    id: str
    meta: Mapping[str, Any]
    sides: Mapping[str, str]

    def __post_init__(self) -> None:
        unknown = set(self.sides) - set(SIDES)
        if unknown:
            raise ValueError(f"unknown side(s) {sorted(unknown)} in article {self.id}; expected ko/en")
        object.__setattr__(self, "sides", {k: normalize_text(v) for k, v in self.sides.items()})


@dataclass(frozen=True)
class Span:
    """One tagged stretch of one side of an article; `end` is exclusive. Spans may overlap or nest."""

    id: str
    article_id: str
    side: str
    start: int
    end: int
    text: str
    prefix: str
    suffix: str
    layer: str
    label: str
    annotator: str
    created: str
    updated: str
    attrs: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-ready dict (the store's on-disk form); shallow, as `asdict` is 10x slower."""
        return {name: getattr(self, name) for name in _SPAN_FIELDS} | {"attrs": dict(self.attrs)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Span:
        """The inverse of `to_dict`; ignores keys it does not know so older/newer files still load."""
        return cls(**{k: d[k] for k in _SPAN_FIELDS if k in d})


@dataclass(frozen=True)
class Relation:
    """A directed link between two spans of one article, e.g. attribution (claim → source, with a cue span)."""

    id: str
    article_id: str
    type: str
    head: str
    child: str
    annotator: str
    created: str
    cue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-ready dict (the store's on-disk form)."""
        return {name: getattr(self, name) for name in _RELATION_FIELDS}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Relation:
        """The inverse of `to_dict`."""
        return cls(**{k: d[k] for k in _RELATION_FIELDS if k in d})


_SPAN_FIELDS = tuple(Span.__dataclass_fields__)
_RELATION_FIELDS = tuple(Relation.__dataclass_fields__)
