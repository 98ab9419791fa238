"""Measure the attribution extractors (annotations/suggest/attribution_ko.py, attribution_en.py) on the dev gold.

Gold: bench/data/gold/dev/<article id>.json ("attributions": side, family, kind, claim, source, cue spans in the
article's side text), loaded and checked by bench/gold.py; bench/data/gold/GUIDELINES.md §3 says what counts.
Only the dev split is read: the test split is held out.

Scoring, per language (and again with the analyser / parser switched off, the regex fallback):
* an attribution is right when its claim overlaps a gold claim by more than half of their union and its source
  overlaps that gold attribution's source; found and gold attributions are paired one to one, best overlap first;
* each part alone: claims paired by the same > 50% rule; sources and cues paired one to one by any overlap (a
  source shared by several attributions counts once per attribution; gold cues that are null are left out);
* per pattern family: recall over the gold attributions of that family, precision over the found ones;
* kind (and family) accuracy over the right attributions;
* time per article side with the analyser warm (best of three runs).

Run: .venv/bin/python bench/attribution_dev.py [--errors] [--no-fallback] [--reader-root DIR]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tandem.annotations.suggest import attribution_en, attribution_ko  # noqa: E402  (the bench runs as a script)
from tandem.annotations.suggest.reported import FAMILIES, Reported  # noqa: E402

Span = tuple[int, int]
Extractor = Callable[[str, Sequence[Span]], list[Reported]]


def sentence_spans(text: str, lang: str) -> list[Span]:
    """The reader's sentence spans over a whole side text: its splitter run on each block (title, paragraphs)."""
    for name in ("tandem.reader.text.sentences", "tandem.reader.sentences"):
        try:
            split = importlib.import_module(name).split_sentences
            break
        except (ImportError, AttributeError):
            continue
    else:
        raise SystemExit("cannot find the reader's sentence splitter")
    spans: list[Span] = []
    offset = 0
    for block in text.split("\n\n"):
        spans += [(offset + s, offset + e) for s, e in split(block, lang)]
        offset += len(block) + 2
    return spans


def load_dev(reader_root: Path | None = None) -> list[tuple[str, dict[str, str], list[Any]]]:
    """(article id, side texts, gold attributions) for every dev gold file, each span checked by bench/gold.py;
    `reader_root`: parse with the reader of that source tree instead of this one."""
    from gold import load_gold, reader_side_text

    texts: dict[str, dict[str, str]] = {}
    library = _library(reader_root) if reader_root else None

    def side_text(paths: list[Path]) -> dict[str, str]:
        if library is None:
            texts[paths[0].name] = reader_side_text(paths)
        else:
            article = library.load_article(library.source_for_file(paths[0])[1])
            texts[paths[0].name] = {side: article.side_text(side) for side in ("ko", "en")}
        return texts[paths[0].name]

    return [(a.id, texts[a.paths[0].name], list(a.attributions)) for a in load_gold("dev", side_text)]


