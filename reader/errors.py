"""The one exception type the reading side raises for bad input.

The CLI turns it into a single line on stderr and exit code 2, so its message must say what went wrong and where
(usually the file path) without a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class InputError(Exception):
    """Bad input the user can fix: a wrong, empty, binary or missing file, a bad option."""


def attempt(step: Callable[..., T], *args: Any) -> T | InputError:
    """`step(*args)`, or the InputError it raised: for work done in batches, where each item keeps its own error."""
    try:
        return step(*args)
    except InputError as exc:
        return exc
