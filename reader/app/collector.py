"""When Python's cyclic garbage collector runs in the reader: between keys, not during them.

A full collection walks every tracked object, and with the reader's row caches that is long enough to be the
slowest frame of a session when it lands in a keystroke. So: the objects that live as long as a screen (the article, its
rows and spans, the widgets) are frozen out of the collector's reach once the screen is up, the young
generations are collected as usual (they are small), and the full pass runs only after a moment without keys.
"""

from __future__ import annotations

import gc
from time import monotonic

IDLE_SECONDS = 0.5
"""How long without a key before a full collection may run."""
_NEVER = 1 << 30
"""A full-collection threshold that is never reached: CPython then leaves the oldest generation to us."""


class IdleCollector:
    """The collector policy of one app run; `stop` puts the interpreter's own back."""

    def __init__(self) -> None:
        self._thresholds = gc.get_threshold()
        self._last_key = monotonic()

    def start(self) -> None:
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, _NEVER)

    def stop(self) -> None:
        gc.set_threshold(*self._thresholds)

    def key_pressed(self) -> None:
        self._last_key = monotonic()

    def collect_if_idle(self) -> bool:
        """Run the full collection if it has work (the middle generation was collected since) and no key came
        for a moment. Returns whether it ran."""
        if gc.get_count()[2] and monotonic() - self._last_key >= IDLE_SECONDS:
            gc.collect()
            return True
        return False

    def settle(self) -> None:
        """Collect once, then freeze what survived (the article, its rows, its spans, the widgets): a full
        collection over those objects paused typing visibly. Unfreezing first lets the previous screen's
        objects be collected, so switching articles leaks nothing. The collector is switched back on here if
        start-up (`tandem open`) switched it off."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        gc.enable()
