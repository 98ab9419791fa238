"""Measure the model-based name finders (annotations/suggest/names_ko.py, names_en.py) on the dev gold.

Gold: bench/data/gold/dev/<article id>.json (entities {"side", "start", "end", "text", "label"}, offsets in the
article's side text), loaded and checked by bench/gold.py, which also finds the reader to parse articles/ with.
Only the dev split is read: the test split is held out.

Figures, per language (Korean with kiwipiepy and without it; English with the spaCy pipeline and with the rules):
* exact-span precision and recall: a found span counts when a gold entity has the same start and end, any label;
* label accuracy: among exact-span matches, the share whose label equals the gold label;
* the same at score >= 0.5 (what a stricter suggestion threshold would show).
Then each model's load time and resident memory (measured in a fresh process each) and the time per article side.

Run: .venv/bin/python bench/names_dev.py [--gold DIR] [--errors] [--reader-root TREE]
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tandem.annotations.suggest.mention import Mention  # noqa: E402  (the bench runs as a script from any directory)

GOLD = ROOT / "bench" / "data" / "gold"
ARTICLES = ROOT / "articles"
LABELS = {"PERSON", "ORG", "GPE", "LOC", "DATE", "EVENT", "MILITARY"}
STRICT = 0.5


def finders() -> dict[str, tuple[str, Callable[[str], list[Mention]]]]:
    from tandem.annotations.suggest.names_en import english_names
    from tandem.annotations.suggest.names_ko import korean_names

    return {
        "ko kiwipiepy": ("ko", korean_names),
        "ko no kiwi": ("ko", korean_without_kiwi),
        "en spaCy": ("en", english_names),
        "en rules": ("en", lambda text: english_names(text, use_model=False)),
    }


def korean_without_kiwi(text: str) -> list[Mention]:
    """What the Korean finder gives when kiwipiepy is not installed (dates and CLDR places by pattern)."""
    from tandem.annotations.suggest import names_ko

    real = names_ko.analyser
    names_ko.analyser = lambda: None
    try:
        return names_ko.korean_names(text)
    finally:
        names_ko.analyser = real


def load_dev(gold_dir: Path, old_reader: bool) -> list[tuple[str, dict[str, str], list[dict]]]:
    """(article id, side texts, gold entities) per dev gold file, every span checked by bench/gold.py."""
    from gold import GOLD_DIR, load_gold

    texts: dict[str, dict[str, str]] = {}

    def side_text(paths: list[Path]) -> dict[str, str]:
        texts[paths[0].name] = reader_texts(paths, old_reader)
        return texts[paths[0].name]

    articles = load_gold("dev", side_text, gold_dir=gold_dir) if gold_dir != GOLD_DIR else load_gold("dev", side_text)
    return [(a.id, texts[a.paths[0].name], [_entity(e) for e in a.entities]) for a in articles]


def _entity(e: object) -> dict:
    return {k: getattr(e, k) for k in ("side", "start", "end", "text", "label")}


def article_texts(old_reader: bool) -> list[tuple[str, dict[str, str], list[dict]]]:
    """The dev articles without gold (for timing only)."""
    return [(p.stem, reader_texts([p], old_reader), []) for p in sorted(ARTICLES.glob("*.txt"))]


def reader_texts(paths: list[Path], old_reader: bool) -> dict[str, str]:
    """Side texts as the reader parses the article; `old_reader`: a tree given by --reader-root, whose library is
    `reader.library` (the editable install would otherwise map `reader.text` to this tree's)."""
    if not old_reader:
        from gold import reader_side_text

        return reader_side_text(paths)
    library = importlib.import_module("tandem.reader.library")
    _, source = library.source_for_file(paths[0])
    article = library.load_article(source)
    return {side: article.side_text(side) for side in ("ko", "en")}


def score(pairs: list[tuple[list[dict], list[Mention]]], threshold: float = 0.0) -> dict[str, float]:
    """Exact-span precision/recall and label accuracy over (gold, found) pairs of one language."""
    tp = n_found = n_gold = same_label = 0
    for gold, found in pairs:
        spans = {(e["start"], e["end"]): e["label"] for e in gold}
        kept = [m for m in found if m.score >= threshold]
        n_found += len(kept)
        n_gold += len(spans)
        for m in kept:
            if (m.start, m.end) in spans:
                tp += 1
                same_label += spans[(m.start, m.end)] == m.label
    return {
        "P": tp / n_found if n_found else 0.0,
        "R": tp / n_gold if n_gold else 0.0,
        "label": same_label / tp if tp else 0.0,
        "found": n_found,
        "gold": n_gold,
        "matched": tp,
    }


def print_errors(text: str, gold: list[dict], found: list[Mention]) -> None:
    spans = {(e["start"], e["end"]): e["label"] for e in gold}
    got = {(m.start, m.end): m for m in found}
    kinds: Counter[str] = Counter()
    for (s, e), m in sorted(got.items()):
        if (s, e) not in spans:
            kinds["false positive"] += 1
            print(f"    FP {text[s:e]!r} {m.label} ({m.reason})")
        elif spans[(s, e)] != m.label:
            kinds["wrong label"] += 1
            print(f"    LABEL {text[s:e]!r} {m.label} for gold {spans[(s, e)]} ({m.reason})")
    for (s, e), label in sorted(spans.items()):
        if (s, e) not in got:
            kinds["missed"] += 1
            near = [text[m.start : m.end] for m in found if m.start < e and s < m.end]
            print(f"    FN {text[s:e]!r} {label}" + (f" (found {near})" if near else ""))
    print(f"    {dict(kinds)}")


def measure_model(which: str) -> None:
    """Run in a fresh process: load one model, print its load time and resident memory as JSON."""
    rss_before = _rss_mib()
    start = time.perf_counter()
    if which == "ko":
        from tandem.annotations.suggest.names_ko import load

        ok = load()
    else:
        from tandem.annotations.suggest.names_en import load

        ok = load() is not None
    print(json.dumps({"ok": bool(ok), "seconds": time.perf_counter() - start, "rss_mib": _rss_mib(),
                      "added_mib": _rss_mib() - rss_before}))  # fmt: skip


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold folder holding dev/ (default bench/data/gold)")
    parser.add_argument("--errors", action="store_true", help="list false positives, misses and wrong labels")
    parser.add_argument("--reader-root", type=Path, help="parse the articles with the reader of this tree instead")
    parser.add_argument("--measure", choices=["ko", "en"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reader_root:  # annotations is imported already, so only `reader` comes from there
        sys.path.insert(0, str(args.reader_root.resolve()))
        for name in [m for m in sys.modules if m == "reader" or m.startswith("reader.")]:
            del sys.modules[name]
    if args.measure:
        measure_model(args.measure)
        return

    print("load (fresh process each; RSS after loading, and what loading added)")
    for which, name in (("ko", "kiwipiepy"), ("en", "spaCy")):
        out = subprocess.run([sys.executable, __file__, "--measure", which], capture_output=True, text=True)
        if out.returncode:
            print(f"  {name}: failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        m = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"  {name:10} {'loaded' if m['ok'] else 'MISSING'}: {m['seconds']:.2f} s, RSS {m['rss_mib']:.0f} MiB "
              f"(+{m['added_mib']:.0f} MiB)")  # fmt: skip
    from tandem.annotations.suggest.names_en import english_pipeline_name

    print(f"  English pipeline: {english_pipeline_name()}")

    if not any((args.gold / "dev").glob("*.json")):
        print(f"\nno gold in {args.gold / 'dev'}: timing on the dev articles only")
        gold_sets = article_texts(bool(args.reader_root))
    else:
        gold_sets = load_dev(args.gold, bool(args.reader_root))

    print("\ntime per article side (median of 3 runs, model already loaded)")
    results: dict[str, list[tuple[list[dict], list[Mention]]]] = {}
    for label, (side, find) in finders().items():
        find("준비" if side == "ko" else "Ready.")  # load outside the timing
        results[label] = []
        for article_id, texts, entities in gold_sets:
            text = texts[side]
            if not text.strip():
                continue
            times = []
            for _ in range(3):
                start = time.perf_counter()
                found = find(text)
                times.append(time.perf_counter() - start)
            print(f"  {label:12} {article_id}: {statistics.median(times) * 1000:6.1f} ms, {len(text)} characters")
            gold = [e for e in entities if e["side"] == side]
            results[label].append((gold, found))
            if args.errors and gold:
                print(f"  errors, {label}, {article_id}:")
                print_errors(text, gold, found)

    if not any(g for pairs in results.values() for g, _ in pairs):
        return
    where = args.gold / "dev"
    print(f"\nexact spans on {where.relative_to(ROOT) if where.is_relative_to(ROOT) else where}")
    print(f"  {'finder':12} {'P':>6} {'R':>6} {'label':>6}   {'P@.5':>6} {'R@.5':>6} {'label':>6}   found/gold")
    for label, pairs in results.items():
        a, b = score(pairs), score(pairs, STRICT)
        print(f"  {label:12} {a['P']:6.3f} {a['R']:6.3f} {a['label']:6.3f}   {b['P']:6.3f} {b['R']:6.3f} "
              f"{b['label']:6.3f}   {a['found']}/{a['gold']}")  # fmt: skip


if __name__ == "__main__":
    main()
