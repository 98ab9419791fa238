"""Library listing speed: 10,000 articles, cold (no cache) and cached, on one core.

Targets (issue 2): cold ≤ 2 s, cached ≤ 0.5 s. Run: `.venv/bin/python bench/bench_library.py [--articles N]`.
The articles are the two seeds (13 KB of Korean and English blocks; 7 KB of English and portal clutter), each with one
extra Korean line at a random place, in UTF-8 and (one in five) CP949. Cold means no summary cache: every file
is read, decoded and parsed. Each cold listing runs in a fresh process, as a user's first `tandem list` does (the
time is the listing's, without Python's start-up): three of them give a median and a range, since this kind of
machine drifts 10–30% between runs. Compare runs made together.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.text.library import Library  # noqa: E402


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


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cold_listing(work: Path, cache: Path) -> float:
    """Seconds one cold listing takes in a fresh process on this core (the process prints them)."""
    code = ("import sys, time; from pathlib import Path; from reader.text.library import Library; "
            "start = time.perf_counter(); Library(Path(sys.argv[1]), cache_dir=Path(sys.argv[2])).summaries(); "
            "print(time.perf_counter() - start)")
    result = subprocess.run([sys.executable, "-c", code, str(work), str(cache)], cwd=ROOT, check=True,
                            capture_output=True, text=True)
    return float(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says

    tmp = Path(tempfile.mkdtemp(prefix="tandem-bench-"))
    try:
        work, cache = tmp / "work", tmp / "cache"
        work.mkdir()
        make_workspace(work, args.articles)
        colds = sorted(cold_listing(work, tmp / f"cold-cache-{run}") for run in range(3))
        Library(work, cache_dir=cache).summaries()  # fills the cache the cached figures read
        warm = min(timed(lambda: Library(work, cache_dir=cache).summaries()) for _ in range(3))
        env = {**os.environ, "TANDEM_CACHE_DIR": str(cache)}
        command = [sys.executable, "-m", "reader", "list", str(work), "--json"]
        cli = min(timed(lambda: subprocess.run(command, env=env, check=True, capture_output=True)) for _ in range(3))
        errors = sum(1 for s in Library(work, cache_dir=cache).summaries() if s.error)
        print(f"articles: {args.articles} (errors: {errors}), one core")
        cold = colds[1]
        print(f"cold listing (parse all, write cache): {cold:.2f} s   target ≤ 2 s "
              f"({cold / args.articles * 1e6:.0f} µs per article; median of 3, {colds[0]:.2f}–{colds[2]:.2f} s)")
        print(f"cached listing (stat + cache read):    {warm:.3f} s  target ≤ 0.5 s")
        print(f"`tandem list --json` cached, whole process: {cli:.3f} s")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
