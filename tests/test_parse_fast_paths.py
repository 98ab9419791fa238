"""The listing-speed shortcuts in the parser give exactly what the plain definitions give.

Each shortcut (letters counted for all lines at once, the credit test before the caption regex, the title test
before the reporter regex, substring searches for truncated copies) is checked against the definition it replaces, on
lines mixing Korean, English, Hanja and the punctuation and credits the rules look at."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader import clutter
from reader.language import detect_languages
from reader.parsing import _truncated_copies

PIECES = [
    *"aZk 가힣北韓ꀀ\ud7b0ㄱé😀1.,!?。…’”'\")]-/=:#@\t\u3000",
    "Kim Jong-un", "북한이 발사했다", "TASS", "EPA", "AP", "Yonhap News", "Getty Images",
    "연합뉴스", "게티이미지코리아", "EPA연합뉴스", "사진", "[사진=", " / 사진=뉴스1", "2023", "다.",
]
lines = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
# Runs long enough that the first 200 characters (all that is counted) and the rest differ.
RUNS = ["x" * 150, "가" * 150, "1" * 190, "North Korea " * 10, "북한은 " * 30]
long_lines = st.lists(st.sampled_from(PIECES + RUNS), max_size=12).map("".join)


def plain_language(line: str) -> str | None:
    """The definition: Hangul (UTF-8 lead bytes 0xEA–0xED, i.e. U+A000–U+DFFF) against ASCII letters in the first
    200 characters; a line without either is Korean if it has any letter (Hanja), else no language."""
    sample = line[:200]
    hangul = sum("\ua000" <= ch <= "\udfff" for ch in sample)
    letters = hangul + sum(ch.isascii() and ch.isalpha() for ch in sample)
    if not letters:
        return "ko" if any(ch.isalpha() for ch in line) else None
    return "ko" if hangul >= 0.3 * letters else "en"


@settings(max_examples=300, deadline=None)
@given(st.lists(long_lines, max_size=12))
def test_languages_counted_at_once_are_each_lines_language(article_lines):
    assert detect_languages(article_lines) == [plain_language(line) for line in article_lines]


@settings(max_examples=500, deadline=None)
@given(lines)
def test_credit_shortcut_never_hides_a_caption(line):
    tail = line[-60:]
    expected = not line.rstrip().endswith((".", "!", "?", "。")) and bool(
        clutter._CAPTION_START.match(line) or clutter._CAPTION_END.search(tail))
    assert clutter.is_caption(line) == expected


TITLES = ["", "short", "Revival", "Revival of North Korea", "Revival of North Korea-Russia military alliance",
          "북러 군사동맹 부활 핵잠수함", "북러 군사동맹 부활 핵잠수함 인공위성"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TITLES), max_size=8))
def test_truncated_copies_are_lines_a_longer_later_line_starts_with(article_lines):
    expected = {
        number for number, line in enumerate(article_lines[:4])
        if len(line) >= 12 and any(other != line and other.startswith(line) for other in article_lines[number + 1:])
    }
    assert _truncated_copies(article_lines) == expected


REPORTER_PIECES = [
    *"김이박 ·=|가힣a.", "홍길동", "기자", "특파원", "선임기자", "논설위원", "객원기자", "통신원", "기", "자", "다.",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(REPORTER_PIECES), max_size=10).map("".join))
def test_reporter_shortcut_never_hides_a_reporter_line(line):
    bare = line.strip(" =|")
    assert not clutter._KO_REPORTER.fullmatch(bare) or bare.endswith(clutter._REPORTER_TITLES)
