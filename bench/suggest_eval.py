"""Suggestion quality on gold, per source and language: precision and recall of span suggestions (exact offsets)
and label accuracy; and the speed of each source.

    .venv/bin/python bench/suggest_eval.py [dev|test ...]

Splits: `dev` (the bundled samples, which the rules were tuned on) and `test` (held-out articles no one tuning
read). Model suggestions run cold (empty store). Propagation: for every gold name with more than one mention,
one mention is tagged and the others are to be proposed. English is measured with spaCy and with the rules that
run without it.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gold import GoldArticle, load_gold  # noqa: E402

from annotations.model import DocumentText, Span  # noqa: E402
from annotations.suggest.context import ArticleContext, ModelCache, name_form  # noqa: E402
from annotations.suggest.names_en import english_names  # noqa: E402
from annotations.suggest.names_ko import korean_names  # noqa: E402
from annotations.suggest.registry import suggestions  # noqa: E402
from annotations.suggest.sources import model  # noqa: E402
from reader.text.library import load_article, source_for_file  # noqa: E402
from reader.workspace import document  # noqa: E402


class Score:
    """Counts for precision, recall and label accuracy."""

    def __init__(self) -> None:
        self.proposed = self.gold = self.found = self.labelled = 0

    def add(self, proposed: dict[tuple[int, int], str], gold: dict[tuple[int, int], str]) -> None:
        self.proposed += len(proposed)
        self.gold += len(gold)
        hits = proposed.keys() & gold.keys()
        self.found += len(hits)
        self.labelled += sum(proposed[k] == gold[k] for k in hits)

    def line(self, name: str) -> str:
        p = self.found / self.proposed if self.proposed else float("nan")
        r = self.found / self.gold if self.gold else float("nan")
        acc = self.labelled / self.found if self.found else float("nan")
        return (f"  {name:34} P {p:.3f}  R {r:.3f}  label acc {acc:.3f}   "
                f"({self.found} of {self.gold} gold, {self.proposed} proposed)")  # fmt: skip


def _doc(article: GoldArticle) -> DocumentText:
    _, source = source_for_file(article.paths[0])
    return document(load_article(source))


def _span(side: str, start: int, end: int, text: str, label: str) -> Span:
    return Span(id=f"{side}{start}", article_id="a", side=side, start=start, end=end, text=text, prefix="",
                suffix="", layer="entity", label=label, attrs={}, note="", annotator="bench", created="", updated="")


def evaluate(split: str) -> None:
    articles = load_gold(split)
    print(f"\n== {split}: {len(articles)} articles, "
          f"{sum(len(a.entities) for a in articles)} gold entity mentions")  # fmt: skip
    scores: dict[str, Score] = defaultdict(Score)
    misses: Counter[str] = Counter()
    timings: dict[str, list[float]] = defaultdict(list)
    for article in articles:
        doc = _doc(article)
        gold = {side: {(e.start, e.end): e.label for e in article.entities if e.side == side} for side in doc.sides}
        for side in doc.sides:
            text = doc.sides[side]
            finders = {"model ko": korean_names} if side == "ko" else {
                "model en (spaCy)": english_names, "model en (rules, no spaCy)": lambda t: english_names(t, False)}
            for name, find in finders.items():
                t = time.perf_counter()
                found = {(m.start, m.end): m.label for m in find(text)}
                timings[name].append(time.perf_counter() - t)
                scores[name].add(found, gold[side])
                if "rules" not in name:
                    for (s, e), label in gold[side].items():
                        if (s, e) not in found:
                            misses[f"{name}: missed {text[s:e]} {label}"] += 1
        # the engine, cold, as the reader runs it (model source, empty store)
        ctx = ArticleContext(doc, "bench", cache=ModelCache(None))
        t = time.perf_counter()
        engine = suggestions(ctx, ["model"])
        timings["engine (model, all sides)"].append(time.perf_counter() - t)
        for side in doc.sides:
            proposed = {(s.span.start, s.span.end): s.span.label for s in engine if s.span and s.span.side == side}
            scores[f"engine model {side}"].add(proposed, gold[side])
        # propagation: tag one mention of each repeated name, expect the others
        groups: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
        for e in article.entities:
            groups[(e.side, name_form(e.side, e.text), e.label)].append((e.start, e.end))
        for (side, text, label), places in groups.items():
            if len(places) < 2:
                continue
            first = min(places)
            tagged = _span(side, *first, doc.sides[side][first[0]:first[1]], label)
            ctx = ArticleContext(doc, "bench", spans=[tagged])
            t = time.perf_counter()
            proposed = {(s.span.start, s.span.end): s.span.label
                        for s in suggestions(ctx, ["propagation"]) if s.span}  # fmt: skip
            timings["propagation after a tag"].append(time.perf_counter() - t)
            others = {p: label for p in places if p != first}
            # a proposal is right when it is a gold mention of this name, wrong when it is not a gold mention
            # of any name (another gold name's mention of the same text counts as found, not as an error)
            all_gold = gold[side]
            score = scores[f"propagation {side}"]
            score.proposed += len(proposed)
            score.gold += len(others)
            score.found += sum(1 for p in proposed if p in others)
            score.labelled += sum(1 for p, lab in proposed.items() if p in others and lab == others[p])
            for p in proposed:
                if p not in all_gold:
                    misses[f"propagation {side}: wrong {doc.sides[side][p[0]:p[1]]} at {p[0]}"] += 1
                elif p not in others:
                    score.proposed -= 1  # a gold mention of another entry with the same text
            for p in others:
                if p not in proposed:
                    misses[f"propagation {side}: missed {doc.sides[side][p[0]:p[1]]}"] += 1
    for name in sorted(scores):
        print(scores[name].line(name))
    print("  time per article (median):")
    for name, values in sorted(timings.items()):
        values.sort()
        print(f"    {name:34} {1000 * values[len(values) // 2]:.1f} ms")
    print("  most frequent failures:")
    for what, n in misses.most_common(25):
        print(f"    {n}× {what}")


def main() -> None:
    splits = sys.argv[1:] or ["dev", "test"]
    t = time.perf_counter()
    model.warm()
    print(f"models loaded in {time.perf_counter() - t:.1f} s (English pipeline: {model.english_pipeline_name()})")
    for split in splits:
        evaluate(split)


if __name__ == "__main__":
    main()
