"""Evaluate reader.text.alignment on gold alignments built from two real bilingual articles.

Gold sets: seed 000 (18 Korean/English body paragraphs, 1:1) and article 003 (13 English body paragraphs with a
Korean translation written for this benchmark, bench/data/alignment/003_ko.txt, 1:1). Each article is
perturbed with a fixed random seed — adjacent paragraphs merged on one side (gold 2-1/1-2), a paragraph split
at a sentence boundary (gold 1-2/2-1), a paragraph dropped on one side (gold 1-0/0-1), and combinations of
2–4 such edits — and the aligner's beads are scored against the gold beads.

Metrics, micro-averaged over all variants of a row:
* strict: a predicted bead is correct only if the same (ko indices, en indices) bead is in the gold; precision
  over predicted beads, recall over gold beads, 1-0/0-1 beads included on both sides.
* lax: as vecalign's score.py. A predicted bead counts for precision if it is in the gold, or if one of its
  Korean indices is gold-aligned to one of its English indices; null beads (1-0/0-1) can only count by exact
  match. Recall is the same computation with gold and prediction swapped, null beads left out of both.

Sentence level: the 003 translation keeps the English sentences one to one except one paragraph where two
English sentences became one Korean sentence; bench/data/alignment/003_sentences_gold.txt lists the bead shapes
per paragraph. Seed 000 gets no sentence gold: its Korean paragraphs are single sentences with embedded quotes
while the machine-translated English breaks them into 2–5 sentences (beads the aligner cannot express).

Run: .venv/bin/python bench/alignment_eval.py
"""

import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tandem.reader import alignment  # noqa: E402  (the bench runs as a script from any directory)
from tandem.reader.text.alignment import align, align_sentences  # noqa: E402
from tandem.reader.text.sentences import split_sentences  # noqa: E402

DATA = ROOT / "bench" / "data" / "alignment"
VARIANTS_PER_KIND = 50
SEED = 20240917
RATIOS = (0.8, 0.9, 1.0, 1.1)

GoldBead = tuple[list[str], list[str]]  # texts on each side of one gold bead
Beads = list[tuple[tuple[int, ...], tuple[int, ...]]]


def load_articles() -> dict[str, tuple[list[str], list[str]]]:
    """Body paragraphs (Korean, English) of the two gold articles, titles and boilerplate left out."""
    seed = (ROOT / "articles" / "000_5b22b7d950e5fa8c.txt").read_text(encoding="utf-8").split("\n")
    lines = (ROOT / "articles" / "003_d053796be3089813.txt").read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("North Korean leader Kim Jong-un and"))
    last = next(i for i, line in enumerate(lines) if line.startswith("Copyright"))
    en_003 = [line for line in lines[first:last] if line.strip()]
    ko_003 = (DATA / "003_ko.txt").read_text(encoding="utf-8").splitlines()
    assert len(ko_003) == len(en_003), (len(ko_003), len(en_003))
    return {"000": (seed[2:20], seed[21:39]), "003": (ko_003, en_003)}


def one_to_one(beads: list[GoldBead]) -> list[int]:
    """Indices of beads still 1-1, the only ones a perturbation may touch (keeps gold within 2-2)."""
    return [k for k, (ko, en) in enumerate(beads) if len(ko) == 1 and len(en) == 1]


def merge(beads: list[GoldBead], rng: random.Random) -> None:
    """Join two adjacent paragraphs of one side: gold becomes a 1-2 or 2-1 bead."""
    singles = set(one_to_one(beads))
    candidates = [k for k in sorted(singles) if k + 1 in singles]
    if not candidates:
        return
    k = rng.choice(candidates)
    (ko_a, en_a), (ko_b, en_b) = beads[k], beads[k + 1]
    if rng.random() < 0.5:
        beads[k : k + 2] = [([ko_a[0] + " " + ko_b[0]], en_a + en_b)]
    else:
        beads[k : k + 2] = [(ko_a + ko_b, [en_a[0] + " " + en_b[0]])]


def split(beads: list[GoldBead], rng: random.Random) -> None:
    """Cut one side's paragraph in two at a sentence boundary: gold becomes a 2-1 or 1-2 bead."""
    options = []
    for k in one_to_one(beads):
        for side, lang in ((0, "ko"), (1, "en")):
            spans = split_sentences(beads[k][side][0], lang)
            if len(spans) > 1:
                options.append((k, side, spans))
    if not options:
        return
    k, side, spans = rng.choice(options)
    text = beads[k][side][0]
    cut = spans[rng.randrange(1, len(spans))][0]
    parts = [text[:cut].rstrip(), text[cut:]]
    beads[k] = (parts, beads[k][1]) if side == 0 else (beads[k][0], parts)


