"""Which language a line is in: the share of Hangul among its letters (field notes §2: 99.75% on news lines)."""

from typing import Literal

Lang = Literal["ko", "en"]

_HANGUL_SHARE = 0.3
# Letters are counted on UTF-8 bytes, where one translate marks every letter of a text: a Hangul syllable
# (U+AC00–U+D7A3) is three bytes led by 0xEA–0xED, an ASCII letter a single byte.
_HANGUL_LEADS = bytes(range(0xEA, 0xEE))
_ASCII_LETTERS = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))
_ALL_BUT_LEAD_BYTES = bytes(b for b in range(256) if b < 0xC0)
# Each Hangul lead becomes `h`, each ASCII letter `l`, line ends stay, the rest goes.
_MARK_LETTERS = bytes.maketrans(_HANGUL_LEADS + _ASCII_LETTERS, b"h" * len(_HANGUL_LEADS) + b"l" * len(_ASCII_LETTERS))
_NOT_MARKED = bytes(b for b in range(256) if b not in _HANGUL_LEADS + _ASCII_LETTERS + b"\n")
_HANGUL_MARK, _LATIN_MARK = ord("h"), ord("l")
"""As ints for `in`: `bytes.__contains__` tries its argument as an int first, raising and catching an error for a
bytes one."""


def hangul_share_of_non_ascii(utf8: bytes) -> float:
    """Which part of the non-ASCII characters of a UTF-8 text are Hangul syllables (0 when there are none).

    A legacy-encoded file decoded with the right codec is mostly Hangul beyond ASCII; with a wrong one, mostly
    Hanja or symbols. Counted on UTF-8 lead bytes (one per non-ASCII character)."""
    leads = utf8.translate(_MARK_LETTERS, _ALL_BUT_LEAD_BYTES)
    return leads.count(b"h") / len(leads) if leads else 0.0


def detect_languages(lines: list[str], utf8: bytes) -> list[Lang | None]:
    """The language of each line: `ko` when at least 30% of its letters (Hangul and Latin) are Hangul, `en` when
    there are Latin letters, else None (digits, punctuation, other scripts only).

    `utf8` is the text the lines were split from (on `\\n`), in UTF-8 (stripping a line changes none of its
    letters)."""
    marks = utf8.translate(_MARK_LETTERS, _NOT_MARKED).split(b"\n")
    return [
        # Letters of one kind only decide the line without counting.
        ("en" if _HANGUL_MARK not in letters else "ko" if _LATIN_MARK not in letters
         or letters.count(b"h") >= _HANGUL_SHARE * len(letters) else "en") if letters
        else _without_letters(line) if line else None
        for line, letters in zip(lines, marks, strict=True)
    ]


def _without_letters(line: str) -> Lang | None:
    # Hanja-only lines (北韓) occur in Korean papers; digits and punctuation alone are no language.
    return "ko" if any(ch.isalpha() for ch in line) else None
