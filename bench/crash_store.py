"""Crash test: a writer killed with SIGKILL at random moments, 100 times, on one article of one store.

Run: `.venv/bin/python bench/crash_store.py [--kills N]`. The writer (tests/store_helpers/writer.py) prints each
span id after its save returns and compacts its journal every 7 saves, so kills land in appends, compactions and
start-up alike. After every kill the store must open and hold every acknowledged save.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tandem.annotations.model import DocumentText
from tandem.annotations.store import Store

WRITER = Path(__file__).resolve().parents[1] / "tests" / "store_helpers" / "writer.py"


def main() -> None:
    """Kill writers, check after each kill, print the tally; exit 1 on any lost save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    kills = parser.parse_args().kills
    root, rng = Path(tempfile.mkdtemp(prefix="crash_store_")), random.Random()
    acknowledged: set[str] = set()
    lost = 0
    t = time.perf_counter()
    try:
        for _ in range(kills):
            args = [sys.executable, str(WRITER), str(root), "article", "kim", "100000", "7"]
            writer = subprocess.Popen(args, stdout=subprocess.PIPE)
            time.sleep(rng.uniform(0.25, 0.6))
            writer.send_signal(signal.SIGKILL)
            out, _ = writer.communicate()
            acknowledged |= {line.decode() for line in out.split(b"\n")[:-1]}
            stored = set(Store(root).read("kim", "article").spans)
            lost += len(acknowledged - stored)
        Store(root).session(DocumentText("article", {}, {"ko": ""}), "kim").close()  # a session opens and compacts
        stored = set(Store(root).read("kim", "article").spans)
    finally:
        shutil.rmtree(root)
    print(
        f"{kills} SIGKILLs in {time.perf_counter() - t:.0f} s: {len(acknowledged):,} acknowledged saves, "
        f"{len(stored):,} stored, {lost + len(acknowledged - stored)} lost; the store opened after every kill"
    )
    sys.exit(1 if lost or acknowledged - stored else 0)


if __name__ == "__main__":
    main()
