"""Inter-annotator agreement: how far annotators agree, per layer, pair by pair and all together.

Definitions (the report states them too, so a reader of the numbers knows what they mean):

* **Who counts.** Every annotator in the store except `gold` (the adjudicated result is not a rater). An article
  counts as *annotated* by X when X's file for it holds at least one span or a status (any value): an annotator
  who marked an article done with no spans says "nothing here", which is a judgement; one who never touched it
  says nothing, and contributes no values for it.
* **Layers.** Each layer of the schema (or those asked for) is measured on its own.
* **Spans.** Spans are placed in the article's current text as a session would place them (re-anchored when the
  text changed); orphans are left out.
* **Span matching** (per layer, one-to-one). *Exact*: same side, start, end and label. *Overlap*: same side and
  label, sharing at least one character; pairs are taken greedily by most shared characters, then by nearest
  boundaries. With B read against A: precision = matched / |B|, recall = matched / |A|, F1 = 2·matched/(|A|+|B|).
  "All pairs" sums the counts of every pair (micro average).
* **Character units.** Every non-whitespace character of either side of an article is one unit; its value for
  an annotator in a layer is the label of the span covering it, or `O`. Where spans of one layer overlap, the
  innermost (shortest) span wins; a tie goes to the earliest start, then to the label name (as the reader draws
  nested spans). Cohen's kappa and Krippendorff's alpha (nominal) are computed on these units; a pair uses the
  articles both annotated, "all annotators" alpha uses every article with its missing values.
* **Confusion.** Spans of a pair in one layer and side that overlap, matched one-to-one greedily by shared
  characters whatever their labels; a span left unmatched is counted against `O`. "All pairs" adds both
  directions of every pair, so it is symmetric.
* **Lowest agreement.** Articles annotated by two or more annotators, ranked by their own all-annotator alpha
  (undefined alpha — no variation at all — ranks as 1.0), then by more disagreeing units.

A figure that is undefined (no units, no spans, or no variation for kappa/alpha) is None, printed as "—".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, NamedTuple

from annotations.anchoring import place_spans
from annotations.model import DocumentText, Span
from annotations.store import ArticleState, Store

GOLD = "gold"
"""The adjudicated annotator: written by review, excluded from agreement."""
OUTSIDE = "O"
"""The value of a character no span of the layer covers."""
LOWEST = 5

Value = str | None  # a unit's value for one annotator; None: that annotator did not annotate the article
TextOf = Callable[[str], DocumentText | None]


# --- who annotated what --------------------------------------------------------------------------------------------


def is_annotated(state: ArticleState) -> bool:
    """True when an annotator's state for an article says something: a span (even an orphan) or a status."""
    return bool(state.spans) or state.status is not None


def raters(store: Store) -> list[str]:
    """The annotators agreement is measured between: everyone in the store but gold, sorted."""
    return [a for a in store.annotators() if a != GOLD]


def placed_spans(state: ArticleState, doc: DocumentText) -> list[Span]:
    """An annotator's spans placed in the current text (re-anchored if it changed; orphans left out)."""
    by_side: dict[str, list[Span]] = defaultdict(list)
    for d in state.spans.values():
        by_side[d["side"]].append(Span.from_dict(d))
    placed: list[Span] = []
    for side, spans in by_side.items():
        if side not in doc.sides:
            continue
        placement = place_spans(spans, doc.sides[side])
        placed += placement.kept + placement.moved
    return sorted(placed, key=lambda s: (s.side, s.start, s.end, s.layer, s.label, s.id))


def article_spans(store: Store, doc: DocumentText, annotators: Sequence[str] | None = None) -> dict[str, list[Span]]:
    """The placed spans of every annotator (gold excluded unless named) who annotated `doc`."""
    found: dict[str, list[Span]] = {}
    for annotator in raters(store) if annotators is None else annotators:
        state = store.read(annotator, doc.id)
        if is_annotated(state):
            found[annotator] = placed_spans(state, doc)
    return found


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
    """One-to-one pairs (i, j) of overlapping spans, greedily by most shared characters, then nearest ends."""
    candidates = []
    for i, a in enumerate(first):
        for j, b in enumerate(second):
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


