"""Atomic output: an export is written beside its destination and moved into place only when it is complete.

A file goes through `annotations.storage.atomic_writer` (temp file, fsync, rename). A folder (brat) is built as a
hidden temp folder and renamed into place; an older export there is swapped out and removed only afterwards.
A folder that is not an earlier export of the same kind is never deleted: the export refuses instead.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from annotations.errors import ExportError
from annotations.storage import TMP_SUFFIX, fsync_dir


def _temp_sibling(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")


@contextlib.contextmanager
def atomic_folder(out: Path, is_ours: Callable[[Path], bool]) -> Iterator[Path]:
    """Yield an empty temp folder; on a clean exit it replaces `out` (which must be absent, empty, or ours)."""
    if out.exists() and not out.is_dir():
        raise ExportError("exists and is not a folder", out)
    if out.is_dir() and any(out.iterdir()) and not is_ours(out):
        raise ExportError("is a folder that holds something other than an earlier export; choose another", out)
    tmp = _temp_sibling(out)
    tmp.mkdir()
    try:
        yield tmp
        old = None
        if out.exists():
            old = _temp_sibling(out)
            os.replace(out, old)
        os.replace(tmp, out)
        fsync_dir(out.parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def check_file_destination(out: Path) -> None:
    """A single-file export may replace a file, never a folder."""
    if out.is_dir():
        raise ExportError("is a folder; this format writes a single file", out)
