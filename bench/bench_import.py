"""Import of an article at the size limit: a generated 9.9 MB Korean + English article, parsed and aligned.

Target (issue 19): a 10 MB article imports in ≤ 10 s, i.e. time linear in its length. Run:
`.venv/bin/python bench/bench_import.py [--megabytes 9.9]`. The article is the first sample's Korean and English
paragraphs repeated, each numbered, Korean block first (a "single" file as a newspaper site copies it), just under
the size limit. Printed: the time of each step of the import in this process (decode and parse, paragraph
alignment, sentence alignment), and the wall time and peak memory of `tandem inspect --json` and `tandem inspect`
(the readable view, which Rich renders as one table) in fresh processes, as a user runs them; then the reader
opening it (Textual's test driver) and moving to its end.

Before issue 19 the paragraph alignment kept a full (Korean × English) table although it searches only a band
around the diagonal: 12,711 × 12,711 paragraphs took 19 s and 2.7 GB; the band alone is linear. And the reader,
asking each paragraph's offset in turn (for the suggestions' context), summed the paragraphs before it every time:
it had not opened the article after 5 minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tandem.reader.text.decoding import MAX_BYTES  # noqa: E402
from tandem.reader.text.library import load_article, source_for_file  # noqa: E402

TARGET_SECONDS = 10.0


def make_article(path: Path, size: int) -> int:
    """Write a Korean block, then its English translation, of about `size` bytes; return the paragraph count."""
    lines = (REPO / "articles" / "000_5b22b7d950e5fa8c.txt").read_text(encoding="utf-8").splitlines()
    ko, en = lines[2:20], lines[21:39]
    ko_paragraphs: list[str] = []
    en_paragraphs: list[str] = []
    written = 0
    while written < size:
        i = len(ko_paragraphs)
        ko_paragraphs.append(f"{ko[i % len(ko)]} ({i}번째 문단)")
        en_paragraphs.append(f"{en[i % len(en)]} (paragraph {i})")
        written += len(ko_paragraphs[-1].encode()) + len(en_paragraphs[-1].encode()) + 2
    titles = ("북러 군사동맹 부활, 긴 기사", "North Korea and Russia, a long article")
    text = "\n".join([titles[0], *ko_paragraphs, titles[1], *en_paragraphs])
    path.write_text(text + "\n", encoding="utf-8")
    return len(ko_paragraphs)


def in_process(path: Path) -> float:
    start = time.perf_counter()
    _, source = source_for_file(path)
    article = load_article(source)
    parsed = time.perf_counter()
    beads = len(article.alignment)
    aligned = time.perf_counter()
    sentence_beads = len(article.sentence_alignment)
    done = time.perf_counter()
    print(f"  parse {parsed - start:6.2f} s")
    print(f"  paragraph alignment {aligned - parsed:6.2f} s ({beads} beads)")
    print(f"  sentence alignment {done - aligned:6.2f} s ({sentence_beads} beads)")
    print(f"  import, in all {done - start:6.2f} s")
    return done - start


def command(args: list[str]) -> tuple[float, int]:
    """Wall time and peak memory (MB) of `tandem ARGS` in a fresh process, its output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tandem.reader", *args], check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) // 1024  # the largest child so far: run the smaller command first


def app_opening(path: Path) -> None:
    """The reader opened on the article (Textual's test driver, 160 × 48): until its reading screen is up with
    the suggestions computed, then `G` to the end and three `j`."""
    from tandem.reader.app.app import TandemApp
    from tandem.reader.app.screens.reading import ReadingScreen
    from tandem.reader.workspace import open_workspace

    async def run() -> None:
        start = time.perf_counter()
        app = TandemApp(open_workspace(path.parent, annotator="bench"), path.stem)
        async with app.run_test(size=(160, 48)) as pilot:
            while not isinstance(app.screen, ReadingScreen):
                await pilot.pause(0.1)
            await pilot.pause()
            print(f"the reader, reading screen up: {time.perf_counter() - start:6.2f} s")
            for keys in (["G"], ["j", "j", "j"]):
                start = time.perf_counter()
                await pilot.press(*keys)
                await pilot.pause()
                print(f"  {' '.join(keys)}: {time.perf_counter() - start:6.2f} s")

    asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=9.9, help="size of the article (default 9.9 MB)")
    args = parser.parse_args()
    size = int(args.megabytes * 1048576)
    if size > MAX_BYTES:
        parser.error(f"the size limit is {MAX_BYTES / 1048576:.0f} MB")
    os.environ.setdefault("TANDEM_MODELS", "off")
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("TANDEM_CACHE_DIR", folder)
        path = Path(folder) / "long.txt"
        paragraphs = make_article(path, size)
        print(f"{path.stat().st_size / 1048576:.1f} MB, {paragraphs} paragraphs a side")
        total = in_process(path)
        print(f"  target ≤ {TARGET_SECONDS:.0f} s: {'met' if total <= TARGET_SECONDS else 'MISSED'}")
        for args_ in (["inspect", "--json", str(path)], ["inspect", str(path)]):
            elapsed, peak = command(args_)
            print(f"tandem {' '.join(args_[:-1])}: {elapsed:6.2f} s, peak {peak} MB")
        app_opening(path)


if __name__ == "__main__":
    main()
