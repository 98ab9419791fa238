"""Reader speed and memory (issue 4 quality bars). Run: `.venv/bin/python bench/bench_reader.py [--launch-only]`,
or `… --suggestions` for the suggestion flow alone.

- launch → article on screen: the real `tandem FILE` in tmux, timed until the article's text is on the screen,
  beside a hello-world Textual app launched the same way in the same run (alternately, so both see the same
  machine): the ratio of the medians is the figure to compare between runs and machines;
- keystroke → updated frame on a 200 KB article with 2,000 annotations, in a real terminal: keys typed into tmux
  80 ms apart, each timed from reaching the app to the first and to the last frame it caused being written
  (`reader_probe.py` records both), for motions, opening the picker, saving a span and undoing, at 160×48 and 80×24;
- memory with a 10,000-article library open, and how long a filter keystroke takes there;
- with `--suggestions` (issue 15): keystroke → updated frame with 500+ pending suggestions on and around the
  screen (names tagged once on a ~60 KB article, proposed again by propagation wherever they recur), for the keys
  of the suggestion flow (next, previous, accept, reject, accept all like it, focus), motions, tagging and undo.

Each key is timed in wall-clock time and in CPU time of the app's main thread (what keeps the next key waiting)
and of its whole process: on a shared machine the wall time includes waiting for a core.
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
SUGGESTED_ARTICLE_BYTES = 60_000
TAGGED_NAMES = {
    "ko": [("푸틴", "PERSON"), ("김정은", "PERSON"), ("러시아", "GPE"), ("북한", "GPE"), ("백악관", "ORG"),
           ("미국", "GPE")],
    "en": [("Putin", "PERSON"), ("Kim Jong-un", "PERSON"), ("Russia", "GPE"), ("North Korea", "GPE"),
           ("White House", "ORG"), ("U.S.", "GPE")],
}
"""Names tagged once each (their first occurrence) for `--suggestions`: propagation proposes all the others."""
HELLO_WORLD = """\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Hello(App):
    def compose(self) -> ComposeResult:
        yield Static("Hello, world!")


Hello().run()
"""
"""The baseline launch: Python, Textual and one frame with one widget, nothing of Tandem."""


def big_article(folder: Path, size: int = ARTICLE_BYTES) -> Path:
    """A bilingual article of about `size` bytes: seed 000's Korean block and English block, repeated in step."""
    lines = (ROOT / "articles" / "000_5b22b7d950e5fa8c.txt").read_text("utf-8").split("\n")
    ko, en = lines[2:20], lines[21:39]
    body_ko, body_en, n = [], [], 0
    while len("\n".join(body_ko + body_en).encode()) < size:
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


def tag_names(workspace, article_id: str) -> None:
    """Tag the first occurrence of each of `TAGGED_NAMES`, through the real store."""
    article = workspace.library.article(article_id)
    with workspace.store.session(document(article), "bench") as session:
        for lang, names in TAGGED_NAMES.items():
            text = article.side_text(lang)
            for name, label in names:
                start = text.index(name)
                session.add_span(lang, start, start + len(name), "entity", label)


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `q` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def tmux(socket: str, *args: str, capture: bool = False) -> str:
    done = subprocess.run(["tmux", "-L", socket, *args], check=not capture, capture_output=True, text=True)
    return done.stdout


def start_in_tmux(command: str, size: tuple[int, int], home: Path, shows: str, env: str = "") -> tuple[str, float]:
    """Start `command` in a new tmux terminal of `size` with a clean environment (plus `env`, "NAME=value …");
    wait until the screen `shows` the text given. Returns the tmux socket and the seconds that took."""
    socket = f"bench-{uuid.uuid4().hex[:8]}"
    env = (f"env -i PATH={os.environ['PATH']} HOME={home} TERM=xterm-256color TANDEM_CACHE_DIR={home / 'cache'} "
           f"TANDEM_ANNOTATOR=bench {env}")
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


def suggestion_plan(rounds: int) -> list[tuple[str, str]]:
    """(kind, tmux key) pairs of the suggestion flow, `rounds` times over: motions, walking the suggestions (`.`
    `,`), accepting, rejecting and accepting all like it (each undone, so the next round finds as many pending),
    cycling the focus (`T`, three times: back to all), and tagging a word by hand (then undone)."""
    walk = [("next (.)", "."), ("next (.)", "."), ("previous (,)", ","), ("next (.)", ".")]
    decide = [("accept (A)", "A"), ("undo (u)", "u"), ("reject (X)", "X"), ("undo (u)", "u"),
              ("accept all (*)", "*"), ("undo (u)", "u")]
    focus = [("focus (T)", "T")] * 3
    tag = [("motion", "w"), ("picker (e)", "e"), ("save (1)", "1"), ("undo (u)", "u")]
    plan: list[tuple[str, str]] = []
    for n in range(rounds):
        motions = [("motion", key) for key in ("j", "w", "w", "b", "k", "Right", "PageDown" if n % 4 == 3 else "j")]
        plan += motions + walk + decide + walk[:1] + focus + tag
    return plan


