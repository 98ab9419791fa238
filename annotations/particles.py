"""Trailing Korean particles: tagging the word "푸틴은" should give the entity "푸틴" (field notes §5).

A particle is dropped only when what remains is at least two syllables and the particle suits the syllable before
it (은/이/을/과/으로 follow a final consonant, 는/가/를/와/로 a vowel), so "국가" or "평가" are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3

# Particles that may follow a noun (also what propagation allows after a tagged name), each with the stems it
# follows: "C" after a final consonant, "V" after a vowel, "" after either.
PARTICLES = {
    "은": "C", "는": "V", "이": "C", "가": "V", "을": "C", "를": "V", "과": "C", "와": "V",
    "으로": "C", "로": "V", "으로서": "C", "로서": "V", "으로써": "C", "로써": "V", "이나": "C", "나": "V",
    "이며": "C", "며": "V", "이라": "C", "라": "V",
    "의": "", "에": "", "에서": "", "에게": "", "에게서": "", "께": "", "께서": "", "도": "", "만": "",
    "까지": "", "부터": "", "보다": "", "처럼": "", "한테": "", "마저": "", "조차": "",
}  # fmt: skip
_LONGEST_FIRST = sorted(PARTICLES, key=len, reverse=True)


def _final_consonant(syllable: str) -> int | None:
    """0 for a vowel-final Hangul syllable, the final consonant's index (1..27) otherwise; None for non-Hangul."""
    code = ord(syllable)
    if not _HANGUL_FIRST <= code <= _HANGUL_LAST:
        return None
    return (code - _HANGUL_FIRST) % 28


def strip_particle(text: str, start: int, end: int) -> int:
    """The end offset of `text[start:end]` without a trailing particle (unchanged when there is none)."""
    word = text[start:end]
    for particle in _LONGEST_FIRST:
        stem = word[: -len(particle)]
        if not word.endswith(particle) or len(stem) < 2:
            continue
        final = _final_consonant(stem[-1])
        if final is None:
            continue
        rule = PARTICLES[particle]
        # 로 also follows a stem ending in ㄹ (final index 8): 서울로
        vowel_like = final == 0 or (final == 8 and particle.startswith("로"))
        if rule == "" or (rule == "V") == vowel_like:
            return end - len(particle)
    return end


def keep_known_name(text: str, start: int, end: int, known: Iterable[str]) -> int:
    """The end offset of a tagged Korean word: without its trailing particle (`strip_particle`), unless a known
    name (one the workspace tagged, or the analyser's proper noun) begins the word and reaches further: 김정은 stays
    whole where 김정은 is known, though 은 is a particle and 김정 a name too."""
    stripped = strip_particle(text, start, end)
    word = text[start:end]
    whole = max((len(name) for name in known if len(name) > stripped - start and word.startswith(name)), default=0)
    return start + whole if whole else stripped
