"""Measure projection (annotations/suggest/counterpart.py) on the dev gold's counterpart links.

For every gold link [English entity, Korean entity] the English mention is projected into the Korean sentences the
reader aligns with its sentence (EN → KO), and every linked Korean mention into the English ones (KO → EN). A
proposal is right when its span is exactly the linked entity's (for 북러, linked to North Korea and to Russia,
either). Entities are taken in reading order, and what an earlier entity of the same window was linked to is
passed as `taken`, as when an annotator accepts proposals one after the other.

Windows: "sentence" is the reader's sentence bead (a bead with nothing on the other side falls back to its
paragraph bead); "paragraph" is the whole paragraph bead. The titles are a bead of their own.

Learned pairs: "none" (a workspace with no links yet); "other articles" (pairs from the other dev articles: leave
one article out); "earlier mentions" (pairs linked earlier in the same article, in reading order, plus the other
articles'). Only the dev split is read: the test split is held out.

Time per article is the CPU time of the find_counterpart calls: cold (every cache cleared, Kiwi's model loaded:
the tokenising of the article's Korean sentences is in it, and shown apart) and warm (the same run again).

Run: .venv/bin/python bench/projection_dev.py [--errors] [--window sentence|paragraph|both] [--reader-root DIR]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tandem.annotations.suggest import kiwi  # noqa: E402  (the bench runs as a script from any directory)
from tandem.annotations.suggest.counterpart import clear_caches, find_counterpart  # noqa: E402
from tandem.annotations.suggest.lexicon import Lexicon, learned_pairs  # noqa: E402

LABELS = ("PERSON", "ORG", "GPE", "LOC", "DATE", "EVENT", "MILITARY")


@dataclass(frozen=True)
class Window:
    """A stretch of one side's text aligned with a stretch of the other's."""

    ko: tuple[int, int]
    en: tuple[int, int]


def reader_library() -> Any:
    """The reader's library module, wherever the tree keeps it (as bench/gold.py finds it)."""
    for name in ("tandem.reader.text.library", "tandem.reader.library"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "source_for_file") and hasattr(module, "load_article"):
            return module
    raise SystemExit("cannot find the reader (reader.text.library or reader.library); try --reader-root")


def windows(article: Any, mode: str) -> list[Window]:
    """Aligned windows in side-text offsets: the titles, then one per sentence bead or per paragraph bead."""
    found = []
    if article.title["ko"] and article.title["en"]:
        found.append(Window((0, len(article.title["ko"])), (0, len(article.title["en"]))))

    def extent(lang: str, spans: Iterable[Any]) -> tuple[int, int] | None:
        spans = list(spans)
        if not spans:
            return None
        first, last = spans[0], spans[-1]
        return (article.paragraph_start(lang, first.paragraph) + first.start,
                article.paragraph_start(lang, last.paragraph) + last.end)  # fmt: skip

    def paragraph_extent(lang: str, indices: Iterable[int]) -> tuple[int, int] | None:
        indices = list(indices)
        if not indices:
            return None
        return (article.paragraph_start(lang, indices[0]),
                article.paragraph_start(lang, indices[-1]) + len(article.paragraphs[lang][indices[-1]]))  # fmt: skip

    beads = article.alignment
    if mode == "paragraph":
        for bead in beads:
            ko, en = paragraph_extent("ko", bead.ko), paragraph_extent("en", bead.en)
            if ko and en:
                found.append(Window(ko, en))
        return found
    for sbead in article.sentence_alignment:
        ko, en = extent("ko", sbead.ko), extent("en", sbead.en)
        if ko is None or en is None:
            pbead = beads[sbead.paragraph_bead]
            ko = ko or paragraph_extent("ko", pbead.ko)
            en = en or paragraph_extent("en", pbead.en)
        if ko and en:
            found.append(Window(ko, en))
    return found


def window_of(wins: list[Window], lang: str, start: int, end: int) -> Window | None:
    """The window whose `lang` stretch holds [start, end) (the first, when fallbacks overlap)."""
    for w in wins:
        a, b = getattr(w, lang)
        if a <= start and end <= b:
            return w
    return None


class Tally:
    """Proposals, right proposals and gold links, per label."""

    def __init__(self) -> None:
        self.proposed: dict[str, int] = defaultdict(int)
        self.right: dict[str, int] = defaultdict(int)
        self.gold: dict[str, int] = defaultdict(int)

    def add(self, label: str, proposed: bool, right: bool) -> None:
        self.gold[label] += 1
        self.proposed[label] += proposed
        self.right[label] += right

    def line(self, label: str | None = None) -> str:
        keys = [label] if label else list(self.gold)
        p, r, g = (sum(d[k] for k in keys) for d in (self.proposed, self.right, self.gold))
        precision = r / p if p else 1.0
        recall = r / g if g else 0.0
        return f"P {precision:.2f}  R {recall:.2f}  ({r}/{p} right, {g} links)"


