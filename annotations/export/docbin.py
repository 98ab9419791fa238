"""spaCy's DocBin file (`.spacy`, spaCy 3.x), written from token and span lists without building Docs.

Making a Doc, its Spans and its SpanGroup per unit for `DocBin` to take apart again was most of the spaCy export's
time, and DocBin keeps every token array until it writes them all at once (over a gigabyte at a million
annotations). Here each unit's columns are encoded directly and appended to temporary files, one per column; at
the end the message `DocBin.to_bytes` would write (same keys, same msgpack encoding, zlib) is streamed from
them, so memory holds only the string table. `DocBin().from_bytes(...).get_docs(vocab)` reads it as its own.

Token columns are ORTH, ENT_IOB, ENT_TYPE and ENT_ID (what `doc.ents = ...` sets: B=3, I=1, O=2), values being
spaCy's string ids (`StringStore[str]`: symbols such as PERSON keep their fixed ids). The string table, written
sorted so the bytes do not depend on the hash seed, holds every word, label and span id.
"""

from __future__ import annotations

import contextlib
import struct
import tempfile
import zlib
from collections.abc import Sequence
from typing import Any, BinaryIO, NamedTuple

ATTRS = ["ORTH", "ENT_IOB", "ENT_TYPE", "ENT_ID"]  # the token columns, in this order
SPAN_KEY = "sc"  # the spancat default key
ENT_B, ENT_I, ENT_O = 3, 1, 2
_SPAN = struct.Struct(">QQQllll")  # SpanGroup.to_bytes: id, kb_id, label, start, end, start_char, end_char
_CHUNK = 1 << 20


class DocSpan(NamedTuple):
    """A span as a DocBin stores it: tokens [start, end), characters [start_char, end_char), label and id."""

    start: int
    end: int
    start_char: int
    end_char: int
    label: str
    id: str


def _bin_header(size: int) -> bytes:
    """msgpack's header for `size` bytes of binary data (what `use_bin_type=True` writes for `bytes`)."""
    if size < 1 << 8:
        return b"\xc4" + size.to_bytes(1, "big")
    if size < 1 << 16:
        return b"\xc5" + size.to_bytes(2, "big")
    return b"\xc6" + size.to_bytes(4, "big")


class DocBinWriter:
    """Collects Docs as columns in temporary files (nameless: gone when the writer closes, or if the process
    dies); `write` then streams the DocBin message. A context manager."""

    def __init__(self) -> None:
        import numpy
        import spacy
        import srsly
        from spacy.tokens import DocBin

        self._numpy = numpy
        self._template = DocBin(attrs=ATTRS, store_user_data=True)  # its attr ids (ORTH first) and version
        self._ids = spacy.blank("xx").vocab.strings
        self._packer = srsly.msgpack.Packer(use_bin_type=True, autoreset=True)  # srsly makes a packer per call
        self._hashes: dict[str, int] = {}
        self._files = contextlib.ExitStack()
        self._columns = {
            key: self._files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (the ExitStack closes them)
            for key in ("tokens", "spaces", "span_groups", "user_data")
        }
        self._lengths: list[int] = []
        self.strings: set[str] = set()

    def __enter__(self) -> DocBinWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._files.close()

    def _ids_of(self, strings: list[str]) -> list[int]:
        """spaCy's ids for `strings`, which repeat (words, labels): each new one is hashed once, and kept."""
        new = set(strings).difference(self._hashes)
        if new:
            self._hashes.update((string, self._ids[string]) for string in new)
            self.strings.update(new)
        return list(map(self._hashes.__getitem__, strings))

    def _span_id(self, span_id: str) -> int:
        """spaCy's id for a span id: unique, so hashed each time rather than kept (a million of them add up)."""
        self.strings.add(span_id)
        return self._ids[span_id]

    def add(
        self, words: list[str], spaces: list[bool], ents: Sequence[DocSpan], spans: Sequence[DocSpan], user_data: Any
    ) -> None:
        """One Doc: its words and trailing-space flags, `doc.ents` (in order, not overlapping), the `sc` span group
        and `doc.user_data`."""
        n = len(words)
        orth = self._ids_of(words)
        iob, types, ids = [ENT_O] * n, [0] * n, [0] * n
        for e, label in zip(ents, self._ids_of([e.label for e in ents]), strict=True):
            iob[e.start : e.end] = [ENT_B] + [ENT_I] * (e.end - e.start - 1)
            types[e.start : e.end] = [label] * (e.end - e.start)
            ids[e.start : e.end] = [self._span_id(e.id)] * (e.end - e.start)
        array = self._numpy.array([orth, iob, types, ids], dtype=self._numpy.uint64).T
        self._columns["tokens"].write(array.tobytes("C"))
        self._columns["spaces"].write(bytes(spaces))
        self._lengths.append(n)
        pack = self._packer.pack
        group = pack({"name": SPAN_KEY, "attrs": {}, "spans": [
            _SPAN.pack(self._span_id(s.id), 0, label, s.start, s.end, s.start_char, s.end_char)
            for s, label in zip(spans, self._ids_of([s.label for s in spans]), strict=True)
        ]})  # fmt: skip
        self._write_bin("span_groups", pack({group: [SPAN_KEY]}))
        self._write_bin("user_data", pack(user_data))

    def _write_bin(self, column: str, data: bytes) -> None:
        self._columns[column].write(_bin_header(len(data)) + data)

    def write(self, target: BinaryIO) -> None:
        """The DocBin message, zlib level 1 (level 6 alone took ~8 s at a million annotations)."""
        pack, count = self._packer.pack, len(self._lengths)
        compressor = zlib.compressobj(1)

        def put(data: bytes) -> None:
            target.write(compressor.compress(data))

        def put_column(column: str, items: bool) -> None:
            """A column as one binary value, or as an array of the `count` values it holds (`items`)."""
            f = self._columns[column]
            put(self._packer.pack_array_header(count) if items else _bin_header(f.tell()))
            f.seek(0)
            while chunk := f.read(_CHUNK):
                put(chunk)

        put(self._packer.pack_map_header(10))
        put(pack("version") + pack(self._template.version) + pack("attrs") + pack(self._template.attrs))
        put(pack("tokens"))
        put_column("tokens", items=False)
        put(pack("spaces"))
        put_column("spaces", items=False)
        lengths = self._numpy.asarray(self._lengths, dtype="int32").tobytes("C")
        put(pack("lengths") + pack(lengths) + pack("strings") + pack(sorted(self.strings)))
        put(pack("cats") + pack([{}] * count) + pack("flags") + pack([{"has_unknown_spaces": False}] * count))
        put(pack("span_groups"))
        put_column("span_groups", items=True)
        put(pack("user_data"))
        put_column("user_data", items=True)
        target.write(compressor.flush())
