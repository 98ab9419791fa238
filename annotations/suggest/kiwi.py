"""The Korean morphological analyser (kiwipiepy), loaded once and only when first asked for.

Loading takes seconds and hundreds of megabytes, so nothing imports kiwipiepy at module level: callers that can
wait ask `analyser()`. An article's tokens are read once, for its whole side text: by `read_side`, or, for the
reader, by the models' child process, whose tokens the reader `remember`s (it never loads the analyser in its own
process: its screen would wait). `tokenize` answers any stretch of that text from them, so every process reads a
sentence as it reads it in its article. Without the `suggest` extra there is no analyser and `tokenize` gives None.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

CACHE_KIND = "tokens-ko"
"""What the model cache calls an article's Korean tokens (see `read`)."""

_lock = threading.Lock()
_kiwi: Any = None
_missing = False
_may_load = True


class Token(NamedTuple):
    """A token as Kiwi gives one (the attributes callers read): its form, tag, start and length in code points."""

    form: str
    tag: str
    start: int
    len: int


_REMEMBERED_TEXTS = 32
_remembered: OrderedDict[str, tuple[list[int], list[Token]]] = OrderedDict()
"""The last texts whose tokens were read (`remember`), with their tokens and the tokens' starts, newest last."""


def forbid_loading() -> None:
    """From now on `analyser()` only hands out an analyser already loaded (the reader's own process, whose screen
    must never wait seconds for a model: its models load in a child process, see background.py)."""
    global _may_load
    _may_load = False


@cache
def available() -> bool:
    """Whether kiwipiepy is installed (without loading its model); looked up once per process, since the Korean
    sources ask for every name they read."""
    import importlib.util

    return importlib.util.find_spec("kiwipiepy") is not None


def loaded() -> Any | None:
    """The analyser if something already loaded it, else None (never loads: for quick, optional refinements)."""
    return _kiwi


def analyser() -> Any | None:
    """The shared `kiwipiepy.Kiwi`, loaded on first call (thread-safe); None when kiwipiepy is not installed, or
    when loading is forbidden in this process and nothing loaded it."""
    global _kiwi, _missing
    with _lock:
        if _kiwi is None and not _missing and _may_load:
            try:
                from kiwipiepy import Kiwi
            except ImportError:
                _missing = True
                return None
            _kiwi = Kiwi()
            _kiwi.tokenize("준비")  # the model initialises lazily on the first call: pay for it here
        return _kiwi


def read(text: str) -> list[list[Any]]:
    """Kiwi's tokens of a side text in the cached form [form, tag, start, len] each ([] without an analyser)."""
    tokens = read_side(text)
    return [[t.form, t.tag, t.start, t.len] for t in tokens or []]


def read_side(text: str) -> list[Any] | None:
    """Kiwi's tokens of a whole side text, remembered for `tokenize` (None without an analyser). Loads it."""
    known = _from_remembered(text)
    if known is not None:
        return known
    kiwi = analyser()
    if kiwi is None:
        return None
    tokens = kiwi.tokenize(text)
    remember(text, [(t.form, t.tag, t.start, t.len) for t in tokens])
    return tokens


def remember(text: str, found: Sequence[Sequence[Any]]) -> None:
    """Keep the tokens read for `text` (here, or by another process: `read`), for `tokenize` to answer from."""
    tokens = [Token(*t) for t in found]
    with _lock:
        _remembered[text] = ([t.start for t in tokens], tokens)
        _remembered.move_to_end(text)
        while len(_remembered) > _REMEMBERED_TEXTS:
            _remembered.popitem(last=False)


def tokenize(text: str) -> list[Any] | None:
    """Kiwi's tokens of `text`: from the tokens remembered for a text that holds `text` where no token crosses its
    edges (offsets made relative to it), else from the analyser when this process has it or may load it; None
    when neither knows it."""
    known = _from_remembered(text)
    if known is not None:
        return known
    kiwi = analyser()
    return None if kiwi is None else kiwi.tokenize(text)


def _from_remembered(text: str) -> list[Token] | None:
    with _lock:
        remembered = list(_remembered.items())
    for whole, (starts, tokens) in reversed(remembered):
        at = whole.find(text)
        while at >= 0 and text:
            first, last = bisect.bisect_left(starts, at), bisect.bisect_left(starts, at + len(text))
            inside = tokens[first:last]
            before = tokens[first - 1] if first else None
            if inside and inside[0].start == at and inside[-1].start + inside[-1].len <= at + len(text) and (
                    before is None or before.start + before.len <= at):  # fmt: skip
                return [t._replace(start=t.start - at) for t in inside]
            at = whole.find(text, at + 1)
    return None
