"""Library listing speed: 10,000 articles, cold (no cache) and cached, on one core.

Targets (issue 2): cold ≤ 2 s, cached ≤ 0.5 s. Run: `.venv/bin/python bench/bench_library.py [--articles N]`.
The articles are the two seeds (13 KB of Korean and English blocks; 7 KB of English and portal clutter), each with one
extra Korean line at a random place, in UTF-8 and (one in five) CP949. Cold means no summary cache: every file
is read, decoded and parsed. Each listing runs in a fresh process, as a user's `tandem list` does (the time is the
listing's, without Python's start-up): the cold ones (`--rounds`, 3 by default) give a median and a range, since
this kind of machine drifts 10–30% between runs. Compare runs made together.

`--baseline DIR` lists the same articles with the source tree in DIR as well (another checkout or a copy of one,
with `reader/library.py` or `reader/text/library.py`), taking turns with this tree, and prints both and their ratio:
the way to tell what a change costs on a drifting host. Processor time is printed beside wall time: where the two
part, other processes took the core.

Issue 14 (rules readable again, fast paths removed) may cost the cold listing at most 25% against the tree before
it, in the same run. Measured on a 2-core host where that tree listed cold in 1.3–1.6 s: this tree 1.05–1.13× cold,
0.94–1.07× cached (`--rounds 5`, three runs). What each removed fast path saved, in µs per article of the parse
(115 µs there; ×10 for ms per 10,000 articles), added back to this tree one at a time: first- and second-character
tables before the opening rules 5.4; prompt-hint pieces before the prompt search 2.9; paragraphs as two lists and a
language string 1.8, plus the decoded text reused for truncated copies 1.8; counting U+3000 instead of searching it
2 (while `is_normalized` before `normalize` cost 3.4); "By" before its regex under 1; the comma-only keyword split,
caption last-character sets, date field lookups and `Summary.to_dict` by `__dict__` under 0.5 each. What stayed,
and what it buys: the truncated-copy search (~14), the file's own UTF-8 for the language marks (~10), the credit
check before the caption regex (~8), "\\r" before replacing line ends (~7), one-kind lines decided without counting
(~5), "@" before the e-mail regex (~4.5), the widget initials (3.8, mostly on this benchmark's extra short line),
the os-level read (3–7), child paths without pathlib's parsing (2.5, and ~15% of a cached listing), datelines'
first character (~1.5).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_LISTING = """
import sys, time
from pathlib import Path
tree, work, cache, runs = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
if (tree / "reader" / "text" / "library.py").exists():
    from tandem.reader.text.library import Library
else:  # a tree from before the pipeline moved to reader/text/
    from tandem.reader.library import Library
where = Path(sys.modules[Library.__module__].__file__).resolve()
assert where.is_relative_to(tree.resolve()), f"{where} is not in {tree}"
for _ in range(runs):
    start, cpu = time.perf_counter(), time.process_time()
    Library(work, cache_dir=cache).summaries()
    print(time.perf_counter() - start, time.process_time() - cpu)
"""
"""Lists a workspace `runs` times in one process with the source tree given, printing the seconds of each: wall
clock and the process's processor time (what a busy host's other processes add to the first, not to the second)."""


def make_workspace(folder: Path, count: int) -> None:
    """Write `count` article files: seed variants in blocks, single-language, interleaved and CP949 form."""
    seeds = [path.read_text("utf-8") for path in sorted((ROOT / "articles").glob("*.txt"))]
    rng = random.Random(7)
    for n in range(count):
        lines = seeds[n % 2].split("\n")
        lines.insert(rng.randrange(2, len(lines)), f"{rng.randrange(1000)}명이 {n}일 회견에서 밝혔다.")
        text = "\n".join(lines)
        sub = folder / f"{n // 1000:02d}"
        sub.mkdir(exist_ok=True)
        if n % 5 == 4:
            (sub / f"article_{n:05d}.txt").write_bytes(text.encode("cp949", errors="ignore"))
        else:
            (sub / f"article_{n:05d}.txt").write_text(text, "utf-8")


Seconds = tuple[float, float]
"""A listing's wall-clock and processor seconds."""


def listings(tree: Path, work: Path, cache: Path, runs: int) -> list[Seconds]:
    """Seconds of `runs` listings in one fresh process with the source tree `tree` (the first one is cold when the
    cache folder is empty)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    result = subprocess.run([sys.executable, "-c", _LISTING, str(tree), str(work), str(cache), str(runs)], cwd=tree,
                            env=env, check=True, capture_output=True, text=True)
    return [(float(wall), float(cpu)) for wall, cpu in map(str.split, result.stdout.splitlines())]


def errors_listed(tree: Path, work: Path, cache: Path) -> int:
    """How many articles the listing reports as errors (with `tree`'s cache, so without parsing again)."""
    code = ("import sys; from pathlib import Path; from tandem.reader.text.library import Library; "
            "print(sum(1 for s in Library(Path(sys.argv[1]), cache_dir=Path(sys.argv[2])).summaries() if s.error))")
    result = subprocess.run([sys.executable, "-c", code, str(work), str(cache)], cwd=tree, check=True,
                            capture_output=True, text=True)
    return int(result.stdout)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--baseline", type=Path, help="another source tree to list the same articles with, in turns")
    parser.add_argument("--rounds", type=int, default=3, help="cold listings per tree (default 3)")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says (children inherit it)
    trees = {"this tree": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})

    tmp = Path(tempfile.mkdtemp(prefix="tandem-bench-"))
    try:
        work = tmp / "work"
        work.mkdir()
        make_workspace(work, args.articles)
        cold: dict[str, list[Seconds]] = {name: [] for name in trees}
        for run in range(args.rounds):  # the trees take turns, so that both see the host's drift
            for name, tree in trees.items():
                cold[name] += listings(tree, work, tmp / f"{name}-{run}", 1)
        cached = {name: min(listings(tree, work, tmp / f"{name}-0", 3)) for name, tree in trees.items()}
        env = {**os.environ, "TANDEM_CACHE_DIR": str(tmp / "this tree-0")}
        command = [sys.executable, "-m", "tandem.reader", "list", str(work), "--json"]
        cli = min(timed(lambda: subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True))
                  for _ in range(3))
        errors = errors_listed(ROOT, work, tmp / "this tree-0")

        print(f"articles: {args.articles} (errors: {errors}), one core")
        median = {name: tuple(map(statistics.median, zip(*runs, strict=True))) for name, runs in cold.items()}
        for name in trees:
            walls = [wall for wall, _ in cold[name]]
            print(f"{name}: cold listing (parse all, write cache): {median[name][0]:.2f} s   target ≤ 2 s "
                  f"({median[name][0] / args.articles * 1e6:.0f} µs per article; median of {args.rounds}, "
                  f"{min(walls):.2f}–{max(walls):.2f} s; processor {median[name][1]:.2f} s)")
            print(f"{name}: cached listing (stat + cache read):    {cached[name][0]:.3f} s  target ≤ 0.5 s "
                  f"(processor {cached[name][1]:.3f} s)")
        if args.baseline:
            ratios = [f"{median['this tree'][i] / median['baseline'][i]:.2f}" for i in (0, 1)]
            cached_ratios = [f"{cached['this tree'][i] / cached['baseline'][i]:.2f}" for i in (0, 1)]
            print(f"this tree / baseline: cold {ratios[0]} (processor {ratios[1]}), "
                  f"cached {cached_ratios[0]} (processor {cached_ratios[1]})")
        print(f"`tandem list --json` cached, whole process: {cli:.3f} s")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
