"""Which language a line is in: the share of Hangul among its letters (field notes §2: 99.75% on news lines)."""

from typing import Literal

Lang = Literal["ko", "en"]

_HANGUL_SHARE = 0.3


def is_hangul(ch: str) -> bool:
    """Hangul syllables and jamo (compatibility jamo included)."""
    o = ord(ch)
    return 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F


def detect_language(text: str) -> Lang | None:
    """`ko` when at least 30% of the letters are Hangul, `en` when there are letters at all, else None."""
    letters = hangul = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if is_hangul(ch):
                hangul += 1
    if not letters:
        return None
    return "ko" if hangul >= _HANGUL_SHARE * letters else "en"