def project(article: Any, gold: Any, texts: dict[str, str], direction: str, mode: str, learned_mode: str,
            others: list[tuple[str, str]], lexicon: Lexicon, errors: list[str]) -> tuple[Tally, float]:  # fmt: skip
    """Run one direction over one article; returns the tally and the seconds spent in find_counterpart."""
    from_lang, to_lang = ("en", "ko") if direction == "EN→KO" else ("ko", "en")
    wins = windows(article, mode)
    by_id = {e.id: e for e in gold.entities}
    links: dict[str, set[str]] = defaultdict(set)  # from-side id -> to-side ids
    for en_id, ko_id in gold.counterparts:
        src, dst = (en_id, ko_id) if from_lang == "en" else (ko_id, en_id)
        links[src].add(dst)
    sources = sorted((by_id[i] for i in links), key=lambda e: e.start)
    tally = Tally()
    taken: dict[Window | None, set[tuple[int, int]]] = defaultdict(set)
    earlier: list[tuple[str, str]] = list(others) if learned_mode != "none" else []
    spent = 0.0
    for entity in sources:
        targets = [by_id[i] for i in links[entity.id]]
        win = window_of(wins, from_lang, entity.start, entity.end)
        proposal = None
        if win is not None:
            a, b = getattr(win, to_lang)
            fa, fb = getattr(win, from_lang)
            learned = learned_pairs(earlier) if earlier else {}
            t0 = time.process_time()
            position = (entity.start - fa) / max(1, fb - fa)
            proposal = find_counterpart(entity.text, entity.label, from_lang, texts[to_lang][a:b], a, learned,
                                        lexicon, taken[win], position=position)  # fmt: skip
            spent += time.process_time() - t0
        right = proposal is not None and any((proposal.start, proposal.end) == (t.start, t.end) for t in targets)
        tally.add(entity.label, proposal is not None, right)
        if not right:
            inside = win is not None and any(getattr(win, to_lang)[0] <= t.start < getattr(win, to_lang)[1]
                                             for t in targets)  # fmt: skip
            got = f"{proposal.text!r} ({proposal.reason})" if proposal else "nothing"
            where = "" if inside else "  [gold outside the window]"
            errors.append(f"{direction} {entity.label:7} {entity.text!r} -> {got}; gold "
                          f"{' / '.join(repr(t.text) for t in targets)}{where}")  # fmt: skip
        for t in targets:  # as if the annotator accepted the right counterpart
            taken[win].add((t.start, t.end))
            if learned_mode == "earlier mentions":
                en, ko = (entity, t) if from_lang == "en" else (t, entity)
                earlier.append((en.text, ko.text))
    return tally, spent


def tokenize_time(article: Any, texts: dict[str, str], mode: str) -> float:
    """CPU seconds Kiwi takes over the article's Korean windows (the part of a cold EN → KO run spent in Kiwi)."""
    analyser = kiwi.analyser()
    if analyser is None:
        return 0.0
    t0 = time.process_time()
    for w in windows(article, mode):
        analyser.tokenize(texts["ko"][w.ko[0] : w.ko[1]])
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every miss and wrong proposal")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--window", choices=("sentence", "paragraph", "both"), default="both")
    parser.add_argument("--reader-root", type=Path, help="parse articles with the reader of another checkout")
    args = parser.parse_args(argv)
    if args.reader_root:
        sys.path.insert(0, str(args.reader_root.resolve()))
    from gold import load_gold, reader_side_text

    library = reader_library()
    texts: dict[str, dict[str, str]] = {}

    def side_text(paths: list[Path]) -> dict[str, str]:
        texts[paths[0].name] = reader_side_text(paths)
        return texts[paths[0].name]

    golds = [g for g in load_gold(args.split, side_text) if g.counterparts]
    articles = {g.id: library.load_article(library.source_for_file(g.paths[0])[1]) for g in golds}
    t0 = time.perf_counter()
    kiwi.analyser()
    lexicon = Lexicon.shipped()
    print(f"load: Kiwi and the shipped lexicon ({len(lexicon)} entries) in {time.perf_counter() - t0:.1f} s")

    def pairs_of(gold: Any) -> list[tuple[str, str]]:
        by_id = {e.id: e for e in gold.entities}
        return [(by_id[e].text, by_id[k].text) for e, k in gold.counterparts]

    modes = ("sentence", "paragraph") if args.window == "both" else (args.window,)
    for mode in modes:
        for learned_mode in ("none", "other articles", "earlier mentions"):
            print(f"\n== window: {mode}; learned pairs: {learned_mode}")
            for direction in ("EN→KO", "KO→EN"):
                total, errors, times, warm_times, kiwi_times = Tally(), [], [], [], []
                for gold in golds:
                    others = [p for g in golds if g.id != gold.id for p in pairs_of(g)]
                    text = texts[gold.paths[0].name]
                    clear_caches()
                    kiwi_times.append(tokenize_time(articles[gold.id], text, mode))
                    clear_caches()
                    tally, spent = project(articles[gold.id], gold, text, direction, mode, learned_mode, others,
                                           lexicon, errors)  # fmt: skip
                    times.append(spent)
                    warm_times.append(project(articles[gold.id], gold, text, direction, mode, learned_mode, others,
                                              lexicon, [])[1])  # fmt: skip
                    for label in tally.gold:
                        total.gold[label] += tally.gold[label]
                        total.proposed[label] += tally.proposed[label]
                        total.right[label] += tally.right[label]
                cold, warm = (sum(t) / len(t) * 1000 for t in (times, warm_times))
                tokenizing = sum(kiwi_times) / len(kiwi_times) * 1000 if direction == "EN→KO" else 0.0
                print(f"{direction}  all       {total.line()}   per article: {cold:.0f} ms cold (Kiwi "
                      f"{tokenizing:.0f} ms of it), {warm:.0f} ms warm")  # fmt: skip
                for label in LABELS:
                    if total.gold.get(label):
                        print(f"        {label:9} {total.line(label)}")
                if args.errors:
                    for line in errors:
                        print("    " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
