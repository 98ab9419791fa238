"""Ranges kept sorted by start, so the ones over a line or under the cursor are found with two bisects.

A 200 KB article carries thousands of annotations; the reader asks which ones cover a line at every draw and
which ones cover the cursor at every key, and changes one or two of them at every save. Scanning them all costs
milliseconds (cold memory), a bisect microseconds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Intervals(Generic[T]):
    """Items with a [start, end) range. `key(item)` is a tuple that starts with (start, end) and orders items
    completely (a tie-breaker such as an id follows)."""

    def __init__(self, key: Callable[[T], tuple[Any, ...]], items: Iterable[T] = ()) -> None:
        self._key = key
        pairs = sorted(((key(item), item) for item in items), key=lambda pair: pair[0])
        self._keys: list[tuple[Any, ...]] = [k for k, _ in pairs]
        self._items: list[T] = [item for _, item in pairs]
        self._reach = max((k[1] - k[0] for k in self._keys), default=0)
        """The longest range: no item starting further back than this before a range can overlap it."""

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def add(self, item: T) -> None:
        key = self._key(item)
        i = bisect_right(self._keys, key)
        self._keys.insert(i, key)
        self._items.insert(i, item)
        self._reach = max(self._reach, key[1] - key[0])

    def remove(self, item: T) -> None:
        """Remove `item` (the same object, or an equal one); KeyError when it is not there."""
        key = self._key(item)
        i = bisect_left(self._keys, key)
        while i < len(self._keys) and self._keys[i] == key:
            if self._items[i] is item or self._items[i] == item:
                del self._keys[i], self._items[i]
                return
            i += 1
        raise KeyError(key)

    def without(self, gone: Callable[[T], bool]) -> Intervals[T]:
        """A copy without the items for which `gone` is true (in order: nothing is sorted again)."""
        kept = object.__new__(Intervals)
        kept._key, kept._reach = self._key, self._reach
        pairs = [(key, item) for key, item in zip(self._keys, self._items, strict=True) if not gone(item)]
        kept._keys, kept._items = [key for key, _ in pairs], [item for _, item in pairs]
        return kept

    def next_start(self, offset: int, direction: int) -> int | None:
        """The first start after `offset` (direction > 0) or the last one before it (direction < 0), if any."""
        if direction > 0:
            i = bisect_right(self._keys, (offset, float("inf")))
            return self._keys[i][0] if i < len(self._keys) else None
        i = bisect_left(self._keys, (offset,)) - 1
        return self._keys[i][0] if i >= 0 else None

    def overlapping(self, start: int, end: int) -> list[T]:
        """The items whose range overlaps [start, end), in key order."""
        low = bisect_left(self._keys, (start - self._reach,))
        high = bisect_left(self._keys, (end,))
        return [item for key, item in zip(self._keys[low:high], self._items[low:high], strict=True) if key[1] > start]
