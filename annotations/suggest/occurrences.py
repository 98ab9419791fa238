"""Where a name occurs again in a text: whole words only, and in Korean with its particles allowed after it.

English: the match must not touch a letter or digit on either side and keeps its case (Putin, not "Putinism";
"US", not "us"). Korean: the match must start a word, and may be followed only by particles (푸틴은, 푸틴이, 푸틴의,
푸틴에게는) — never by another syllable of the word (러시아 is not in 러시아어). A name that is itself the start of
a longer known name is not matched there (김정 is not in 김정은 when 김정은 is known), since 은 is also a particle.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import regex

from tandem.annotations.particles import PARTICLES
from tandem.annotations.suggest.names_en import is_title

HANGUL = regex.compile(r"\p{Hangul}")


FOLLOWERS = ("서", "라고", "이라고", "라는", "이라는", "라며", "이라며", "란", "이란", "엔", "에선")
"""Contracted and quotative endings a name takes besides the particles (평양서, 모스크바라고)."""


@cache
def _particle_tail() -> str:
    """Up to two particles in a row (에게는, 에서도, 과의), then no further Hangul."""
    alternatives = "|".join(regex.escape(p) for p in sorted({*PARTICLES, *FOLLOWERS}, key=len, reverse=True))
    return rf"(?:(?:{alternatives}){{0,2}})(?!\p{{Hangul}})"


@cache
def _pattern(name: str, korean: bool) -> regex.Pattern[str]:
    escaped = regex.escape(name)
    if korean:
        return regex.compile(rf"(?<![\p{{L}}\p{{N}}]){escaped}(?={_particle_tail()})")
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}]){escaped}(?![\p{{L}}\p{{N}}])")


def occurrences(name: str, text: str, longer: Iterable[str] = (), side: str = "") -> Iterator[tuple[int, int]]:
    """(start, end) of each whole-word occurrence of `name` in `text` (a Korean side's text when `side` is "ko"
    or the name is Hangul: particles may follow, as in NYT는); `longer` are known names that begin with `name`
    (e.g. 김정은 for 김정): where one of them stands, `name` is not matched. In English, a match followed by another
    capitalised word is the start of a longer name and is not matched either (but see `_starts_a_longer_name`)."""
    korean = side == "ko" or bool(HANGUL.search(name))
    extensions = [other for other in longer if other != name and other.startswith(name)]
    for match in _pattern(name, korean).finditer(text):
        start, end = match.span()
        if any(text.startswith(other, start) for other in extensions):
            continue
        if not korean and _starts_a_longer_name(name, text, end):
            continue
        yield start, end


_NEXT_WORD = regex.compile(r" (\p{Lu}[\w’'.\-]*)")


def _starts_a_longer_name(name: str, text: str, end: int) -> bool:
    """Whether an English match is the first words of a longer name, being followed by a capitalised word ("Kim" in
    "Kim Jong-un", "North" in "North Korea"); not when the name is an abbreviation or a number, which modify what
    follows ("U.S. President", "2038 Asian Games"), nor when that word is a title ("Ulsan Mayor Han Jung-min")."""
    following = _NEXT_WORD.match(text, end)
    if following is None or name.endswith(".") or name[-1].isdigit():
        return False
    return not is_title(following.group(1))
