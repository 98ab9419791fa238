"""The reader, instrumented, for `bench_reader.py` to run in a real terminal (tmux) and type into.

Records when each key reached the app (the time Textual stamped on the key event, in its input thread) and when
each frame was written to the terminal, each with the CPU time used so far by the app's main thread and by its
whole process, then writes them to a JSON file on exit. Run:
`python bench/reader_probe.py WORKSPACE ARTICLE_ID OUT.json`. It wraps two Textual internals (`App._display`,
which writes a frame, and `App.on_event`, which receives keys), and notes (in OUT.json.ready) when the reading
screen first shows pending suggestions; this is a measuring tool, not part of Tandem.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from textual import events
from textual.app import App

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tandem.reader.app.app import TandemApp  # noqa: E402
from tandem.reader.app.suggestions import SuggestionActions  # noqa: E402
from tandem.reader.workspace import open_workspace  # noqa: E402


def _cpu() -> tuple[float, float]:
    """(CPU seconds of the calling thread, of the whole process) so far."""
    return time.thread_time(), time.process_time()


def main() -> None:
    workspace, article_id, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    keys: dict[float, tuple[str, float, float]] = {}  # Textual's stamp → key, CPU when the app got it (first pass)
    frames: list[tuple[float, float, float]] = []  # (monotonic time, thread CPU, process CPU) per frame written
    display, on_event, show = App._display, App.on_event, SuggestionActions._show_suggestions

    def timed_display(self: App, screen, renderable) -> None:
        written = renderable is not None and not self._batch_count  # Textual drops what is drawn in a batch
        display(self, screen, renderable)
        if written:
            frames.append((time.monotonic(), *_cpu()))

    async def noted_on_event(self: App, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.time not in keys:  # a key passes App.on_event twice
            keys[event.time] = (event.key, *_cpu())
        await on_event(self, event)

    def noted_show(self, items) -> None:
        show(self, items)
        ready = out.with_suffix(".ready")
        if items and not ready.exists():
            ready.write_text(str(len(items)))

    App._display = timed_display  # type: ignore[method-assign]
    App.on_event = noted_on_event  # type: ignore[method-assign]
    SuggestionActions._show_suggestions = noted_show  # type: ignore[method-assign]
    TandemApp(open_workspace(workspace, annotator="bench"), article_id).run()
    out.write_text(json.dumps({"keys": sorted((t, *rest) for t, rest in keys.items()), "frames": frames}))


if __name__ == "__main__":
    main()
