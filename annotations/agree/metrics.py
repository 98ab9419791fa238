"""The measures of agreement: character units, Cohen's kappa, Krippendorff's alpha, span matching, confusion.

Pure functions of spans and counts; `report.py` gathers them per layer, pair and article (its docstring states
the definitions).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tandem.annotations.model import DocumentText, Span

OUTSIDE = "O"
"""The value of a character no span of the layer covers."""

Value = str | None  # a unit's value for one annotator; None: that annotator did not annotate the article


# --- units ---------------------------------------------------------------------------------------------------------


def _winner_key(span: Span) -> tuple[int, int, str]:
    return span.end - span.start, span.start, span.label


def character_labels(text: str, spans: Iterable[Span]) -> list[str]:
    """The label of every non-whitespace character of `text` (in order), by the innermost-span rule, else `O`."""
    values = [OUTSIDE] * len(text)
    # Paint the widest first so the winner (shortest, then earliest, then label name) is painted last.
    for span in sorted(spans, key=_winner_key, reverse=True):
        values[span.start : span.end] = [span.label] * (span.end - span.start)
    return [v for v, ch in zip(values, text, strict=True) if not ch.isspace()]


def article_units(doc: DocumentText, layer: str, spans: Mapping[str, Sequence[Span]],
                  annotators: Sequence[str]) -> list[tuple[Value, ...]]:
    """One tuple per unit of `doc` (sides in ko, en order), one value per annotator in `annotators` order;
    None for an annotator absent from `spans` (who did not annotate the article)."""
    units: list[tuple[Value, ...]] = []
    for side in sorted(doc.sides, key=lambda s: s != "ko"):
        text = doc.sides[side]
        columns: list[Sequence[Value]] = []
        size = sum(1 for ch in text if not ch.isspace())
        for annotator in annotators:
            if annotator in spans:
                chosen = [s for s in spans[annotator] if s.layer == layer and s.side == side]
                columns.append(character_labels(text, chosen))
            else:
                columns.append([None] * size)
        units += zip(*columns, strict=True)
    return units


# --- coefficients --------------------------------------------------------------------------------------------------


def cohen_kappa(pairs: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa from counts of (value by A, value by B) over units; None when chance agreement is total."""
    n = sum(pairs.values())
    if not n:
        return None
    observed = sum(count for (a, b), count in pairs.items() if a == b) / n
    first: Counter[str] = Counter()
    second: Counter[str] = Counter()
    for (a, b), count in pairs.items():
        first[a] += count
        second[b] += count
    expected = sum(first[v] * second[v] for v in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(units: Mapping[tuple[Value, ...], int]) -> float | None:
    """Krippendorff's alpha, nominal, from counts of unit value-tuples (None = missing value).

    Built from the coincidence matrix: a unit with m ≥ 2 values adds 1/(m−1) for every ordered pair of values
    from different annotators; units with fewer than two values cannot be paired and are left out.
    """
    coincidences: Counter[tuple[str, str]] = Counter()
    for values, count in units.items():
        present = [v for v in values if v is not None]
        m = len(present)
        if m < 2:
            continue
        tally = Counter(present)
        weight = count / (m - 1)
        for c, nc in tally.items():
            for k, nk in tally.items():
                coincidences[c, k] += weight * nc * (nk - (c == k))
    totals: Counter[str] = Counter()
    for (c, _), o in coincidences.items():
        totals[c] += o
    n = sum(totals.values())
    disagreement = sum(o for (c, k), o in coincidences.items() if c != k)
    chance = n * n - sum(t * t for t in totals.values())  # Σ_{c≠k} n_c·n_k
    if n <= 1 or chance == 0:
        return None
    return 1 - (n - 1) * disagreement / chance


# --- span matching -------------------------------------------------------------------------------------------------


class SpanKey(NamedTuple):
    """What two annotators' spans must share to be one span: where it is and what it is called."""

    side: str
    start: int
    end: int
    label: str


@dataclass
class Counts:
    """Matched spans against the two annotators' totals; P/R/F1 follow (None when undefined)."""

    matched: int = 0
    first: int = 0
    second: int = 0

    def add(self, other: Counts) -> None:
        self.matched += other.matched
        self.first += other.first
        self.second += other.second

    @property
    def precision(self) -> float | None:
        return self.matched / self.second if self.second else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.first if self.first else None

    @property
    def f1(self) -> float | None:
        total = self.first + self.second
        return 2 * self.matched / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {"matched": self.matched, "first": self.first, "second": self.second,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class SpanScores:
    """Span-level agreement in one matching mode: overall and per label."""

    total: Counts = field(default_factory=Counts)
    labels: dict[str, Counts] = field(default_factory=dict)

    def add(self, other: SpanScores) -> None:
        self.total.add(other.total)
        for label, counts in other.labels.items():
            self.labels.setdefault(label, Counts()).add(counts)

    def to_dict(self) -> dict[str, Any]:
        return self.total.to_dict() | {"labels": {k: v.to_dict() for k, v in sorted(self.labels.items())}}


def _shared(a: SpanKey, b: SpanKey) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start)) if a.side == b.side else 0


