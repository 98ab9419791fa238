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
    """`step(*args)`, or the InputError it raised: for work done in batches, where each item keeps its own error.

    The error is kept without its traceback: only its message is ever shown, and the traceback's frames would keep
    the file's bytes and text alive (through a reference cycle, once the error is raised again) until the cyclic
    collector runs, which a listing pauses."""
    try:
        return step(*args)
    except InputError as exc:
        return exc.with_traceback(None)
