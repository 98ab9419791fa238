"""Bytes from whatever file a user has → one clean NFC string with `\\n` line ends.

News text reaches us as UTF-8 (with or without BOM), UTF-16 with BOM, or CP949/EUC-KR, with CRLF, CR or LF line
ends, and sometimes NFD Hangul (text that passed through macOS). Every offset Tandem stores is a code point in the
text this module returns, so everything that shifts offsets is settled here, once.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import charset_normalizer
import regex

from tandem.reader.errors import InputError
from tandem.reader.text.language import hangul_share_of_non_ascii

MAX_BYTES = 10 * 1024 * 1024
"""A news article is tens of kilobytes; anything past this is not one, and would stall the reader."""

_MAX_BAD_UTF8_BYTES = 100
"""UTF-8 with at most this many undecodable bytes (and 1%) is a damaged UTF-8 file, not another encoding."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_REPLACEMENTS = {
    **dict.fromkeys("\ufeff\u200b\u200c\u2060", ""),
    **dict.fromkeys("\u00a0\u2007\u202f\u3000", " "),
    **dict.fromkeys("\u2028\u2029\x85\x0b\x0c", "\n"),
}
"""Characters that change offsets or widths without changing what a reader sees (no replacement makes another)."""
_STRAY_JOINER = regex.compile("(?<!\\p{Extended_Pictographic}[\ufe0f\U0001f3fb-\U0001f3ff]?)\u200d"
                              "|\u200d(?!\\p{Extended_Pictographic})")
"""A zero-width joiner outside an emoji sequence (👩‍💻 keeps its joiner: without it the sequence falls apart
into two pictures, and offsets shift against the source)."""
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")  # not U+0085 (NEL): a line end
_ALL_BUT_CONTROL_BYTES = bytes(b for b in range(256) if not (b <= 0x08 or 0x0E <= b <= 0x1F or b == 0x7F))
_BINARY_SAMPLE = 20000


