"""The Korean morphological analyser (kiwipiepy), loaded once and only when first asked for.

Loading takes seconds and hundreds of megabytes, so nothing imports kiwipiepy at module level: callers that can
wait ask `analyser()`, and the reader calls it from a worker thread. Without the `suggest` extra it is None.
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_kiwi: Any = None
_missing = False
_may_load = True


def forbid_loading() -> None:
    """From now on `analyser()` only hands out an analyser already loaded (the reader's own process, whose screen
    must never wait seconds for a model: its models load in a child process, see background.py)."""
    global _may_load
    _may_load = False


def available() -> bool:
    """Whether kiwipiepy is installed (without loading its model)."""
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
