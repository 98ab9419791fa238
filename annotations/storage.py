"""Durable files under TinyDB: an atomic JSON snapshot storage and an fsynced append-only journal.

Stock `JSONStorage` rewrites its file in place, so a kill mid-write leaves it unreadable (field notes §4). Here a
snapshot is written to a temp file beside it, fsynced, renamed over the old one and the directory fsynced: a reader
sees the old file or the new one, never half of either. Saves do not rewrite snapshots at all: each change is one
fsynced line appended to a journal, which costs the same however big the store is. Locking is the caller's job
(`ArticleFile` holds it); the functions above it assume the caller holds the file's lock.

One annotator's file pair for one article::

    <annotator>/<article>.json           TinyDB snapshot: tables _meta, spans, relations, rejections, pending, status
    <annotator>/<article>.journal.jsonl  header {"gen": ...}, then one fsynced line per change
"""

from __future__ import annotations

import contextlib
import os
import secrets
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage

from tandem.annotations.errors import StoreError, StoreWarning
from tandem.annotations.model import new_id
from tandem.annotations.state import ArticleState, Op
from tandem.annotations.validation import CHECKS, check_entry

TMP_SUFFIX = ".tmp"
SNAPSHOT_SUFFIX = ".json"
JOURNAL_SUFFIX = ".journal.jsonl"
LOCK_TIMEOUT = 30  # seconds to wait for another process's save or compaction before giving up


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
                if not isinstance(header, dict) or not isinstance(header.get("gen"), str):
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
                    try:
                        check_entry(entry)
                    except ValueError as e:
                        raise StoreError(f"journal line at byte {offset}: {e}; the file was left untouched",
                                         self.path) from e
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

    def has_entries(self) -> bool:
        """True when the journal holds anything after its header line."""
        with open(self.path, "rb") as f:
            f.readline()
            return bool(f.read(1))

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


def file_name(name: str) -> str:
    """A reversible, portable file name for an annotator or article id (percent-encoding, no leading dot)."""
    if not name:
        raise ValueError("empty name")
    encoded = quote(name, safe="-_.")
    return "%2E" + encoded[1:] if encoded.startswith(".") else encoded



