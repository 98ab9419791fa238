"""What one annotator has on one article, as the store keeps it, and the rules read off it.

A change is a list of ops `[kind, key, value]` (kind: "span", "relation", "rejection", "pending" or "status"; value None
deletes). Ops are idempotent upserts, so replaying a journal over a snapshot that already contains it changes
nothing. `status_of` is THE status rule every screen, command and export uses: an annotator who never set a
status but has spans is in progress.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tandem.annotations.model import Status

STATUS_KEY = "status"

Op = list[Any]  # [kind, key, value-or-None]

_SPAN_LOG_MAX = 512


@dataclass
class ArticleState:
    """Everything one annotator has on one article, as plain dicts keyed by id."""

    spans: dict[str, dict[str, Any]] = field(default_factory=dict)
    relations: dict[str, dict[str, Any]] = field(default_factory=dict)
    status: dict[str, Any] | None = None
    rejections: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Suggestions this annotator rejected, by suggestion key: never offered again on this article."""
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Suggestions loaded from elsewhere (`tandem load --as-suggestions`), by key, until accepted or rejected."""
    revision: int = field(default=0, compare=False)
    """Counts the changes applied, so readers can keep what they derived until the next one."""
    span_log: list[tuple[int, str]] = field(default_factory=list, compare=False, repr=False)
    """(revision, span id) of recent span changes, so a reader can update what it derived from a few of them."""
    span_log_floor: int = field(default=0, compare=False, repr=False)
    """Every span change after this revision is in `span_log`."""

    def get(self, kind: str, key: str) -> Any:
        """The current value for one op target (None when absent)."""
        if kind == "status":
            return self.status
        return self._table(kind).get(key)

    def apply(self, ops: Iterable[Op]) -> None:
        """Apply ops in order; a None value deletes."""
        self.revision += 1
        for kind, key, value in ops:
            if kind == "span":
                self.span_log.append((self.revision, key))
            if kind == "status":
                self.status = value
            elif value is None:
                self._table(kind).pop(key, None)
            else:
                self._table(kind)[key] = value
        if len(self.span_log) > _SPAN_LOG_MAX:
            self.span_log_floor = self.span_log[-_SPAN_LOG_MAX // 2][0]
            self.span_log = [entry for entry in self.span_log if entry[0] > self.span_log_floor]

    def spans_changed_since(self, revision: int) -> set[str] | None:
        """Ids of the spans added, changed or removed after `revision`; None when that is no longer known."""
        if revision < self.span_log_floor:
            return None
        start = bisect_right(self.span_log, (revision, "\uffff"))
        return {key for _, key in self.span_log[start:]}

    def _table(self, kind: str) -> dict[str, dict[str, Any]]:
        if kind == "span":
            return self.spans
        if kind == "relation":
            return self.relations
        if kind == "rejection":
            return self.rejections
        if kind == "pending":
            return self.pending
        raise ValueError(f"unknown op kind {kind!r}")

    def is_empty(self) -> bool:
        """True when this annotator has touched the article in no way (not even a rejected suggestion)."""
        return not (self.spans or self.relations or self.status or self.rejections or self.pending)

    def has_annotations(self) -> bool:
        """True when the annotator has touched the article: a span, a relation or a status of their own."""
        return bool(self.spans or self.relations or self.status)


def status_of(state: ArticleState) -> Status:
    """The annotator's status on the article: the one they set, else in progress once they have a span."""
    if state.status:
        return Status(state.status["status"])
    return Status.IN_PROGRESS if state.spans else Status.NEW