def drop(beads: list[GoldBead], rng: random.Random) -> None:
    """Delete one side's paragraph: gold keeps the other side as a 1-0 or 0-1 bead."""
    candidates = one_to_one(beads)
    if not candidates:
        return
    k = rng.choice(candidates)
    beads[k] = ([], beads[k][1]) if rng.random() < 0.5 else (beads[k][0], [])


def combo(beads: list[GoldBead], rng: random.Random) -> None:
    """Two to four merges, splits or drops in one article, as noisy real pairs have."""
    for _ in range(rng.randint(2, 4)):
        rng.choice((merge, split, drop))(beads, rng)


PERTURBATIONS: dict[str, Callable[[list[GoldBead], random.Random], None]] = {
    "merge": merge,
    "split": split,
    "drop": drop,
    "combo": combo,
}


def flatten(beads: list[GoldBead]) -> tuple[list[str], list[str], Beads]:
    """Texts of each side and the gold beads as index tuples."""
    ko: list[str] = []
    en: list[str] = []
    gold: Beads = []
    for ko_texts, en_texts in beads:
        gold.append((tuple(range(len(ko), len(ko) + len(ko_texts))), tuple(range(len(en), len(en) + len(en_texts)))))
        ko += ko_texts
        en += en_texts
    return ko, en, gold


def lax_counts(gold: Beads, test: Beads) -> tuple[int, int]:
    """vecalign's lax test: (matches, total) over `test` beads that are exact or share an aligned pair."""
    gold_set = set(gold)
    aligned = defaultdict(set)
    for ko, en in gold:
        for k in ko:
            aligned[k].update(en)
    hits = 0
    for ko, en in set(test):
        if (ko, en) in gold_set or any(aligned[k] & set(en) for k in ko):
            hits += 1
    return hits, len(set(test))


class Score:
    """Running strict and lax counts for one row of the table."""

    def __init__(self) -> None:
        self.strict = [0, 0, 0]  # correct, predicted, gold
        self.lax_p = [0, 0]
        self.lax_r = [0, 0]

    def add(self, gold: Beads, test: Beads) -> None:
        self.strict[0] += len(set(gold) & set(test))
        self.strict[1] += len(test)
        self.strict[2] += len(gold)
        for total, counts in ((self.lax_p, lax_counts(gold, test)), (self.lax_r, self._recall(gold, test))):
            total[0] += counts[0]
            total[1] += counts[1]

    @staticmethod
    def _recall(gold: Beads, test: Beads) -> tuple[int, int]:
        def non_null(beads: Beads) -> Beads:
            return [(ko, en) for ko, en in beads if ko and en]

        return lax_counts(non_null(test), non_null(gold))

    def row(self) -> tuple[float, float, float, float]:
        p = _ratio(self.strict[0], self.strict[1])
        r = _ratio(self.strict[0], self.strict[2])
        lp, lr = _ratio(*self.lax_p), _ratio(*self.lax_r)
        return p, r, _f1(p, r), _f1(lp, lr)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def paragraph_table(articles: dict[str, tuple[list[str], list[str]]]) -> dict[str, Score]:
    scores: dict[str, Score] = defaultdict(Score)
    rng = random.Random(SEED)
    for name, (ko_paras, en_paras) in articles.items():
        clean = [([k], [e]) for k, e in zip(ko_paras, en_paras, strict=True)]
        ko, en, gold = flatten(clean)
        test = [(b.ko, b.en) for b in align(ko, en)]
        for key in ("clean", f"clean {name}"):
            scores[key].add(gold, test)
        for kind, perturb in PERTURBATIONS.items():
            for _ in range(VARIANTS_PER_KIND):
                beads = [(list(k), list(e)) for k, e in clean]
                perturb(beads, rng)
                ko, en, gold = flatten(beads)
                test = [(b.ko, b.en) for b in align(ko, en)]
                for key in (kind, f"{kind} {name}", "all perturbed"):
                    scores[key].add(gold, test)
    return scores


