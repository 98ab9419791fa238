"""Inter-annotator agreement: how far annotators agree, per layer, pair by pair and all together.

Definitions (the report states them too, so a reader of the numbers knows what they mean):

* **Who counts.** Every annotator in the store except `gold` (the adjudicated result is not a rater) who
  annotated an article: X annotated an article when X's file for it holds a span, a relation or the status done
  (see `work`): an annotator who marked an article done with no spans says "nothing here", which is a judgement;
  one who only opened it says nothing, and contributes no values for it.
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

* **Links and attributes** (see `links`): link P/R/F1 per type with exact and with matched endpoints; Cohen's
  kappa of each schema attribute over the matched spans whose label has it.

A figure that is undefined (no units, no spans, or no variation for kappa/alpha) is None, printed as "—".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from tandem.annotations.agree.links import (
    UNSET,
    AttributeCounts,
    LinkCounts,
    attribute_values,
    link_counts,
    matched_spans,
    schema_attributes,
)
from tandem.annotations.agree.metrics import (
    Counts,
    SpanKey,
    SpanScores,
    Value,
    article_units,
    cohen_kappa,
    confusion,
    krippendorff_alpha,
    span_scores,
)
from tandem.annotations.agree.work import Work, article_work, raters, spans_of
from tandem.annotations.model import GOLD, DocumentText, Span
from tandem.annotations.store import Store

LOWEST = 5

TextOf = Callable[[str], DocumentText | None]


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
    "relations": "a link matches when type, head, child and cue (none, or the same) match: 'exact' by span key, "
                 "'matched' through the overlap matching of spans; P, R, F1 as for spans",
    "attributes": f"Cohen's kappa over the overlap-matched spans whose label has the attribute; unset is {UNSET!r}",
}


@dataclass
class LinkPair:
    """Two annotators' links, per type, over the articles both annotated."""

    annotators: tuple[str, str]
    articles: int = 0
    counts: LinkCounts = field(default_factory=LinkCounts)

    def of_type(self, kind: str) -> tuple[Counts, Counts]:
        """(exact, matched endpoints) counts of one link type."""
        return self.counts.exact.get(kind, Counts()), self.counts.matched.get(kind, Counts())


@dataclass
class AttributePair:
    """Two annotators' values of one attribute on the spans they both made (matched)."""

    annotators: tuple[str, str]
    counts: AttributeCounts = field(default_factory=AttributeCounts)


@dataclass
class AttributeAgreement:
    """One attribute of the schema: per pair and all pairs (values pooled; kappa also as the mean of pairs)."""

    name: str
    labels: list[str]
    pairs: list[AttributePair]
    overall: AttributeCounts

    @property
    def mean_kappa(self) -> float | None:
        kappas = [p.counts.kappa for p in self.pairs if p.counts.kappa is not None]
        return sum(kappas) / len(kappas) if kappas else None

    def to_dict(self) -> dict[str, Any]:
        return {"labels": self.labels,
                "pairs": [{"annotators": list(p.annotators)} | _rounded_dict(p.counts.to_dict()) for p in self.pairs],
                "overall": _rounded_dict(self.overall.to_dict()) | {"mean_kappa": _rounded(self.mean_kappa)}}


def _rounded_dict(d: dict[str, Any]) -> dict[str, Any]:
    return {k: _rounded(v) if isinstance(v, float) else v for k, v in d.items()}


@dataclass
class AgreementReport:
    """The agreement of a store's raters, per layer, per link type and per attribute."""

    annotators: list[str]
    layers: dict[str, LayerAgreement]
    articles: int = 0
    skipped: list[str] = field(default_factory=list)
    links: list[LinkPair] = field(default_factory=list)
    link_types: list[str] = field(default_factory=list)
    attributes: dict[str, AttributeAgreement] = field(default_factory=dict)

    def links_overall(self) -> LinkCounts:
        """The link counts of every pair summed."""
        total = LinkCounts()
        for pair in self.links:
            total.add(pair.counts)
        return total

    def _links_dict(self) -> dict[str, Any]:
        total = self.links_overall()
        found: dict[str, Any] = {}
        for kind in self.link_types:
            pairs = []
            for pair in self.links:
                exact, matched = pair.of_type(kind)
                pairs.append({"annotators": list(pair.annotators), "articles": pair.articles,
                              "exact": exact.to_dict(), "matched": matched.to_dict()})
            found[kind] = {"pairs": pairs, "overall": {"exact": total.exact.get(kind, Counts()).to_dict(),
                                                       "matched": total.matched.get(kind, Counts()).to_dict()}}
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"annotators": self.annotators, "excluded": [GOLD], "articles": self.articles, "rules": RULES,
                "layers": {name: layer.to_dict() for name, layer in self.layers.items()},
                "relations": self._links_dict(),
                "attributes": {name: a.to_dict() for name, a in self.attributes.items()},
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