# --- the report ----------------------------------------------------------------------------------------------------


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def _confusion_dict(table: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    rows: dict[str, dict[str, int]] = {}
    for (a, b), n in sorted(table.items()):
        rows.setdefault(a, {})[b] = n
    return rows


@dataclass
class PairAgreement:
    """Two annotators in one layer, over the articles both annotated."""

    annotators: tuple[str, str]
    articles: int = 0
    units: int = 0
    exact: SpanScores = field(default_factory=SpanScores)
    overlap: SpanScores = field(default_factory=SpanScores)
    kappa: float | None = None
    alpha: float | None = None
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {"annotators": list(self.annotators), "articles": self.articles, "units": self.units,
                "exact": self.exact.to_dict(), "overlap": self.overlap.to_dict(),
                "kappa": _rounded(self.kappa), "alpha": _rounded(self.alpha),
                "confusion": _confusion_dict(self.confusion)}


@dataclass
class OverallAgreement:
    """All annotators in one layer: summed span counts, mean pairwise kappa, one alpha with missing values."""

    annotators: list[str]
    articles: int = 0
    units: int = 0
    exact: SpanScores = field(default_factory=SpanScores)
    overlap: SpanScores = field(default_factory=SpanScores)
    mean_kappa: float | None = None
    alpha: float | None = None
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {"annotators": self.annotators, "articles": self.articles, "units": self.units,
                "exact": self.exact.to_dict(), "overlap": self.overlap.to_dict(),
                "mean_kappa": _rounded(self.mean_kappa), "alpha": _rounded(self.alpha),
                "confusion": _confusion_dict(self.confusion)}


@dataclass
class ArticleAgreement:
    """One article's agreement in one layer, for finding where annotators part ways."""

    article: str
    annotators: list[str]
    units: int
    disagreements: int
    alpha: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "annotators": self.annotators, "units": self.units,
                "disagreements": self.disagreements, "alpha": _rounded(self.alpha)}


@dataclass
class LayerAgreement:
    """Everything measured for one layer."""

    layer: str
    pairs: list[PairAgreement]
    overall: OverallAgreement
    lowest: list[ArticleAgreement]

    def to_dict(self) -> dict[str, Any]:
        return {"pairs": [p.to_dict() for p in self.pairs], "overall": self.overall.to_dict(),
                "lowest": [a.to_dict() for a in self.lowest]}


RULES = {
    "annotated": "an article counts as annotated by X when X's store file has at least one span or a status",
    "excluded": f"the {GOLD!r} annotator (adjudicated result) is not a rater",
    "units": "every non-whitespace character of each side; value = label of the covering span, or 'O'",
    "overlap_rule": "overlapping spans of one layer: the shortest covering span wins; tie: earliest start, "
                    "then label name",
    "exact_match": "same side, start, end and label; one-to-one",
    "overlap_match": "same side and label, at least one shared character; one-to-one, greedy by shared characters",
    "precision_recall": "the second annotator of a pair read against the first; 'all pairs' sums counts",
    "alpha_all": "Krippendorff's alpha (nominal) over all raters; an article a rater did not annotate is missing",
    "confusion": "overlapping spans matched one-to-one whatever their labels; unmatched against 'O'",
    "lowest": "ranked by the article's all-rater alpha (undefined counts as 1.0), then by disagreeing units",
}


@dataclass
class AgreementReport:
    """The agreement of a store's raters, per layer."""

    annotators: list[str]
    layers: dict[str, LayerAgreement]
    articles: int = 0
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"annotators": self.annotators, "excluded": [GOLD], "articles": self.articles, "rules": RULES,
                "layers": {name: layer.to_dict() for name, layer in self.layers.items()},
                "skipped": self.skipped}


def _keys(spans: Sequence[Span], layer: str) -> list[SpanKey]:
    return [SpanKey(s.side, s.start, s.end, s.label) for s in spans if s.layer == layer]


def _pairs_of(units: Counter[tuple[Value, ...]], i: int, j: int) -> Counter[tuple[str, str]]:
    projected: Counter[tuple[str, str]] = Counter()
    for values, n in units.items():
        a, b = values[i], values[j]
        if a is not None and b is not None:
            projected[a, b] += n
    return projected


