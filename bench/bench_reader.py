"""Reader speed and memory (issue 4 quality bars). Run: `.venv/bin/python bench/bench_reader.py`.

- launch → article on screen: the real `tandem FILE` in tmux, timed until the article's text is on the screen;
- keystroke → updated frame on a 200 KB article with 2,000 annotations: (a) our work per key (the action, the
  status line, and drawing every visible row of the view), and (b) end to end through Textual (Pilot press and
  wait until the screen is idle, which includes the frame);
- memory with a 10,000-article library open, and how long a filter keystroke takes there.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_library import make_workspace  # noqa: E402

from reader.app import TandemApp  # noqa: E402
from reader.article_view import ArticleView  # noqa: E402
from reader.workspace import document, open_workspace  # noqa: E402

ARTICLE_BYTES = 200_000
ANNOTATIONS = 2_000


def big_article(folder: Path) -> Path:
    """A ~200 KB bilingual article: seed 000's Korean block and English block, repeated in step."""
    lines = (ROOT / "articles" / "000_5b22b7d950e5fa8c.txt").read_text("utf-8").split("\n")
    ko, en = lines[2:20], lines[21:39]
    body_ko, body_en, n = [], [], 0
    while len("\n".join(body_ko + body_en).encode()) < ARTICLE_BYTES:
        body_ko += [f"{p} ({n})" for p in ko]
        body_en += [f"{p} ({n})" for p in en]
        n += 1
    path = folder / "big.txt"
    path.write_text("\n".join([lines[1], *body_ko, lines[20], *body_en]), "utf-8")
    return path


def annotate(workspace, article_id: str) -> None:
    """2,000 spans on word boundaries of both sides, through the real store."""
    article = workspace.library.article(article_id)
    rng = random.Random(1)
    labels = [("entity", "PERSON"), ("entity", "ORG"), ("entity", "GPE"), ("claim", "CLAIM"), ("source", "SOURCE")]
    with workspace.store.session(document(article), "bench") as session:
        for n in range(ANNOTATIONS):
            lang = "ko" if n % 2 else "en"
            text = article.side_text(lang)
            start = text.find(" ", rng.randrange(len(text) - 200)) + 1
            end = start + rng.randrange(2, 60)
            layer, label = labels[n % len(labels)]
            session.add_span(lang, start, end, layer, label)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def keystrokes(workspace, article_id: str) -> tuple[list[float], ...]:
    app = TandemApp(workspace, article_id)
    work, tagging, end_to_end, noop = [], [], [], []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        height = view.scrollable_content_region.height
        keys = ["j", "j", "l", "w", "w", "b", "k", "pagedown", "j", "tab", "j", "w", "tab"]
        for n in range(400):
            key = keys[n % len(keys)]
            if key == "l":
                key = "right"
            start = time.perf_counter()
            if key == "tab":
                view.action_switch_pane()
            else:
                unit, step = {"j": ("line", 1), "k": ("line", -1), "w": ("word", 1), "b": ("word", -1),
                              "right": ("char", 1), "pagedown": ("page", 1)}[key]
                view.action_move(unit, step)
            screen._cursor_moved()
            for y in range(height):
                view.render_line(y)
            work.append(time.perf_counter() - start)
        # Through Textual: CPU time (process_time) from posting the key until the app is idle again, frames
        # included; Pilot's own waiting is idle time and not counted (a no-op key measures Pilot's overhead).
        for n in range(200):
            start = time.process_time()
            await pilot.press("j" if n % 3 else "w")
            end_to_end.append(time.process_time() - start)
        for _ in range(30):  # tag a word: `e` (picker shown), then `1` (saved, 2,000 spans reloaded, redrawn)
            for key in ("e", "1"):
                start = time.process_time()
                await pilot.press(key)
                tagging.append(time.process_time() - start)
            await pilot.press("u", "w")
        for _ in range(50):
            start = time.process_time()
            await pilot.press("z")
            noop.append(time.process_time() - start)
    return work, end_to_end, tagging, noop


def launch_time(path: Path, cache: Path, home: Path) -> float:
    """Seconds from starting `tandem FILE` in a 160×48 tmux terminal to its article text on the screen."""
    socket = f"bench-{uuid.uuid4().hex[:8]}"
    tandem = Path(sys.executable).parent / "tandem"
    env = (f"env -i PATH={os.environ['PATH']} HOME={home} TERM=xterm-256color TANDEM_CACHE_DIR={cache} "
           "TANDEM_ANNOTATOR=b")
    start = time.perf_counter()
    subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-x", "160", "-y", "48", "-s", "m",
                    f"{env} {tandem} {path}"], check=True)
    try:
        while time.perf_counter() - start < 20:
            screen = subprocess.run(["tmux", "-L", socket, "capture-pane", "-p", "-t", "m"],
                                    capture_output=True, text=True).stdout
            if "U.S. intelligence agencies" in screen:
                return time.perf_counter() - start
            time.sleep(0.01)
        raise RuntimeError("the article never appeared")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def library_memory(folder: Path) -> tuple[float, float, list[float]]:
    workspace = open_workspace(folder, annotator="bench")
    app = TandemApp(workspace)
    filters = []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        before = rss_mb()
        await pilot.press("slash")
        for key in "article_0042":
            start = time.process_time()
            await pilot.press(key)
            filters.append(time.process_time() - start)
        return before, rss_mb(), filters


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="tandem-bench-reader-"))
    os.environ["TANDEM_CACHE_DIR"] = str(tmp / "cache")
    try:
        work = tmp / "work"
        work.mkdir()
        path = big_article(work)
        shutil.copy(ROOT / "articles" / "000_5b22b7d950e5fa8c.txt", work)
        workspace = open_workspace(work, annotator="bench")
        annotate(workspace, "big")
        size = path.stat().st_size
        print(f"article: {size / 1000:.0f} KB, {ANNOTATIONS} annotations")

        launches = [launch_time(work / "000_5b22b7d950e5fa8c.txt", tmp / "cache", tmp) for _ in range(5)]
        print(f"launch → article on screen (tmux, seed 000): median {statistics.median(launches):.2f} s, "
              f"max {max(launches):.2f} s   target ≤ 0.5 s")

        work_times, end_to_end, tagging, noop = asyncio.run(keystrokes(workspace, "big"))
        for name, values in (("our work per motion key (action, status, every visible row drawn)", work_times),
                             ("motion key through Textual, CPU until idle (frames included)", end_to_end),
                             ("tagging key through Textual (e: picker; 1: save, reload, redraw)", tagging),
                             ("no-op key through Textual (Pilot's own overhead)", noop)):
            print(f"{name}: p50 {percentile(values, 0.5) * 1000:.1f} ms, p99 {percentile(values, 0.99) * 1000:.1f} ms")
        print("target: keystroke → updated frame ≤ 16 ms at p99")

        library = tmp / "library"
        library.mkdir()
        make_workspace(library, 10_000)
        before, after, filters = asyncio.run(library_memory(library))
        print(f"library of 10,000 articles open: {before:.0f} MB RSS (after filtering: {after:.0f} MB)"
              "   target ≤ 150 MB")
        print(f"filter keystroke at 10,000 articles: p50 {percentile(filters, 0.5) * 1000:.0f} ms, "
              f"max {max(filters) * 1000:.0f} ms")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