@dataclass(frozen=True)
class DecodedText:
    """A file's text, ready to parse: NFC, `\\n` line ends, no invisible characters."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    known_utf8: bytes | None = None
    """`text` in UTF-8 when decoding had it at hand (the file's own bytes, or the CP949 check's encoding)."""

    def utf8(self) -> bytes:
        """`text` in UTF-8 (what the parser counts each line's letters on)."""
        return self.known_utf8 if self.known_utf8 is not None else self.text.encode()


Decoded = tuple[str, str, list[str], bytes | None]
"""A file's text as decoded (not yet normalized), its encoding, warnings, and the text in UTF-8 if at hand."""


def read_file(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of one article file and its stat (a listing's cache stamp), or InputError saying what is wrong.

    The file is opened first and its size taken with fstat: one path lookup, not a stat and then an open (a cold
    listing reads every file of the workspace). A file that changes after the fstat is stamped as older than its
    bytes, so the next listing reads it again."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO named *.txt must not hang the open
    except OSError as exc:
        _explain_unopenable(path, exc)
    try:
        info = os.fstat(fd)
        _check_size(path, info)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file (a FIFO, socket or device), so not read")
        return _read_fd(fd, info.st_size), info
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _explain_unopenable(path: Path, error: OSError) -> NoReturn:
    """Why a file cannot be opened, as a stat sees it first (missing, a directory, too large), else `error`."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    _check_size(path, info)
    raise InputError(f"{path}: cannot read ({error.strerror or error})") from None


def _check_size(path: Path, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory, expected an article file")
    size = info.st_size
    if size > MAX_BYTES:
        limit = MAX_BYTES // 1048576
        raise InputError(f"{path}: {size / 1048576:.1f} MB is too large for an article (limit {limit} MB)")


def _read_fd(fd: int, size: int) -> bytes:
    """The whole file, expected to be `size` bytes, with plain os.read: the buffered file object Path.read_bytes
    builds would cost more than the read itself."""
    data = os.read(fd, size + 1)
    if len(data) != size:  # it changed since `size` was taken, or the system returned less: read to the end
        chunks = [data]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 16))
        data = b"".join(chunks)
    return data


def decode_bytes(data: bytes, where: str) -> DecodedText:
    """Decode `data` (named `where` in messages) by BOM, then UTF-8, then detection; normalize the result."""
    if not data.strip():
        raise InputError(f"{where}: empty file")
    decoded, encoding, warnings, utf8 = _decode(data, where)
    text = normalize(decoded)
    if not text.strip():
        raise InputError(f"{where}: empty file (only invisible characters)")
    return DecodedText(text, encoding, warnings, utf8 if text == decoded else None)


def normalize(text: str) -> str:
    """NFC, `\\n` line ends, plain spaces, no zero-width characters (but the joiner inside an emoji sequence): the
    form all offsets count in."""
    if "\r" in text:  # CRLF or CR line ends
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for odd, replacement in _REPLACEMENTS.items():
        if odd in text:
            text = text.replace(odd, replacement)
    if "\u200d" in text:
        text = _STRAY_JOINER.sub("", text)
    return unicodedata.normalize("NFC", text)


def _decode(data: bytes, where: str) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"{where}: starts with a {codec} byte-order mark but is not {codec} "
                                 f"(byte {exc.start})") from None
            sample = text[:_BINARY_SAMPLE]
            if _too_many_controls(len(_CONTROL.findall(sample)), len(sample)):
                raise InputError(f"{where}: binary file, not text (control characters)")
            return text, codec.removesuffix("-sig") + " (BOM)", [], None
    if b"\x00" in data:
        raise InputError(f"{where}: binary file, not text (NUL bytes and no UTF-16 byte-order mark)")
    if _has_many_controls(data):
        raise InputError(f"{where}: binary file, not text (control characters)")
    try:
        return data.decode("utf-8"), "utf-8", [], data
    except UnicodeDecodeError:
        pass
    # CP949 first: a file that decodes strictly to mostly Hangul in it is never damaged UTF-8.
    korean = _as_korean_legacy(data)
    if korean is not None:
        return korean[0], "cp949", [], korean[1]
    damaged = _damaged_utf8(data, where)
    if damaged is not None:
        return damaged
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(f"{where}: not text in any known encoding (tried UTF-8, UTF-16, CP949/EUC-KR)")
    return str(best), best.encoding, [], None


def _damaged_utf8(data: bytes, where: str) -> Decoded | None:
    """Mostly-valid UTF-8 with a few broken bytes: decode with U+FFFD and say where the damage is."""
    limit = min(_MAX_BAD_UTF8_BYTES, max(3, len(data) // 100))
    if data.decode("utf-8", errors="replace").count("\ufffd") > limit:
        return None  # far too many bad sequences (a legacy encoding): no need to find each one
    bad: list[int] = []
    view, pos = memoryview(data), 0
    while True:
        try:
            codecs.utf_8_decode(view[pos:], "strict", True)
            break
        except UnicodeDecodeError as exc:
            bad.append(pos + exc.start)
            pos += exc.end
            if len(bad) > limit:
                return None
    # A handful of bad bytes in a file with no valid multi-byte text is more likely a legacy encoding.
    if not any(b >= 0xC2 for b in data if b >= 0x80):
        return None
    lines = sorted({data.count(b"\n", 0, offset) + 1 for offset in bad})
    shown = ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")
    warning = (f"{where}: {len(bad)} undecodable byte(s) replaced with U+FFFD on line(s) {shown}; "
               "check those lines against the original")
    return data.decode("utf-8", errors="replace"), "utf-8 (damaged)", [warning], None


def _as_korean_legacy(data: bytes) -> tuple[str, bytes] | None:
    """CP949 (a superset of EUC-KR) when it decodes strictly to mostly Hangul: the text, and the text in UTF-8.

    Generic detectors misname short Korean text (Big5, for a headline); for Korean news, CP949 is the likely
    legacy encoding, so it is tried first and kept only when the result reads as Korean."""
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    utf8 = text.encode()
    return (text, utf8) if hangul_share_of_non_ascii(utf8) >= 0.6 else None


def _has_many_controls(data: bytes) -> bool:
    """Control bytes (other than tab, newlines and form feed) mark a binary file, whatever decodes it.

    Checked on the bytes for every encoding but UTF-16/32, whose text has none unless it is binary:
    there the BOM path decodes first and `_CONTROL` checks the text."""
    sample = data[:_BINARY_SAMPLE]
    return _too_many_controls(len(sample.translate(None, _ALL_BUT_CONTROL_BYTES)), len(sample))


def _too_many_controls(controls: int, sample_length: int) -> bool:
    return controls > max(2, sample_length // 200)