def match_overlapping(first: Sequence[SpanKey], second: Sequence[SpanKey],
                      same_label: bool = True) -> list[tuple[int, int]]:
    """One-to-one pairs (i, j) of overlapping spans, greedily by most shared characters, then nearest ends.

    Only spans that can overlap are compared: `second` sorted by (side, start), a span of it can overlap `a` only
    if it starts after `a.start` minus the longest span and before `a.end` (a large article has thousands)."""
    order = sorted(range(len(second)), key=lambda j: (second[j].side, second[j].start))
    starts = [(second[j].side, second[j].start) for j in order]
    longest = max((b.end - b.start for b in second), default=0)
    candidates = []
    for i, a in enumerate(first):
        near = order[bisect_right(starts, (a.side, a.start - longest)) : bisect_left(starts, (a.side, a.end))]
        for j in near:
            b = second[j]
            shared = _shared(a, b)
            if shared and (not same_label or a.label == b.label):
                candidates.append((-shared, abs(a.start - b.start) + abs(a.end - b.end), i, j))
    candidates.sort()
    used_first: set[int] = set()
    used_second: set[int] = set()
    pairs = []
    for _, _, i, j in candidates:
        if i not in used_first and j not in used_second:
            used_first.add(i)
            used_second.add(j)
            pairs.append((i, j))
    return pairs


def span_scores(first: Sequence[SpanKey], second: Sequence[SpanKey], mode: str) -> SpanScores:
    """P/R/F1 of `second` read against `first`, overall and per label; mode "exact" or "overlap"."""
    scores = SpanScores()
    for key in first:
        scores.labels.setdefault(key.label, Counts()).first += 1
    for key in second:
        scores.labels.setdefault(key.label, Counts()).second += 1
    if mode == "exact":
        common = Counter(first) & Counter(second)
        for key, n in common.items():
            scores.labels[key.label].matched += n
    elif mode == "overlap":
        for i, _ in match_overlapping(first, second):
            scores.labels[first[i].label].matched += 1
    else:
        raise ValueError(f"unknown matching mode {mode!r}")
    for counts in scores.labels.values():
        scores.total.add(counts)
    return scores


def confusion(first: Sequence[SpanKey], second: Sequence[SpanKey]) -> Counter[tuple[str, str]]:
    """(label by first, label by second) of overlapping spans matched whatever their labels; unmatched → `O`."""
    table: Counter[tuple[str, str]] = Counter()
    pairs = match_overlapping(first, second, same_label=False)
    for i, j in pairs:
        table[first[i].label, second[j].label] += 1
    for i in set(range(len(first))) - {i for i, _ in pairs}:
        table[first[i].label, OUTSIDE] += 1
    for j in set(range(len(second))) - {j for _, j in pairs}:
        table[OUTSIDE, second[j].label] += 1
    return table