def terminal_latency(work: Path, article_id: str, size: tuple[int, int], home: Path, plan: list[tuple[str, str]],
                     env: str = "", wait_for_suggestions: bool = False) -> tuple[dict[str, list[dict]], int]:
    """Type `plan` into the real app in a tmux terminal, 80 ms apart (a fast typist); return per kind of key, for
    each key, the milliseconds from it reaching the app to the first frame it caused (`first`) and to the last
    (`wall`), the CPU milliseconds the app's main thread and its process spent until then (`thread`, `process`)
    and the frames it caused — and how many suggestions were pending when typing began (0 unless
    `wait_for_suggestions`)."""
    out = home / f"latency-{size[0]}x{size[1]}.json"
    ready = out.with_suffix(".ready")
    ready.unlink(missing_ok=True)
    socket, _ = start_in_tmux(f"{sys.executable} {ROOT / 'bench' / 'reader_probe.py'} {work} {article_id} {out}",
                              size, home, shows="미국 정보기관들이", env=env)  # the Korean pane shows at any width
    try:
        deadline = time.monotonic() + 60
        while wait_for_suggestions and not ready.exists():
            if time.monotonic() > deadline:
                raise RuntimeError("no suggestions appeared")
            time.sleep(0.1)
        time.sleep(1 if wait_for_suggestions else 0)  # what the first refresh left to do (the status line)
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
    keys = data["keys"]  # the typed keys, then `q`, whose arrival ends the last key's window
    if len(keys) != len(plan) + 1:
        raise RuntimeError(f"{len(keys)} keys reached the app, {len(plan) + 1} were typed")
    by_kind: dict[str, list[dict]] = {}
    for (kind, _), (start, _, thread, process), following in zip(plan, keys, keys[1:], strict=False):
        frames = [f for f in data["frames"] if start <= f[0] < following[0]]
        if frames:  # a key that changes nothing (the end of a line, say) draws nothing
            last = frames[-1]
            by_kind.setdefault(kind, []).append({"first": (frames[0][0] - start) * 1000,
                                                 "wall": (last[0] - start) * 1000, "thread": (last[1] - thread) * 1000,
                                                 "process": (last[2] - process) * 1000, "frames": len(frames)})
    return by_kind, int(ready.read_text()) if ready.exists() else 0


def report_latency(latency: dict[str, list[dict]], title: str) -> None:
    """Per kind of key: p50, p99 and max of the wall time, then of the main thread's and the process's CPU time."""
    print(title)
    for kind, values in latency.items():
        figures = {what: [v[what] for v in values] for what in ("first", "wall", "thread", "process")}
        frames = sum(v["frames"] for v in values) / len(values)
        line = "  ".join(f"{what} {percentile(ms, 0.5):5.1f} / {percentile(ms, 0.99):5.1f} / {max(ms):5.1f}"
                         for what, ms in figures.items())
        print(f"  {kind:15} n={len(values):3}  {line}  frames/key {frames:.2f}")
    print("  (ms, p50 / p99 / max: first = key reaching the app → the first frame it caused (what was typed shows); "
          "wall = → its last frame (all it caused shows: the suggestions that follow from a new span come a frame "
          "after it); thread, process = CPU time of the app's main thread, of its process, until that last frame)")


def report_suggestion_latency(tmp: Path, rounds: int) -> None:
    """The suggestion flow (`--suggestions`), at 160×48 and 80×24."""
    work = tmp / "work"
    work.mkdir()
    path = big_article(work, SUGGESTED_ARTICLE_BYTES)
    workspace = open_workspace(work, annotator="bench")
    tag_names(workspace, "big")
    tagged = sum(len(names) for names in TAGGED_NAMES.values())
    for terminal in ((160, 48), (80, 24)):
        latency, pending = terminal_latency(work, "big", terminal, tmp, suggestion_plan(rounds),
                                            env="TANDEM_MODELS=off", wait_for_suggestions=True)
        report_latency(latency, f"keystroke → last frame it caused, {path.stat().st_size / 1000:.0f} KB article, "
                                f"{tagged} names tagged, {pending} suggestions pending, real terminal "
                                f"{terminal[0]}×{terminal[1]} (tmux, 80 ms between keys):")
    print("target: keystroke → updated frame ≤ 16 ms at p99 with 500 pending suggestions on screen")


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
    parser.add_argument("--suggestions", action="store_true",
                        help="measure keystroke → frame in the suggestion flow only (500+ pending)")
    parser.add_argument("--rounds", type=int, default=20,
                        help="rounds of the suggestion flow's keys with --suggestions (default 20, 25 keys each)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tandem-bench-reader-"))
    os.environ["TANDEM_CACHE_DIR"] = str(tmp / "cache")
    try:
        if args.suggestions:
            report_suggestion_latency(tmp, args.rounds)
            return
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
            latency, _ = terminal_latency(work, "big", terminal, tmp, typing_plan(200, 100))
            report_latency(latency, f"keystroke → last frame it caused, real terminal {terminal[0]}×{terminal[1]} "
                                    "(tmux, 80 ms between keys):")
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
