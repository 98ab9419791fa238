"""Atomic output: an export is written beside its destination and moved into place only when it is complete.

A file goes through `annotations.storage.atomic_writer` (temp file, fsync, rename), unless `--out` names a FIFO
or a device, which is written through. A folder (brat) is built as a
hidden temp folder and renamed into place; an older export there is swapped out and removed only afterwards.
A folder that is not an earlier export of the same kind is never deleted: the export refuses instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from tandem.annotations.errors import ExportError
from tandem.annotations.storage import TMP_SUFFIX, atomic_writer, fsync_dir


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


def check_parent(out: Path) -> None:
    """The folder `out` goes into must exist (an export creates no folders) and be a folder."""
    parent = out.parent
    if not parent.exists():
        raise ExportError("the folder to write into does not exist", parent)
    if not parent.is_dir():
        raise ExportError("is not a folder, so nothing can be written under it", parent)


@contextlib.contextmanager
def file_writer(out: Path) -> Iterator[BinaryIO]:
    """Where a single-file export writes. A regular file (or a new one) is replaced atomically; a symlink's target
    is replaced in its place, so the link stays a link; a FIFO or a device (`/dev/stdout`) is written through, since
    replacing it would put a regular file where a special one was."""
    target = out.resolve() if out.is_symlink() else out
    if target.exists() and not target.is_file():
        with open(target, "wb") as f:
            yield f
        return
    clean_stale_temps(target)
    with atomic_writer(target) as f:
        yield f


def clean_stale_temps(out: Path) -> int:
    """Remove the temp files of killed exports beside `out` (their names carry the pid of a process that is gone);
    a running export's temp file is left alone. Returns how many were removed."""
    removed = 0
    for stale in out.parent.glob(f".{glob.escape(out.name)}.*{TMP_SUFFIX}"):
        pid = stale.name.removeprefix(f".{out.name}.").split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
                removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
