"""The language models in a child process, so a reader's keystrokes never wait for them.

Loading kiwipiepy and spaCy holds the interpreter for seconds, and a thread would share it with the screen. A
child process (`python -m tandem.annotations.suggest.background [ko] [en]`) loads the models of the languages
named, then answers each request — one JSON line {"texts": {side: text}, "sentences": {side: [[start, end], …]},
"wanted": [what, …]} on its stdin — with one JSON line {"names": {side: …}, "attribution": {side: …}, "tokens":
{"ko": …}} (what was wanted), each in the form its source caches (the tokens are Kiwi's, for the other process,
which never loads the analyser: see kiwi.tokenize).
Its stderr goes to /dev/null, so warnings cannot draw over the screen; it ends when its stdin closes, and the
reader ends it on quitting rather than wait for it.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import orjson

from tandem.annotations.suggest import kiwi
from tandem.annotations.suggest.context import ModelCache

Found = dict[str, dict[str, list[list[Any]]]]  # "names" / "attribution" / "tokens" -> side -> what is cached
FINDINGS = ("names", "attribution", "tokens")
"""What the models' process can be asked for: the two model sources' findings, and the Korean tokens."""


def model_kinds(sides: Mapping[str, str], wanted: Sequence[str] = FINDINGS) -> list[tuple[str, str, str, str]]:
    """(what, cache kind, side, text) of what the models' process computes for an article's side texts (all of
    `FINDINGS` unless fewer are `wanted`): the model sources' findings, and the Korean tokens the other sources
    read (see kiwi.tokenize)."""
    from tandem.annotations.suggest.sources import attribution, model

    return [*((what, source.cache_kind(side), side, text) for side, text in sides.items()
              for what, source in (("names", model), ("attribution", attribution)) if what in wanted),
            *(("tokens", kiwi.CACHE_KIND, side, text) for side, text in sides.items()
              if side == "ko" and "tokens" in wanted)]  # fmt: skip


def recall(cache: ModelCache, sides: Mapping[str, str], wanted: Sequence[str] = FINDINGS) -> bool:
    """Whether `cache` holds the models' findings for the article; if so they are read into memory and its
    tokens handed to this process's sources."""
    kinds = model_kinds(sides, wanted)
    if not _cached(cache, kinds):
        return False
    for _, kind, _, text in kinds:
        cache.get(kind, text, lambda: None)
    _remember_tokens(cache, kinds)
    return True


def keep(cache: ModelCache, sides: Mapping[str, str], found: Found) -> None:
    """Keep what the models' process found for the article (in memory and in the cache folder), and hand its
    tokens to this process's sources."""
    kinds = model_kinds(sides, list(found))
    for what, kind, side, text in kinds:
        cache.put(kind, text, found[what][side])
    _remember_tokens(cache, kinds)


def _cached(cache: ModelCache, kinds: list[tuple[str, str, str, str]]) -> bool:
    return all(cache.has(kind, text) for _, kind, _, text in kinds)


def _remember_tokens(cache: ModelCache, kinds: list[tuple[str, str, str, str]]) -> None:
    for what, kind, _, text in kinds:
        if what == "tokens":
            kiwi.remember(text, cache.get(kind, text, lambda: []))


LANGUAGES = ("ko", "en")


class BackgroundModels:
    """One child process serving model requests in order, having loaded the models of `languages` when it started
    (another language's load when first asked for); `ask` calls back (from a thread) with the result."""

    def __init__(self, languages: Sequence[str] = LANGUAGES) -> None:
        self.languages = list(languages)
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the child now, unless it runs: it loads its models meanwhile."""
        with self._lock:
            self._started()

    def _started(self) -> subprocess.Popen[bytes]:
        if self._child is None or self._child.poll() is not None:
            self._child = subprocess.Popen(
                [sys.executable, "-m", "tandem.annotations.suggest.background", *self.languages],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        return self._child

    def ask(self, texts: Mapping[str, str], sentences: Mapping[str, Any], done: Callable[[Found | None], object],
            wanted: Sequence[str] = FINDINGS) -> None:
        """Ask for the names, attributions and tokens of `texts` (or only those `wanted`); `done` gets them (None
        if the child failed) from a daemon thread."""

        def ask() -> None:
            found = None
            try:
                with self._lock:
                    child = self._started()
                    assert child.stdin is not None and child.stdout is not None
                    request = {"texts": dict(texts), "sentences": dict(sentences), "wanted": list(wanted)}
                    child.stdin.write(orjson.dumps(request) + b"\n")
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


class FindingsAhead:
    """The models' findings asked for before they are needed: a batch asks for the next article while it works on
    this one, of one models' process per language (Kiwi in one, spaCy in the other), so the two models and the
    rest of the engine (here) work at once."""

    def __init__(self, cache: ModelCache, wanted: Sequence[str] = FINDINGS) -> None:
        self.cache, self.wanted = cache, list(wanted)
        self._models = {side: BackgroundModels([side]) for side in LANGUAGES}  # started when first asked
        self._asked: dict[tuple[tuple[str, str], ...], list[tuple[threading.Event, list[Found | None]]]] = {}

    def ask(self, sides: Mapping[str, str], sentences: Mapping[str, Any]) -> None:
        """Ask for one article's findings unless the cache holds them."""
        key = tuple(sides.items())
        if key in self._asked or _cached(self.cache, model_kinds(sides, self.wanted)):
            return
        self._asked[key] = []
        for models in self._models.values():  # both, whatever this article's sides: none loads in mid-batch
            models.start()
        for side, text in sides.items():
            arrived, answer = threading.Event(), []
            self._asked[key].append((arrived, answer))
            self._models[side].ask(
                {side: text}, {side: sentences.get(side, [])},
                lambda found, answer=answer, arrived=arrived: (answer.append(found), arrived.set()), self.wanted)

    def wait(self, sides: Mapping[str, str]) -> bool:
        """Wait for one article's findings (asked before) and keep them; False if a models' process failed
        (then the sources compute what they need here)."""
        asked = self._asked.pop(tuple(sides.items()), None)
        if asked is None:
            return recall(self.cache, sides, self.wanted)
        found: Found = {}
        for arrived, answer in asked:
            arrived.wait()
            if answer[0] is None:
                return False
            for what, by_side in answer[0].items():
                found.setdefault(what, {}).update(by_side)
        keep(self.cache, sides, found)
        return True

    def stop(self) -> None:
        """End the models' processes."""
        for models in self._models.values():
            models.stop()


def serve(languages: Sequence[str]) -> None:
    """The child's loop: load the models of `languages`, then answer each request line (another language's model
    loads when first asked for)."""
    from tandem.annotations.suggest.sources import model

    for side in languages:
        model.warm(side)
    for line in sys.stdin.buffer:
        request = orjson.loads(line)
        texts, sentences = request["texts"], request["sentences"]
        answer = {what: {side: _found(what, side, text, sentences.get(side, [])) for side, text in texts.items()
                         if what != "tokens" or side == "ko"}
                  for what in request.get("wanted", FINDINGS)}  # fmt: skip
        sys.stdout.buffer.write(orjson.dumps(answer) + b"\n")
        sys.stdout.buffer.flush()


def _found(what: str, side: str, text: str, sentences: list[list[int]]) -> list[list[Any]]:
    """One of `FINDINGS` for one side's text, in the form its cache keeps."""
    from tandem.annotations.suggest.sources import attribution, model

    if what == "names":
        return model.find(side, text)
    if what == "attribution":
        return attribution.find(side, text, sentences)
    return kiwi.read(text)


if __name__ == "__main__":
    serve(sys.argv[1:])