def sentence_score(ko_paras: Sequence[str], en_paras: Sequence[str]) -> Score:
    """Score align_sentences on article 003 against the hand-made sentence gold."""
    shapes = (DATA / "003_sentences_gold.txt").read_text(encoding="utf-8").splitlines()
    ko_ids: dict[tuple[int, int], int] = {}
    en_ids: dict[tuple[int, int], int] = {}
    gold: Beads = []
    for p, line in enumerate(shapes):
        ko_spans = split_sentences(ko_paras[p], "ko")
        en_spans = split_sentences(en_paras[p], "en")
        k = e = 0
        for shape in line.split():
            nk, ne = (int(x) for x in shape.split("-"))
            ids_k = tuple(ko_ids.setdefault((p, s), len(ko_ids)) for s, _ in ko_spans[k : k + nk])
            ids_e = tuple(en_ids.setdefault((p, s), len(en_ids)) for s, _ in en_spans[e : e + ne])
            gold.append((ids_k, ids_e))
            k, e = k + nk, e + ne
        assert (k, e) == (len(ko_spans), len(en_spans)), f"paragraph {p}: gold does not match the splitter"
    beads = align(ko_paras, en_paras)
    test = [
        (
            tuple(ko_ids[s.paragraph, s.start] for s in bead.ko),
            tuple(en_ids[s.paragraph, s.start] for s in bead.en),
        )
        for bead in align_sentences(ko_paras, en_paras, beads)
    ]
    score = Score()
    score.add(gold, test)
    return score


def main() -> None:
    started = time.perf_counter()
    articles = load_articles()
    for name, (ko, en) in articles.items():
        ratio = sum(len(t.encode()) for t in en) / sum(len(t.encode()) for t in ko)
        print(f"article {name}: {len(ko)} paragraph pairs, English/Korean UTF-8 bytes = {ratio:.2f}")
    print(f"\nParagraph alignment (c = {alignment.MEAN_RATIO}, {VARIANTS_PER_KIND} variants per kind per article)")
    print(f"{'set':<16}{'strict P':>9}{'strict R':>9}{'strict F1':>10}{'lax F1':>8}")
    scores = paragraph_table(articles)
    order = ["clean", "merge", "split", "drop", "combo", "all perturbed"]
    order += [f"{kind} {name}" for name in articles for kind in ("clean", *PERTURBATIONS)]
    for key in order:
        p, r, f, lax = scores[key].row()
        print(f"{key:<16}{p:>9.3f}{r:>9.3f}{f:>10.3f}{lax:>8.3f}")

    p, r, f, lax = sentence_score(*articles["003"]).row()
    print("\nSentence alignment, article 003 unperturbed (paragraphs aligned first)")
    print(f"{'003 sentences':<16}{p:>9.3f}{r:>9.3f}{f:>10.3f}{lax:>8.3f}")

    print("\nSensitivity to c (strict F1, all perturbed variants)")
    chosen = alignment.MEAN_RATIO
    for ratio in RATIOS:
        alignment.MEAN_RATIO = ratio  # the module reads it at call time
        print(f"c = {ratio:<4} {paragraph_table(articles)['all perturbed'].row()[2]:.3f}")
    alignment.MEAN_RATIO = chosen
    speed(*articles["000"])
    print(f"\n{time.perf_counter() - started:.1f} s")


def speed(ko: list[str], en: list[str]) -> None:
    """How long alignment and sentence splitting take (targets: 20×20 paragraphs < 5 ms, 500×500 < 1 s,
    a 500-character paragraph split in < 0.2 ms)."""
    def per_call(fn: Callable[[], object], runs: int) -> float:
        start = time.perf_counter()
        for _ in range(runs):
            fn()
        return (time.perf_counter() - start) / runs

    twenty = ([*ko, ko[0], ko[1]], [*en, en[0], en[1]])
    rng = random.Random(7)
    pairs = [rng.randrange(len(ko)) for _ in range(500)]
    long_ko, long_en = [ko[p] for p in pairs], [en[p] for p in pairs]
    del long_en[250]
    print("\nSpeed")
    print(f"align 20×20 paragraphs: {per_call(lambda: align(*twenty), 20) * 1000:.1f} ms")
    print(f"align 500×499 paragraphs: {per_call(lambda: align(long_ko, long_en), 1):.2f} s")
    split = per_call(lambda: (split_sentences(en[10][:500], "en"), split_sentences(ko[10][:500], "ko")), 200) / 2
    print(f"split a 500-character paragraph: {split * 1000:.3f} ms")


if __name__ == "__main__":
    main()