class ArticleFile:
    """One annotator's snapshot + journal for one article, kept in step with other processes under a lock."""

    def __init__(self, directory: Path, article_id: str) -> None:
        base = file_name(article_id)
        self.snapshot = directory / f"{base}{SNAPSHOT_SUFFIX}"
        self.journal = Journal(directory / f"{base}{JOURNAL_SUFFIX}")
        self.lock = FileLock(directory / f".{base}.lock", timeout=LOCK_TIMEOUT)
        self.directory = directory
        self.state = ArticleState()
        self.gen: str | None = None  # generation of the snapshot `state` was built on; None: not read yet
        self.offset = 0  # journal bytes already applied to `state`
        self.pending = 0  # journal entries not yet folded into the snapshot
        self.synced: tuple[object, ...] | None = None  # the files' stamps when `state` last matched them

    def _read_snapshot(self) -> tuple[str, str | None, ArticleState]:
        """(generation, the generation it was compacted from, state); every record is checked first."""
        with TinyDB(self.snapshot, storage=DurableJSONStorage) as db:
            data = db.storage.read()
        if data is None:
            return "", None, ArticleState()
        tables: dict[str, list[dict[str, Any]]] = {}
        for name, check in (("_meta", _check_meta), *((t, CHECKS[kind]) for t, kind in _SNAPSHOT_TABLES.items())):
            table = data.get(name, {})
            if not isinstance(table, dict):
                raise StoreError(f"table {name!r} is not an object; the file was left untouched", self.snapshot)
            for doc_id, record in table.items():
                try:
                    check(record)
                except ValueError as e:
                    raise StoreError(f"{name} record {doc_id}: {e}; the file was left untouched", self.snapshot) from e
            tables[name] = list(table.values())
        if len(tables["_meta"]) != 1 or len(tables["status"]) > 1:
            raise StoreError("not a Tandem snapshot (one _meta record and at most one status expected); the file "
                             "was left untouched", self.snapshot)  # fmt: skip
        (meta,) = tables["_meta"]
        state = ArticleState(
            spans={d["id"]: d for d in tables["spans"]},
            relations={d["id"]: d for d in tables["relations"]},
            status=tables["status"][0] if tables["status"] else None,
            rejections={d["key"]: d for d in tables["rejections"]},
            pending={d["key"]: d for d in tables["pending"]},
        )
        return meta["gen"], meta.get("from"), state

    def sync(self) -> None:
        """Bring `state` up to date with the files; call holding the lock."""
        gen, entries, end = self.journal.read_from(self.offset, self.gen) if self.gen is not None else (None, [], 0)
        if self.gen is None or gen != self.gen:
            snap_gen, folded_gen, self.state = self._read_snapshot()
            gen, entries, end = self.journal.read_from(0, snap_gen)
            if gen is not None and gen != snap_gen and snap_gen == "":
                raise StoreError(f"journal belongs to snapshot generation {gen}, which is missing", self.journal.path)
            if gen is not None and gen != snap_gen and gen != folded_gen and self.journal.has_entries():
                self._set_aside_journal(gen)
            # Otherwise a journal of another generation was left by a compaction that died after replacing the
            # snapshot: it is already folded in, and the next commit replaces it (end 0: no journal of ours yet).
            self.gen, self.pending = snap_gen, 0
        for entry in entries:
            self.state.apply(entry["ops"])
        self.pending += len(entries)
        self.offset = end

    def _set_aside_journal(self, gen: str) -> None:
        """Keep a journal that belongs to another snapshot (one restored from git or a backup without its journal):
        its changes are not in this snapshot, and the next save would replace it. Renamed, never rewritten."""
        kept = self.journal.path.with_name(f"{self.journal.path.name}.other-generation-{gen[:40]}")
        kept = next(p for n in range(1000) if not (p := kept.with_name(kept.name + (f".{n}" if n else ""))).exists())
        os.replace(self.journal.path, kept)
        fsync_dir(self.directory)
        warnings.warn(StoreWarning(f"{self.journal.path}: journal of another snapshot generation ({gen}) than "
                                   f"{self.snapshot}; its changes were not applied and it was kept as {kept}"),
                      stacklevel=2)  # fmt: skip

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold this file's lock (one writer at a time across processes); OS errors become StoreError."""
        try:
            with self.lock:
                yield
        except Timeout as e:
            raise StoreError(f"another process has held the lock for {LOCK_TIMEOUT} s", Path(e.lock_file)) from e
        except OSError as e:
            raise StoreError(f"cannot write: {e.strerror}", Path(e.filename or self.journal.path)) from e

    def commit(self, ops: list[Op]) -> list[Op]:
        """Persist one change durably and apply it; returns the ops that undo it (computed under the lock)."""
        with self.locked():
            self.sync()
            inverse = [[kind, key, self.state.get(kind, key)] for kind, key, _ in reversed(ops)]
            if self.offset == 0:
                self.offset = self.journal.reset(self.gen or "")
            self.offset = self.journal.append({"ops": ops}, self.offset)
            self.state.apply(ops)
            self.pending += 1
            self._mark_synced()
        return inverse

    def compact(self, ops: list[Op] | None = None, force: bool = False) -> None:
        """Fold the journal (and `ops`, if given) into a fresh snapshot; cleans temp files a crash left behind."""
        with self.locked():
            clean_temp_files(self.snapshot)
            clean_temp_files(self.journal.path)
            self.sync()
            if ops:
                self.state.apply(ops)
            if not (ops or force or self.pending):
                return
            gen = new_id()
            write_snapshot(self.snapshot, self.state, gen, self.gen)
            self.offset = self.journal.reset(gen)
            self.gen, self.pending = gen, 0
            self._mark_synced()

    def read(self) -> ArticleState:
        """A consistent, current view of the files. The reader reads at every key, so the lock is not taken
        while neither file has changed since `state` last matched them."""
        if self.synced is not None and self._stamps() == self.synced:
            return self.state
        with self.locked():
            self.sync()
            self._mark_synced()
        return self.state

    def _stamps(self) -> tuple[object, ...]:
        return _stamp(self.snapshot), _stamp(self.journal.path)

    def _mark_synced(self) -> None:
        """Remember the files as `state` now matches them (call holding the lock). Any other writer changes a
        stamp: an append grows the journal, a compaction replaces both files. A journal with a torn tail (a
        writer killed mid-line) is not remembered, since the next append cuts the tail before writing."""
        stamps = self._stamps()
        journal = stamps[1]
        self.synced = stamps if (journal[1] if journal else 0) == self.offset else None


_SNAPSHOT_TABLES = {"spans": "span", "relations": "relation", "rejections": "rejection", "pending": "pending",
                    "status": "status"}  # fmt: skip
"""Snapshot table -> the kind of record it holds."""


def _check_meta(record: Any) -> None:
    if not isinstance(record, dict) or not isinstance(record.get("gen"), str):
        raise ValueError('no text "gen"')
    if not isinstance(record.get("from", ""), str):
        raise ValueError('"from" is not text')


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, modification time) of a file, None when it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def write_snapshot(path: Path, state: ArticleState, gen: str, folded_gen: str | None = None) -> None:
    """Write `state` as a TinyDB database in one atomic write (table by table would not be atomic).

    `folded_gen` is the generation whose journal this snapshot folds in: a journal still naming it after a crash
    between the two writes is known to be in here, any other generation's journal is not."""

    def table(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {str(i): r for i, r in enumerate(records, 1)}

    spans = sorted(state.spans.values(), key=lambda s: (s["side"], s["start"], s["end"], s["id"]))
    data = {
        "_meta": table([{"gen": gen} | ({"from": folded_gen} if folded_gen is not None else {})]),
        "spans": table(spans),
        "relations": table(sorted(state.relations.values(), key=lambda r: r["id"])),
        "rejections": table(sorted(state.rejections.values(), key=lambda r: r["key"])),
        "pending": table(sorted(state.pending.values(), key=lambda r: r["key"])),
        "status": table([state.status] if state.status else []),
    }
    DurableJSONStorage(path).write(data)
