"""Which annotations an export includes: by annotator, layer, label, the annotator's article status, and side.

One filter model for every format and for the CLI and the app, so "only alice's done entities on the Korean
side" means the same thing everywhere. Empty fields mean "no restriction". The adjudicated layer is simply the
annotator named `gold`; `all` stands for every annotator in the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.annotations.errors import ExportError
from tandem.annotations.model import GOLD, SIDES, Status
from tandem.annotations.schema import Schema
from tandem.annotations.store import Store

ALL = "all"


@dataclass(frozen=True)
class ExportFilter:
    """A selection of annotations. An annotator's work on an article is included only when their status on it
    is in `statuses` (an annotator who never set one counts as `new`)."""

    annotators: tuple[str, ...] = ()  # () or ("all",): everyone in the store
    layers: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    skip_unannotated: bool = False  # drop articles no selected annotator has touched

    def resolve_annotators(self, store: Store) -> list[str]:
        """The store's annotators this filter selects, sorted; an unknown name is an error naming the known ones."""
        known = store.annotators()
        wanted = set(self.annotators)
        if not wanted or ALL in wanted:
            return known
        missing = sorted(wanted - set(known))
        if missing:
            have = ", ".join(known) or "nobody yet"
            hint = " (no adjudicated layer yet)" if GOLD in missing else ""
            raise ExportError(f"no annotations by {', '.join(missing)}{hint}; the store has: {have}")
        return sorted(wanted)

    def check(self, schema: Schema | None) -> None:
        """Reject values that can never match, so a typo does not silently export nothing."""
        bad_status = sorted(set(self.statuses) - {s.value for s in Status})
        if bad_status:
            raise ExportError(f"unknown status {', '.join(bad_status)}; use {', '.join(s.value for s in Status)}")
        bad_side = sorted(set(self.sides) - set(SIDES))
        if bad_side:
            raise ExportError(f"unknown side {', '.join(bad_side)}; use {', '.join(SIDES)}")
        if schema is None:
            return
        bad_layer = sorted(set(self.layers) - set(schema.layers))
        if bad_layer:
            raise ExportError(f"unknown layer {', '.join(bad_layer)}; the schema has {', '.join(schema.layers)}")
        names = {label.name for layer in schema.layers.values() for label in layer.labels}
        bad_label = sorted(set(self.labels) - names)
        if bad_label:
            raise ExportError(f"unknown label {', '.join(bad_label)}; the schema has {', '.join(sorted(names))}")

    def keeps_side(self, side: str) -> bool:
        """True when `side` is exported."""
        return not self.sides or side in self.sides

    def keeps_span(self, span: dict) -> bool:
        """True when a span record's layer and label pass (annotator and side are checked by the caller)."""
        return (not self.layers or span["layer"] in self.layers) and (not self.labels or span["label"] in self.labels)

    def keeps_status(self, status: str | None) -> bool:
        """True when an annotator with this status on an article (None: never set) is included."""
        return not self.statuses or (status or Status.NEW.value) in self.statuses