def _library(root: Path) -> Any:
    """The reader library module that lives under `root` (the editable install maps `reader.*` to this tree)."""
    for name in ("tandem.reader.library", "tandem.reader.text.library"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if Path(module.__file__ or "").resolve().is_relative_to(root.resolve()):
            return module
    raise SystemExit(f"no reader library under {root}")


def iou(a: Span, b: Span) -> float:
    """Overlap of two spans as a share of their union."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def touches(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def pair(found: list[Any], gold: list[Any], fits: Callable[[Any, Any], float]) -> list[tuple[int, int]]:
    """One-to-one pairs (found index, gold index) with fits > 0, best fit first."""
    candidates = sorted(
        ((fits(f, g), i, j) for i, f in enumerate(found) for j, g in enumerate(gold)), key=lambda c: -c[0]
    )
    used_f: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for value, i, j in candidates:
        if value <= 0 or i in used_f or j in used_g:
            continue
        used_f.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


def gspan(span: Any) -> Span | None:
    return None if span is None else (span.start, span.end)


def evaluate(rows: list[tuple[str, str, list[Reported], list[Any]]], show_errors: bool) -> None:
    """Print the figures for (article id, text, found, gold) rows of one language."""
    totals: Counter[str] = Counter()
    family_found: Counter[str] = Counter()
    family_gold: Counter[str] = Counter()
    family_right_f: Counter[str] = Counter()
    family_right_g: Counter[str] = Counter()
    kind_right = family_same = 0
    errors: list[str] = []
    for article, text, found, gold in rows:
        totals["found"] += len(found)
        totals["gold"] += len(gold)

        def whole(f: Reported, g: Any) -> float:
            value = iou(f.claim, gspan(g.claim))
            return value if value > 0.5 and touches(f.source, gspan(g.source)) else 0.0

        right = pair(found, gold, whole)
        totals["right"] += len(right)
        for i, j in right:
            family_right_f[found[i].family] += 1
            family_right_g[gold[j].family] += 1
            kind_right += found[i].kind == gold[j].kind
            family_same += found[i].family == gold[j].family
            if show_errors and found[i].kind != gold[j].kind:
                errors.append(f"  KIND {article} {found[i].kind} for {gold[j].kind}: {gold[j].source.text!r}")
        for f in found:
            family_found[f.family] += 1
        for g in gold:
            family_gold[g.family] += 1
        claims = pair(found, gold, lambda f, g: v if (v := iou(f.claim, gspan(g.claim))) > 0.5 else 0.0)
        sources = pair(found, gold, lambda f, g: float(touches(f.source, gspan(g.source))))
        with_cue = [g for g in gold if g.cue is not None]
        cues = pair([f for f in found if f.cue], with_cue, lambda f, g: float(touches(f.cue, gspan(g.cue))))
        totals["claims"] += len(claims)
        totals["sources"] += len(sources)
        totals["cues"] += len(cues)
        totals["found_cues"] += sum(1 for f in found if f.cue)
        totals["gold_cues"] += len(with_cue)
        if show_errors:
            matched_f = {i for i, _ in right}
            matched_g = {j for _, j in right}
            for j, g in enumerate(gold):
                if j not in matched_g:
                    errors.append(f"  MISS {article} {g.family}/{g.kind} src={g.source.text!r} "
                                  f"cue={g.cue.text if g.cue else None!r} claim={g.claim.text[:70]!r}")  # fmt: skip
            for i, f in enumerate(found):
                if i not in matched_f:
                    src = text[f.source[0] : f.source[1]] if f.source else None
                    cue = text[f.cue[0] : f.cue[1]] if f.cue else None
                    errors.append(f"  FALSE {article} {f.family}/{f.kind} src={src!r} cue={cue!r} "
                                  f"claim={text[f.claim[0] : f.claim[1]][:70]!r} ({f.reason})")  # fmt: skip

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.2f}" if b else "  - "

    def line(name: str, right: int, found: int, gold: int, note: str = "") -> None:
        print(f"  {name:13s} P {ratio(right, found)}  R {ratio(right, gold)}{note}")

    line("attributions", totals["right"], totals["found"], totals["gold"],
         f"  ({totals['right']} right, {totals['found']} found, {totals['gold']} gold)")  # fmt: skip
    line("claim", totals["claims"], totals["found"], totals["gold"])
    line("source", totals["sources"], totals["found"], totals["gold"])
    line("cue", totals["cues"], totals["found_cues"], totals["gold_cues"], f"  (gold cues: {totals['gold_cues']})")
    for family in FAMILIES:  # precision over the found of that family, recall over the gold of that family
        print(f"  {family:13s} P {ratio(family_right_f[family], family_found[family])}"
              f"  R {ratio(family_right_g[family], family_gold[family])}"
              f"  (found {family_found[family]}, gold {family_gold[family]})")  # fmt: skip
    print(f"  kind right on {ratio(kind_right, totals['right'])} of the right ones, "
          f"family on {ratio(family_same, totals['right'])}")  # fmt: skip
    for line in errors:
        print(line)


def timed(extract: Extractor, text: str, sentences: list[Span]) -> tuple[list[Reported], float, float]:
    """The attributions and the best of three wall-clock and CPU times (the analyser already warm): on a shared
    host the wall clock also counts other processes, the CPU time does not."""
    extract(text, sentences)
    best = best_cpu = float("inf")
    found: list[Reported] = []
    for _ in range(3):
        start, cpu = time.perf_counter(), time.process_time()
        found = extract(text, sentences)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return found, best, best_cpu


def run(articles: list[tuple[str, dict[str, str], list[Any]]], label: str, extractors: dict[str, Extractor],
        show_errors: bool) -> None:  # fmt: skip
    """Score and time every side of every article with the given extractors."""
    for lang, extract in extractors.items():
        rows = []
        times: list[float] = []
        cpu: list[float] = []
        for article, texts, gold in articles:
            text = texts.get(lang) or ""
            if not text:
                continue
            found, seconds, cpu_seconds = timed(extract, text, sentence_spans(text, lang))
            times.append(seconds)
            cpu.append(cpu_seconds)
            rows.append((article, text, found, [g for g in gold if g.side == lang]))
        if not rows:
            continue
        print(f"{lang} {label}: {len(rows)} article side(s), {1000 * sum(times) / len(times):.0f} ms per side "
              f"(max {1000 * max(times):.0f} ms; CPU {1000 * sum(cpu) / len(cpu):.0f} ms)")  # fmt: skip
        evaluate(rows, show_errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list misses, false attributions and wrong kinds")
    parser.add_argument("--no-fallback", action="store_true", help="skip the runs without analyser and parser")
    parser.add_argument("--reader-root", type=Path, help="a source tree whose `reader` parses the articles")
    args = parser.parse_args(argv)
    if args.reader_root:
        sys.path.insert(0, str(args.reader_root.resolve()))  # after annotations.suggest is imported from this tree
    folder = ROOT / "bench" / "data" / "gold" / "dev"
    if not any(folder.glob("*.json")):
        print(f"no dev gold yet ({folder}/*.json)")
        return 0
    articles = load_dev(args.reader_root)
    extractors: dict[str, Extractor] = {
        "ko": attribution_ko.korean_attributions,
        "en": attribution_en.english_attributions,
    }
    run(articles, "kiwipiepy / spaCy", extractors, args.errors)
    if not args.no_fallback:
        saved = attribution_ko.analyser, attribution_en.pipeline
        attribution_ko.analyser = lambda: None  # type: ignore[assignment]
        attribution_en.pipeline = lambda: None  # type: ignore[assignment]
        try:
            run(articles, "fallback (no analyser, no parser)", extractors, args.errors)
        finally:
            attribution_ko.analyser, attribution_en.pipeline = saved
    return 0


if __name__ == "__main__":
    sys.exit(main())
