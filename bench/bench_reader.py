"""Reader speed and memory (issue 4 quality bars). Run: `.venv/bin/python bench/bench_reader.py [--launch-only]`.

- launch → article on screen: the real `tandem FILE` in tmux, timed until the article's text is on the screen,
  beside a hello-world Textual app launched the same way in the same run (alternately, so both see the same
  machine): the ratio of the medians is the figure to compare between runs and machines;
- keystroke → updated frame on a 200 KB article with 2,000 annotations, in a real terminal: keys typed into tmux
  80 ms apart, each timed from reaching the app to the last frame it caused being written (`reader_probe.py`
  records both), for motions, opening the picker, saving a span and undoing, at 160×48 and 80×24;
- memory with a 10,000-article library open, and how long a filter keystroke takes there.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
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

from tandem.reader.app.app import TandemApp  # noqa: E402
from tandem.reader.workspace import document, open_workspace  # noqa: E402

ARTICLE_BYTES = 200_000
ANNOTATIONS = 2_000
HELLO_WORLD = """\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Hello(App):
    def compose(self) -> ComposeResult:
        yield Static("Hello, world!")


Hello().run()
"""
"""The baseline launch: Python, Textual and one frame with one widget, nothing of Tandem."""


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
    """The nearest-rank percentile: the smallest value with at least `q` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def tmux(socket: str, *args: str, capture: bool = False) -> str:
    done = subprocess.run(["tmux", "-L", socket, *args], check=not capture, capture_output=True, text=True)
    return done.stdout


def start_in_tmux(command: str, size: tuple[int, int], home: Path, shows: str) -> tuple[str, float]:
    """Start `command` in a new tmux terminal of `size` with a clean environment; wait until the screen `shows`
    the text given. Returns the tmux socket and the seconds that took."""
    socket = f"bench-{uuid.uuid4().hex[:8]}"
    env = (f"env -i PATH={os.environ['PATH']} HOME={home} TERM=xterm-256color TANDEM_CACHE_DIR={home / 'cache'} "
           "TANDEM_ANNOTATOR=bench")
    start = time.perf_counter()
    tmux(socket, "new-session", "-d", "-x", str(size[0]), "-y", str(size[1]), "-s", "m", f"{env} {command}")
    while shows not in tmux(socket, "capture-pane", "-p", "-t", "m", capture=True):
        if time.perf_counter() - start > 30:
            tmux(socket, "kill-server", capture=True)
            raise RuntimeError("the article never appeared")
        time.sleep(0.01)
    return socket, time.perf_counter() - start


def typing_plan(motions: int, tags: int) -> list[tuple[str, str]]:
    """(kind, tmux key) pairs: motions (lines, words, a page, panes), then tagging cycles: `e` opens the picker,
    `1` saves a PERSON span, `u` undoes it, `w` moves on."""
    cycle = ["j", "j", "Right", "w", "w", "b", "k", "PageDown", "j", "Tab", "j", "w", "Tab"]
    plan = [("motion", cycle[n % len(cycle)]) for n in range(motions)]
    for _ in range(tags):
        plan += [("picker (e)", "e"), ("save (1)", "1"), ("undo (u)", "u"), ("motion", "w")]
    return plan


def terminal_latency(work: Path, article_id: str, size: tuple[int, int], home: Path,
                     motions: int = 200, tags: int = 100) -> dict[str, list[tuple[float, int]]]:
    """Type into the real app in a tmux terminal, 80 ms apart (a fast typist), and return per kind of key the
    (milliseconds from the key reaching the app to the last frame it caused, frames) of each key."""
    out = home / f"latency-{size[0]}x{size[1]}.json"
    socket, _ = start_in_tmux(f"{sys.executable} {ROOT / 'bench' / 'reader_probe.py'} {work} {article_id} {out}",
                              size, home, shows="미국 정보기관들이")  # the Korean pane shows at any width
    try:
        plan = typing_plan(motions, tags)
        for _, key in plan:
            tmux(socket, "send-keys", "-t", "m", key)
            time.sleep(0.08)
        tmux(socket, "send-keys", "-t", "m", "q")
        deadline = time.monotonic() + 30
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        tmux(socket, "kill-server", capture=True)
    data = json.loads(out.read_text())
    stamps = [t for t, _ in data["keys"]]  # the typed keys, then `q`, whose arrival ends the last key's window
    if len(stamps) != len(plan) + 1:
        raise RuntimeError(f"{len(stamps)} keys reached the app, {len(plan) + 1} were typed")
    by_kind: dict[str, list[tuple[float, int]]] = {}
    for (kind, _), start, following in zip(plan, stamps, stamps[1:], strict=False):
        frames = [f for f in data["frames"] if start <= f < following]
        if frames:  # a key that changes nothing (the end of a line, say) draws nothing
            by_kind.setdefault(kind, []).append(((frames[-1] - start) * 1000, len(frames)))
    return by_kind


def launch_time(command: str, home: Path, shows: str) -> float:
    """Seconds from starting `command` in a 160×48 tmux terminal to `shows` on the screen."""
    socket, seconds = start_in_tmux(command, (160, 48), home, shows)
    tmux(socket, "kill-server", capture=True)
    return seconds


def launch_times(path: Path, home: Path, runs: int) -> tuple[list[float], list[float]]:
    """(tandem, hello world) launch seconds, `runs` of each, taken alternately after one unmeasured launch of each
    (which writes the bytecode and summary caches a user's second launch finds)."""
    hello = home / "hello_world.py"
    hello.write_text(HELLO_WORLD, "utf-8")
    commands = {
        "tandem": (f"{Path(sys.executable).parent / 'tandem'} {path}", "U.S. intelligence agencies"),  # drawn last
        "hello": (f"{sys.executable} {hello}", "Hello, world!"),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for n in range(runs + 1):
        for name, (command, shows) in commands.items():
            seconds = launch_time(command, home, shows)
            if n:
                times[name].append(seconds)
    return times["tandem"], times["hello"]


def report_launch(path: Path, home: Path, runs: int) -> None:
    tandem, hello = launch_times(path, home, runs)
    ratio = statistics.median(tandem) / statistics.median(hello)
    print(f"launch → article on screen (tmux 160×48, seed 000, {runs} runs each, alternating):")
    print(f"  tandem       median {statistics.median(tandem):.3f} s  min {min(tandem):.3f} s  max {max(tandem):.3f} s")
    print(f"  hello world  median {statistics.median(hello):.3f} s  min {min(hello):.3f} s  max {max(hello):.3f} s")
    print(f"  ratio of medians {ratio:.2f}×   target ≤ 1.6× (and ≤ 0.5 s)")


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
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--launch-only", action="store_true", help="measure the launch only")
    parser.add_argument("--runs", type=int, default=9, help="launches of each app (default 9)")
    args = parser.parse_args()
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

        report_launch(work / "000_5b22b7d950e5fa8c.txt", tmp, args.runs)
        if args.launch_only:
            return

        for terminal in ((160, 48), (80, 24)):
            latency = terminal_latency(work, "big", terminal, tmp)
            print(f"keystroke → last frame it caused, real terminal {terminal[0]}×{terminal[1]} "
                  "(tmux, 80 ms between keys):")
            for kind, values in latency.items():
                times = [ms for ms, _ in values]
                frames = sum(n for _, n in values) / len(values)
                print(f"  {kind:11} n={len(values):3}  p50 {percentile(times, 0.5):5.1f} ms  "
                      f"p99 {percentile(times, 0.99):5.1f} ms  max {max(times):5.1f} ms  frames/key {frames:.2f}")
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
