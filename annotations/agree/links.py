"""Agreement beyond spans: on links (attributions, counterpart links) and on the attributes of spans.

Both rest on which of two annotators' spans are *the same span*:

* **Exact endpoints**: same span key (side, start, end, layer, label).
* **Matched endpoints**: the overlap matching of `metrics` (per layer, same side and label, one-to-one, greedy by
  shared characters), so two claims that differ by a word are still one claim.

A link of B *matches* a link of A when it has the same type and its head, child and cue (none on both, or
matched) are A's link's ends under the matching; P/R/F1 as for spans (B read against A). An attribute is
compared on every matched pair of spans whose label has it: the two values (`—` when one did not set it) go into
Cohen's kappa.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tandem.annotations.agree.metrics import Counts, SpanKey, cohen_kappa, match_overlapping
from tandem.annotations.agree.work import Key, LinkKey, Work, key_of
from tandem.annotations.model import Span
from tandem.annotations.schema import Layer

UNSET = "—"
"""The value of an attribute an annotator did not set on a span."""


def matched_spans(first: Sequence[Span], second: Sequence[Span]) -> list[tuple[Span, Span]]:
    """One-to-one pairs of overlapping spans of the same layer, side and label (see `metrics.match_overlapping`)."""
    pairs: list[tuple[Span, Span]] = []
    for layer in sorted({s.layer for s in first} & {s.layer for s in second}):
        a = [s for s in first if s.layer == layer]
        b = [s for s in second if s.layer == layer]
        keys = [[SpanKey(s.side, s.start, s.end, s.label) for s in spans] for spans in (a, b)]
        pairs += [(a[i], b[j]) for i, j in sorted(match_overlapping(keys[0], keys[1]))]
    return pairs


def _link_counts(first: Iterable[LinkKey], second: Iterable[LinkKey],
                 to_first: Mapping[Key, Key] | None) -> dict[str, Counts]:
    """Counts per link type of `second` against `first`, B's ends carried to A's by `to_first` (None: exact)."""
    found: dict[str, Counts] = {}
    theirs = Counter(list(first))
    for link in theirs.elements():
        found.setdefault(link.type, Counts()).first += 1
    carried: Counter[LinkKey] = Counter()
    for link in second:
        found.setdefault(link.type, Counts()).second += 1
        if to_first is None:
            carried[link] += 1
        elif all(end in to_first for end in link.ends):
            cue = to_first[link.cue] if link.cue else None
            carried[LinkKey(link.type, to_first[link.head], to_first[link.child], cue)] += 1
    for link, n in (theirs & carried).items():
        found[link.type].matched += n
    return found


@dataclass
class LinkCounts:
    """Link agreement of one pair, per link type, with exact and with matched endpoints."""

    exact: dict[str, Counts] = field(default_factory=dict)
    matched: dict[str, Counts] = field(default_factory=dict)

    def add(self, other: LinkCounts) -> None:
        for mine, theirs in ((self.exact, other.exact), (self.matched, other.matched)):
            for kind, counts in theirs.items():
                mine.setdefault(kind, Counts()).add(counts)


def link_counts(first: Work, second: Work, pairs: Sequence[tuple[Span, Span]]) -> LinkCounts:
    """How far `second`'s links agree with `first`'s on one article; `pairs` is `matched_spans` of the two."""
    to_first = {key_of(b): key_of(a) for a, b in pairs}
    return LinkCounts(_link_counts(first.links, second.links, None), _link_counts(first.links, second.links, to_first))


def attribute_values(pairs: Sequence[tuple[Span, Span]],
                     attributes: Mapping[str, set[tuple[str, str]]]) -> dict[str, Counter[tuple[str, str]]]:
    """(value by A, value by B) per attribute over the matched spans whose (layer, label) has it."""
    found: dict[str, Counter[tuple[str, str]]] = {}
    for a, b in pairs:
        for name, labels in attributes.items():
            if (a.layer, a.label) in labels:
                values = (str(a.attrs.get(name, UNSET)), str(b.attrs.get(name, UNSET)))
                found.setdefault(name, Counter())[values] += 1
    return found


def schema_attributes(layers: Iterable[Layer]) -> dict[str, set[tuple[str, str]]]:
    """Attribute name → the (layer, label) pairs that take it, from schema layers."""
    found: dict[str, set[tuple[str, str]]] = {}
    for layer in layers:
        for label in layer.labels:
            for name in label.attrs:
                found.setdefault(name, set()).add((layer.name, label.name))
    return found


@dataclass
class AttributeCounts:
    """One attribute's values on the matched spans of a pair (or of all pairs), and the kappa they give."""

    values: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def spans(self) -> int:
        return sum(self.values.values())

    @property
    def observed(self) -> float | None:
        """The share of matched spans with the same value."""
        return sum(n for (a, b), n in self.values.items() if a == b) / self.spans if self.spans else None

    @property
    def kappa(self) -> float | None:
        return cohen_kappa(self.values)

    def to_dict(self) -> dict[str, Any]:
        return {"spans": self.spans, "observed": self.observed, "kappa": self.kappa,
                "values": {f"{a} | {b}": n for (a, b), n in sorted(self.values.items())}}
