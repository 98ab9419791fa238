"""Concurrency test: several processes saving to the same article of the same store at once; nothing may be lost.

Run: `.venv/bin/python bench/concurrency_store.py [--writers N] [--saves N]`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tandem.annotations.store import Store

WRITER = Path(__file__).resolve().parents[1] / "tests" / "store_helpers" / "writer.py"


def main() -> None:
    """Start the writers together, wait, and compare what they acknowledged with what the store holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--saves", type=int, default=500)
    opts = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="concurrency_store_"))
    try:
        t = time.perf_counter()
        args = [sys.executable, str(WRITER), str(root), "article", "kim", str(opts.saves), "100"]
        writers = [subprocess.Popen(args, stdout=subprocess.PIPE) for _ in range(opts.writers)]
        acknowledged = set()
        for writer in writers:
            out, _ = writer.communicate()
            acknowledged |= {line.decode() for line in out.split(b"\n")[:-1]}
        seconds = time.perf_counter() - t
        stored = set(Store(root).read("kim", "article").spans)
    finally:
        shutil.rmtree(root)
    lost = len(acknowledged - stored)
    print(
        f"{opts.writers} processes x {opts.saves} saves on one article in {seconds:.1f} s "
        f"({len(acknowledged) / seconds:,.0f} saves/s): {len(acknowledged):,} acknowledged, {len(stored):,} stored, "
        f"{lost} lost"
    )
    sys.exit(1 if lost or len(acknowledged) != opts.writers * opts.saves else 0)


if __name__ == "__main__":
    main()