def hand_made(span: Span) -> bool:
    """A span a person made, not an accepted suggestion (pre-annotation makes annotators agree with the
    suggester, and so with each other: agreement is reported without them too)."""
    return "suggested_by" not in span.attrs


def iter_annotated(store: Store, text_of: TextOf, annotators: Sequence[str], skipped: list[str],
                   keep: Callable[[Span], bool] | None = None) -> Iterator[tuple[DocumentText, dict[str, Work]]]:
    """(article, work by annotator) for each article some annotator annotated; articles whose text is missing
    are reported in `skipped`. One article in memory at a time."""
    for article_id in _articles(store, annotators):
        doc = text_of(article_id)
        if doc is None:
            skipped.append(f"{article_id}: annotated but not in the workspace; left out")
            continue
        work = article_work(store, doc, annotators)
        if keep is not None:
            work = {annotator: found.keeping(keep) for annotator, found in work.items()}
        if work:
            yield doc, work


def agreement_report(store: Store, text_of: TextOf, layers: Sequence[str] | None = None,
                     lowest: int = LOWEST, keep: Callable[[Span], bool] | None = None) -> AgreementReport:
    """Measure agreement between the store's raters on the articles `text_of` can give the text of.

    `layers` defaults to the schema's layers (else those the spans use); articles stream one at a time, and only
    counts are kept, so memory does not grow with the workspace. `keep` restricts the spans measured (e.g.
    `hand_made`); an annotator still counts as having annotated an article they touched.
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
    attributes = _attributes(store, names)
    link_pairs: dict[tuple[int, int], LinkPair] = {}
    attribute_pairs: dict[str, dict[tuple[int, int], AttributePair]] = defaultdict(dict)
    link_types: set[str] = set()
    seen: set[str] = set()
    chosen = set(names)
    for doc, work in iter_annotated(store, text_of, annotators, skipped, keep):
        articles += 1
        seen |= set(work)
        spans = spans_of(work)
        work = {a: w.keeping(lambda s: s.layer in chosen) for a, w in work.items()}
        link_types |= {link.type for w in work.values() for link in w.links}
        for i, j in pair_index:
            a, b = annotators[i], annotators[j]
            if a in work and b in work:
                matched = matched_spans(work[a].spans, work[b].spans)
                link_pair = link_pairs.setdefault((i, j), LinkPair((a, b)))
                link_pair.articles += 1
                link_pair.counts.add(link_counts(work[a], work[b], matched))
                for name, values in attribute_values(matched, attributes).items():
                    attribute_pairs[name].setdefault((i, j), AttributePair((a, b))).counts.values.update(values)
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
    found: dict[str, AttributeAgreement] = {}
    for name, labels in attributes.items():
        pairs_of_name = [pair for _, pair in sorted(attribute_pairs[name].items())]
        overall_values = AttributeCounts()
        for pair in pairs_of_name:
            overall_values.values.update(pair.counts.values)
        found[name] = AttributeAgreement(name, sorted(label for _, label in labels), pairs_of_name, overall_values)
    who = [a for a in annotators if a in seen]  # an annotator who only opened articles is no rater
    for layer in result.values():
        layer.overall.annotators = who
    return AgreementReport(who, result, articles, skipped, [p for _, p in sorted(link_pairs.items())],
                           sorted(link_types), found)


def _attributes(store: Store, layers: Sequence[str]) -> dict[str, set[tuple[str, str]]]:
    """The attributes measured: those of the schema's labels in `layers` (without a schema: none)."""
    if store.schema is None:
        return {}
    return schema_attributes(store.schema.layers[name] for name in layers if name in store.schema.layers)