def _layers_used(store: Store, annotators: Sequence[str]) -> list[str]:
    """The layers the raters' spans use, for a store opened without a schema."""
    return sorted({d["layer"] for annotator in annotators for article_id in store.article_ids(annotator)
                   for d in store.read(annotator, article_id).spans.values()})


def _articles(store: Store, annotators: Sequence[str]) -> list[str]:
    return sorted({a for annotator in annotators for a in store.article_ids(annotator)})


def iter_annotated(store: Store, text_of: TextOf, annotators: Sequence[str],
                   skipped: list[str]) -> Iterator[tuple[DocumentText, dict[str, list[Span]]]]:
    """(article, spans by annotator) for each article some annotator annotated; articles whose text is missing
    are reported in `skipped`. One article in memory at a time."""
    for article_id in _articles(store, annotators):
        doc = text_of(article_id)
        if doc is None:
            skipped.append(f"{article_id}: annotated but not in the workspace; left out")
            continue
        spans = article_spans(store, doc, annotators)
        if spans:
            yield doc, spans


def agreement_report(store: Store, text_of: TextOf, layers: Sequence[str] | None = None,
                     lowest: int = LOWEST) -> AgreementReport:
    """Measure agreement between the store's raters on the articles `text_of` can give the text of.

    `layers` defaults to the schema's layers (else those the spans use); articles stream one at a time, and only
    counts are kept, so memory does not grow with the workspace.
    """
    annotators = raters(store)
    skipped: list[str] = []
    pair_index = list(combinations(range(len(annotators)), 2))
    if layers is not None:
        names = list(layers)
    else:
        names = list(store.schema.layers) if store.schema else _layers_used(store, annotators)
    units: dict[str, Counter[tuple[Value, ...]]] = defaultdict(Counter)
    pairs: dict[str, dict[tuple[int, int], PairAgreement]] = defaultdict(dict)
    per_article: dict[str, list[ArticleAgreement]] = defaultdict(list)
    articles = 0
    for doc, spans in iter_annotated(store, text_of, annotators, skipped):
        articles += 1
        for layer in names:
            table = Counter(article_units(doc, layer, spans, annotators))
            units[layer].update(table)
            present = [a for a in annotators if a in spans]
            if len(present) >= 2:
                disagreeing = sum(n for values, n in table.items() if len(set(values) - {None}) > 1)
                per_article[layer].append(ArticleAgreement(doc.id, present, sum(table.values()), disagreeing,
                                                           krippendorff_alpha(table)))
            for i, j in pair_index:
                a, b = annotators[i], annotators[j]
                if a not in spans or b not in spans:
                    continue
                pair = pairs[layer].setdefault((i, j), PairAgreement((a, b)))
                first, second = _keys(spans[a], layer), _keys(spans[b], layer)
                pair.articles += 1
                pair.exact.add(span_scores(first, second, "exact"))
                pair.overlap.add(span_scores(first, second, "overlap"))
                pair.confusion.update(confusion(first, second))
    result: dict[str, LayerAgreement] = {}
    for layer in names:
        layer_pairs = []
        overall = OverallAgreement(list(annotators), articles=len(per_article[layer]))  # two or more raters
        for (i, j), pair in sorted(pairs[layer].items()):
            projected = _pairs_of(units[layer], i, j)
            pair.units = sum(projected.values())
            pair.kappa = cohen_kappa(projected)
            pair.alpha = krippendorff_alpha(projected)
            overall.exact.add(pair.exact)
            overall.overlap.add(pair.overlap)
            overall.confusion.update(pair.confusion)
            overall.confusion.update({(b, a): n for (a, b), n in pair.confusion.items()})
            layer_pairs.append(pair)
        kappas = [p.kappa for p in layer_pairs if p.kappa is not None]
        overall.mean_kappa = sum(kappas) / len(kappas) if kappas else None
        overall.units = sum(n for values, n in units[layer].items() if sum(v is not None for v in values) >= 2)
        overall.alpha = krippendorff_alpha(units[layer])
        ranked = sorted(per_article[layer],
                        key=lambda x: (1.0 if x.alpha is None else x.alpha, -x.disagreements, x.article))
        result[layer] = LayerAgreement(layer, layer_pairs, overall, ranked[:lowest])
    return AgreementReport(list(annotators), result, articles, skipped)
