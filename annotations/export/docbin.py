"""spaCy's DocBin file (`.spacy`, spaCy 3.x), written from token and span lists without building Docs.

Making a Doc, its Spans and its SpanGroup per unit for `DocBin` to take apart again was most of the spaCy export's
time, and DocBin keeps every token array until it writes them all at once (over a gigabyte at a million
annotations). Here each unit's columns are encoded directly and appended to temporary files, one per column; at
the end the message `DocBin.to_bytes` would write (same keys, same msgpack encoding, zlib) is streamed from
them, so memory holds only the vocabulary (words and labels seen, with their ids), however many annotations.
`DocBin().from_bytes(...).get_docs(vocab)` reads it as its own.

Token columns are ORTH, ENT_IOB, ENT_TYPE and ENT_ID (what `doc.ents = ...` sets: B=3, I=1, O=2), values being
spaCy's string ids (`StringStore[str]`: symbols such as PERSON keep their fixed ids). The string table holds every
word, label and span id, in order of first use.
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
        self._pack = self._packer.pack
        self._known: dict[str, int] = {}  # words and labels written to the string table, with their ids
        self._files = contextlib.ExitStack()
        self._columns = {
            key: self._files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (the ExitStack closes them)
            for key in ("tokens", "spaces", "strings", "span_groups", "user_data")
        }
        self._lengths: list[int] = []
        self._strings = 0

    def __enter__(self) -> DocBinWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._files.close()

    def _add_strings(self, strings: list[str]) -> list[int]:
        """Add `strings` to the string table (DocBin reads it into a set, so order and repeats do not matter; the
        order of first use is stable whatever the hash seed); their ids."""
        self._columns["strings"].write(b"".join(map(self._pack, strings)))
        self._strings += len(strings)
        return list(map(self._ids.__getitem__, strings))

    def _ids_of(self, strings: list[str]) -> list[int]:
        """The ids of `strings`, which repeat (words, labels): each is added to the table once."""
        new = sorted(set(strings).difference(self._known))
        self._known.update(zip(new, self._add_strings(new), strict=True))
        return list(map(self._known.__getitem__, strings))

    def add(
        self, words: list[str], spaces: list[bool], ents: Sequence[DocSpan], spans: Sequence[DocSpan], user_data: Any
    ) -> None:
        """One Doc: its words and trailing-space flags, the `sc` span group, `doc.ents` (some of `spans`, in order,
        not overlapping) and `doc.user_data`."""
        pack = self._pack
        group = pack({"name": SPAN_KEY, "attrs": {}, "spans": [
            _SPAN.pack(span_id, 0, label, s.start, s.end, s.start_char, s.end_char)
            for s, span_id, label in zip(
                spans, self._add_strings([s.id for s in spans]), self._ids_of([s.label for s in spans]), strict=True
            )
        ]})  # fmt: skip
        n = len(words)
        iob, types, ids = [ENT_O] * n, [0] * n, [0] * n
        for e, label in zip(ents, self._ids_of([e.label for e in ents]), strict=True):
            iob[e.start : e.end] = [ENT_B] + [ENT_I] * (e.end - e.start - 1)
            types[e.start : e.end] = [label] * (e.end - e.start)
            ids[e.start : e.end] = [self._ids[e.id]] * (e.end - e.start)  # in the table as a span's id
        array = self._numpy.array([self._ids_of(words), iob, types, ids], dtype=self._numpy.uint64).T
        self._columns["tokens"].write(array.tobytes("C"))
        self._columns["spaces"].write(bytes(spaces))
        self._lengths.append(n)
        self._write_bin("span_groups", pack({group: [SPAN_KEY]}))
        self._write_bin("user_data", pack(user_data))

    def _write_bin(self, column: str, data: bytes) -> None:
        self._columns[column].write(_bin_header(len(data)) + data)

    def write(self, target: BinaryIO) -> None:
        """The DocBin message, zlib level 1 (level 6 alone took ~8 s at a million annotations)."""
        header, pack, docs = self._packer, self._pack, len(self._lengths)
        compressor = zlib.compressobj(1)

        def put(data: bytes) -> None:
            target.write(compressor.compress(data))

        def put_column(column: str, items: int | None = None) -> None:
            """A column as one binary value, or (given how many) as an array of the values it holds."""
            f = self._columns[column]
            put(_bin_header(f.tell()) if items is None else header.pack_array_header(items))
            f.seek(0)
            while chunk := f.read(_CHUNK):
                put(chunk)

        put(header.pack_map_header(10))
        put(pack("version") + pack(self._template.version) + pack("attrs") + pack(self._template.attrs))
        put(pack("tokens"))
        put_column("tokens")
        put(pack("spaces"))
        put_column("spaces")
        put(pack("lengths") + pack(self._numpy.asarray(self._lengths, dtype="int32").tobytes("C")))
        put(pack("strings"))
        put_column("strings", self._strings)
        put(pack("cats") + pack([{}] * docs) + pack("flags") + pack([{"has_unknown_spaces": False}] * docs))
        put(pack("span_groups"))
        put_column("span_groups", docs)
        put(pack("user_data"))
        put_column("user_data", docs)
        target.write(compressor.flush())
