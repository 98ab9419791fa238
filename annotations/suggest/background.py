"""The language models in a child process, so a reader's keystrokes never wait for them.

Loading kiwipiepy and spaCy holds the interpreter for seconds, and a thread would share it with the screen. A
child process (`python -m tandem.annotations.suggest.background`) loads them once, then answers each request — one
JSON line {"texts": {side: text}, "sentences": {side: [[start, end], …]}} on its stdin — with one JSON line
{"names": {side: …}, "attribution": {side: …}, "tokens": {"ko": …}}, each in the form its source caches (the
tokens are Kiwi's, for the reader's own process, which never loads the analyser: see kiwi.tokenize).
Its stderr goes to /dev/null, so warnings cannot draw over the screen; it ends when its stdin closes, and the
reader ends it on quitting rather than wait for it.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any

import orjson

Found = dict[str, dict[str, list[list[Any]]]]  # "names" / "attribution" / "tokens" -> side -> what is cached


class BackgroundModels:
    """One child process serving model requests in order; `names` calls back (from a thread) with the result."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None

    def _started(self) -> subprocess.Popen[bytes]:
        if self._child is None or self._child.poll() is not None:
            self._child = subprocess.Popen(
                [sys.executable, "-m", "tandem.annotations.suggest.background"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        return self._child

    def ask(self, texts: Mapping[str, str], sentences: Mapping[str, Any],
            done: Callable[[Found | None], object]) -> None:
        """Ask for the names and attributions in `texts`; `done` gets them (None if the child failed) from a
        daemon thread."""

        def ask() -> None:
            found = None
            try:
                with self._lock:
                    child = self._started()
                    assert child.stdin is not None and child.stdout is not None
                    child.stdin.write(orjson.dumps({"texts": dict(texts), "sentences": dict(sentences)}) + b"\n")
                    child.stdin.flush()
                    line = child.stdout.readline()
                found = orjson.loads(line) if line else None
            except (OSError, ValueError):
                found = None
            done(found)

        threading.Thread(target=ask, name="tandem-models-client", daemon=True).start()

    def stop(self) -> None:
        """End the child now (quitting never waits for a model to finish loading)."""
        if self._child is not None and self._child.poll() is None:
            self._child.kill()


def serve() -> None:
    """The child's loop: load the models, then answer each request line."""
    from tandem.annotations.suggest import kiwi
    from tandem.annotations.suggest.sources import attribution, model

    model.warm()
    for line in sys.stdin.buffer:
        request = orjson.loads(line)
        texts, sentences = request["texts"], request["sentences"]
        answer = {"names": {side: model.find(side, text) for side, text in texts.items()},
                  "attribution": {side: attribution.find(side, text, sentences.get(side, []))
                                  for side, text in texts.items()},
                  "tokens": {side: kiwi.read(text) for side, text in texts.items() if side == "ko"}}  # fmt: skip
        sys.stdout.buffer.write(orjson.dumps(answer) + b"\n")
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    serve()
