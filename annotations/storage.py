"""Durable files under TinyDB: an atomic JSON snapshot storage and an fsynced append-only journal.

Stock `JSONStorage` rewrites its file in place, so a kill mid-write leaves it unreadable (field notes §4). Here a
snapshot is written to a temp file beside it, fsynced, renamed over the old one and the directory fsynced: a reader
sees the old file or the new one, never half of either. Saves do not rewrite snapshots at all: each change is one
fsynced line appended to a journal, which costs the same however big the store is. Locking is the caller's job
(see store.py); these functions assume the caller holds the file's lock.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from annotations.errors import StoreError

TMP_SUFFIX = ".tmp"


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in `directory` survive a power cut."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path(path: Path) -> Path:
    """A unique hidden temp name beside `path`, recognisable by `clean_temp_files`."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")


def clean_temp_files(path: Path) -> int:
    """Remove temp files a killed writer left beside `path`; call it holding `path`'s lock. Returns how many."""
    removed = 0
    for stale in path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
            removed += 1
    return removed


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[Any]:
    """Yield a binary file; on a clean exit it replaces `path` durably, on an error `path` is untouched."""
    tmp = temp_path(path)
    try:
        with open(tmp, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once (temp file, fsync, rename, directory fsync)."""
    with atomic_writer(path) as f:
        f.write(data)


def read_json_file(path: Path) -> Any:
    """Parse a JSON file, or None when it does not exist; a broken file raises StoreError naming it."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise StoreError(f"cannot read: {e.strerror}", path) from e
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise StoreError(f"not valid JSON ({e}); the file was left untouched", path) from e


class DurableJSONStorage(Storage):
    """A TinyDB storage whose writes are atomic and durable; the file stays readable by stock TinyDB."""

    def __init__(self, path: str | os.PathLike[str], **_: Any) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database, or None for a missing file (TinyDB then starts empty)."""
        data = read_json_file(self.path)
        if data is not None and not isinstance(data, dict):
            raise StoreError("not a TinyDB file (top level is not an object)", self.path)
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file atomically; a crash leaves the previous version."""
        atomic_write_bytes(self.path, orjson.dumps(data, option=orjson.OPT_SORT_KEYS))

    def close(self) -> None:
        """Nothing stays open between calls."""


class Journal:
    """An append-only file of JSON lines, one per change, each fsynced before `append` returns.

    The first line is a header `{"gen": ...}` naming the snapshot generation the journal applies to, so a process
    can tell that another one compacted it. A kill can leave a partial last line: readers ignore it and the next
    writer cuts it off. Any other bad line is corruption and raises StoreError without touching the file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def read_from(self, offset: int, gen: str) -> tuple[str | None, list[Any], int]:
        """(header generation, entries from `offset`, offset just past the last complete line).

        Entries are read only when the header names generation `gen`: after another process compacted, the
        caller's offset points into a different file and means nothing."""
        try:
            with open(self.path, "rb") as f:
                header_line = f.readline()
                header = self._parse(header_line, 0, last=not header_line.endswith(b"\n"))
                if header is None:
                    return None, [], 0
                if not isinstance(header, dict) or "gen" not in header:
                    raise StoreError("journal does not start with a generation header", self.path)
                if header["gen"] != gen:
                    return header["gen"], [], 0
                offset = max(offset, len(header_line))
                f.seek(offset)
                entries = []
                for line in f:
                    entry = self._parse(line, offset, last=not line.endswith(b"\n"))
                    if entry is None:  # a torn last line, written by a process killed mid-append
                        break
                    entries.append(entry)
                    offset += len(line)
                return gen, entries, offset
        except FileNotFoundError:
            return None, [], 0

    def _parse(self, line: bytes, offset: int, last: bool) -> Any:
        if last:
            return None
        try:
            return orjson.loads(line)
        except orjson.JSONDecodeError as e:
            raise StoreError(f"malformed journal line at byte {offset}; the file was left untouched", self.path) from e

    def append(self, entry: Any, end: int) -> int:
        """Write `entry` at byte `end` (cutting off any torn tail), fsync, and return the new end offset."""
        line = orjson.dumps(entry) + b"\n"
        fd = os.open(self.path, os.O_WRONLY)
        try:
            if os.fstat(fd).st_size != end:
                os.ftruncate(fd, end)
            os.pwrite(fd, line, end)
            os.fsync(fd)
        finally:
            os.close(fd)
        return end + len(line)

    def reset(self, gen: str) -> int:
        """Atomically replace the journal by a bare header for generation `gen`; returns the header's length."""
        header = orjson.dumps({"gen": gen}) + b"\n"
        atomic_write_bytes(self.path, header)
        return len(header)
