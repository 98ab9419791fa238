"""The listing-speed shortcuts in the parser give exactly what the plain definitions give.

Each shortcut (letters counted for all lines at once, the credit test before the caption regex, the title test
before the reporter regex, substring searches for truncated copies) is checked against the definition it replaces, on
lines mixing Korean, English, Hanja and the punctuation and credits the rules look at."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text import clutter, dates
from reader.text.language import detect_languages
from reader.text.parsing import _ends_sentence, _is_title, _layout, _take_titles, _truncated_copies

PIECES = [
    *"aZk 가힣北韓ꀀ\ud7b0ㄱé😀1.,!?。…’”'\")]-/=:#@\t\u3000",
    "Kim Jong-un", "북한이 발사했다", "TASS", "EPA", "AP", "Yonhap News", "Getty Images",
    "연합뉴스", "게티이미지코리아", "EPA연합뉴스", "사진", "[사진=", " / 사진=뉴스1", "2023", "다.",
]
lines = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
# Long runs of one script, digits first: the language of a line is its letters', wherever they are.
RUNS = ["x" * 150, "가" * 150, "1" * 190, "North Korea " * 10, "북한은 " * 30]
long_lines = st.lists(st.sampled_from(PIECES + RUNS), max_size=12).map("".join)


def plain_language(line: str) -> str | None:
    """The definition: Hangul (UTF-8 lead bytes 0xEA–0xED, i.e. U+A000–U+DFFF) against ASCII letters in the whole
    line; a line without either is Korean if it has any letter (Hanja), else no language."""
    hangul = sum("\ua000" <= ch <= "\udfff" for ch in line)
    letters = hangul + sum(ch.isascii() and ch.isalpha() for ch in line)
    if not letters:
        return "ko" if any(ch.isalpha() for ch in line) else None
    return "ko" if hangul >= 0.3 * letters else "en"


@settings(max_examples=300, deadline=None)
@given(st.lists(long_lines, min_size=1, max_size=12))  # lines split from a text: at least one
def test_languages_counted_at_once_are_each_lines_language(article_lines):
    text = "\n".join(article_lines)
    stripped = [line.strip() for line in article_lines]
    assert detect_languages(stripped, text.encode()) == [plain_language(line) for line in article_lines]


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
    assert _truncated_copies(article_lines, "\n".join(article_lines)) == expected


REPORTER_PIECES = [
    *"김이박 ·=|가힣a.", "홍길동", "기자", "특파원", "선임기자", "논설위원", "객원기자", "통신원", "기", "자", "다.",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(REPORTER_PIECES), max_size=10).map("".join))
def test_reporter_shortcut_never_hides_a_reporter_line(line):
    bare = line.strip(" =|")
    assert not clutter._KO_REPORTER.fullmatch(bare) or bare.endswith(clutter._REPORTER_TITLES)


# A line for each way into each opening rule (every alternative that can come first).
OPENING_EXAMPLES = [
    "Copyright © 경향신문", "[Copyright 2023 X]", "<저작권자 연합뉴스>", "(c) Reuters", "ⓒ 한국일보", "© Reuters",
    "copyrights by 조선일보", "[ⓒ 매일경제]", "((c) 2023 X)",
    "글자 크기 설정", "이 글자크기로 변경됩니다", "(예시) 가장", "이 기사에 대해 어떻게 생각하시나요",
    "이 기사를 추천합니다",
    "기사를 읽어 드립니다", "본문 글씨 키우기", "제보는 카카오톡", "제보하기", "[관련 기사]", "관련기사", "[추천 기사]",
    "추천기사", "많이 본 기사", "Share on X", "Subscribe to us", "Follow us on X", "Sign up for it",
    "▶ 구독", "☞ 바로가기", "► 앱", "▷ 클릭", "◆ 제보", "■ 채널",
    "키워드: a", "관련 키워드: a", "태그: a", "Keywords: a", "Keyword: a", "Tags: a", "Tag: a", "#a #b",
]


def test_rule_openings_hold_every_first_character_the_opening_rules_match():
    assert all(clutter._MAYBE_CLUTTER.match(line) for line in OPENING_EXAMPLES)
    for line in OPENING_EXAMPLES:
        rest = line[1:]
        firsts = {chr(c) for c in range(0x10000) if clutter._MAYBE_CLUTTER.match(chr(c) + rest)}
        # A stripped line never opens with white space (the copyright rule allows some before its word).
        assert {ch for ch in firsts if not ch.isspace()} <= clutter.RULE_OPENINGS, line
        for first in firsts & clutter.RULE_SECOND_CHARACTERS.keys():
            seconds = {chr(c) for c in range(0x10000) if clutter._MAYBE_CLUTTER.match(first + chr(c) + rest[1:])}
            assert seconds <= set(clutter.RULE_SECOND_CHARACTERS[first]), line



def test_widget_gate_reads_the_compact_forms_first_character_on_every_bmp_character():
    for code in range(0x10000):
        ch = chr(code)
        if ch.isalnum():  # what the gate relies on: such a character opens the compact form, lowercased
            assert clutter._compact(ch + " x1")[0] == ch.lower()[0], hex(code)


WIDGET_LINES = st.tuples(
    st.sampled_from(["", " ", "[", "·", "A", "a", "İ", "Σ", "가", "1", "²"]),
    st.sampled_from([*sorted(clutter._WIDGET_WORDS), "Like", "SNS 공유", "URL 복사", "Read More"]),
    st.sampled_from(["", " 12", "1,204", " 3", "!", " |", "0"]),
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(WIDGET_LINES)
def test_widget_gate_lets_every_widget_line_through(line):
    if clutter._compact(line) in clutter._WIDGET_WORDS or clutter._widget_with_count(line):
        assert clutter._may_be_widget(line)


ENDINGS = [*".!?。…'\"’”)]ab가 ", "다.", "”)", ".”"]  # paragraphs hold no "\n" (lines were split on it)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(ENDINGS), max_size=8).map("".join))
def test_sentence_and_title_ends_are_the_regexes_they_replace(text):
    assert _ends_sentence(text) == bool(re.search(r"[.!?。…]['\"’”)\]]*$", text))
    assert _is_title(text) == (len(text) <= 200 and not re.search(r"[.!。]['\"’”)]*$", text))


HINTED = [*PIECES, *clutter._PROMPT_HINTS, "구독", "바로", "재배", "학", "Rights", "reserved", "독", "습"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(HINTED), max_size=8).map("".join))
def test_prompt_hint_is_a_search_for_each_hint(line):
    assert clutter._has_prompt_hint(line) == any(hint in line for hint in clutter._PROMPT_HINTS)


def test_every_prompt_hint_passes_the_first_searches():
    assert all(clutter._has_prompt_hint(hint) for hint in clutter._PROMPT_HINTS)


DATELINES = ["(서울=연합뉴스) 홍길동 기자 = ", "SEOUL, Nov. 21 (Yonhap) -- ", "Seoul", "("]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES + DATELINES), max_size=10).map("".join))
def test_dateline_shortcut_strips_what_the_regexes_strip(paragraph):
    meta = clutter.Metadata()
    expected = paragraph
    if m := clutter._KO_DATELINE.match(paragraph) or clutter._EN_DATELINE.match(paragraph):
        expected = paragraph[m.end():]
    assert clutter.strip_dateline(paragraph, meta) == expected


PARAGRAPHS = st.tuples(st.sampled_from(["ko", "en"]),
                       st.sampled_from(["북한 발표", "Headline", "Body text.", "본문이다.", "x"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(PARAGRAPHS, max_size=10))
def test_titles_leave_the_paragraphs_that_removing_each_title_leaves(tagged):
    langs, texts = [lang for lang, _ in tagged], [text for _, text in tagged]
    titles = _take_titles(langs, texts)
    firsts = {lang: next(text for lang_, text in tagged if lang_ == lang) for lang, _ in tagged}
    assert titles == {lang: firsts[lang] if [la for la, _ in tagged].count(lang) >= 2 and _is_title(firsts[lang])
                      else None for lang in ("ko", "en")}
    expected = list(tagged)
    for lang, title in titles.items():
        while title and (lang, title) in expected:
            expected.remove((lang, title))
    assert list(zip(langs, texts, strict=True)) == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(PARAGRAPHS, max_size=14))
def test_layout_from_the_language_string_is_the_layout_of_the_runs(tagged):
    runs = [len(list(group)) for _, group in itertools.groupby(lang for lang, _ in tagged)]
    if len({lang for lang, _ in tagged}) < 2:
        expected = "single"
    elif len(runs) < 4 or max(runs) > 3:
        expected = "blocks"
    else:
        expected = "interleaved"
    layout, beads = _layout([lang for lang, _ in tagged])
    assert layout == expected
    assert (beads is None) == (layout != "interleaved")


KEYWORD_PIECES = [*",，、·|# ", "북한", "Kim Jong-un", "arms trade", " #태그"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(KEYWORD_PIECES), max_size=16).map("".join))
def test_keywords_split_as_the_separator_regex_splits(text):
    pieces = [piece.strip(" #") for piece in clutter._KEYWORD_SEPARATOR.split(text)]
    assert clutter._split_keywords(text) == [piece for piece in pieces if piece]


DATE_PIECES = [*"0123456789 .-/:년월일", "19", "20", "2023", "1999", "코로나19", "Sept.", "Sep", " 14, ", "오후", "AM",
               "pm", "오전", "12:30", "２", "１４", "٣"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=12).map("".join))
def test_year_shortcut_finds_every_date_the_patterns_find(text):
    plain = None
    for pattern, month_of in dates._PATTERNS:
        plain = next(((iso, m.span()) for m in pattern.finditer(text) if (iso := dates._to_iso(m, month_of(m)))),
                     None)
        if plain:
            break
    found = dates.find_datetime(text)
    assert (found and (found[0], found[1].span())) == plain


def plain_iso(m: re.Match[str], month: int | None) -> str | None:
    """The definition of a match's ISO date: every field through `int()`, written with format specs."""
    day, year = int(m["d"]), int(m["y"])
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    date = f"{year:04d}-{month:02d}-{day:02d}"
    if m["h"] is None:
        return date
    hour, minute = int(m["h"]), int(m["mi"])
    ampm = (m["ampm"] or m["ampm2"] or "").replace(".", "").lower()
    hour = hour + 12 if ampm in ("오후", "pm") and hour < 12 else 0 if ampm in ("오전", "am") and hour == 12 else hour
    return date if hour > 23 or minute > 59 else f"{date}T{hour:02d}:{minute:02d}"


DIGITS = ["0123456789", "０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩"]
"""ASCII, fullwidth and Arabic-Indic digits: `\\d` matches them all."""


@st.composite
def numeric_dates(draw: st.DrawFn) -> str:
    def number(largest: int) -> str:  # up to just past each field's range, with or without a leading zero
        digits = draw(st.sampled_from(DIGITS))
        text = str(draw(st.integers(0, largest))).zfill(draw(st.integers(1, 2)))
        return "".join(digits[int(ch)] for ch in text)

    sep = st.sampled_from([".", "-", "/", " . "])
    text = draw(st.sampled_from(["19", "20"])) + number(99) + draw(sep) + number(13) + draw(sep) + number(32)
    if draw(st.booleans()):
        text += " " + draw(st.sampled_from(["", "오전 ", "오후 ", "AM ", "p.m. "])) + number(25) + ":" + number(61)
    return text


@settings(max_examples=1000, deadline=None)
@given(st.one_of(numeric_dates(), st.lists(st.sampled_from(DATE_PIECES), max_size=12).map("".join)))
def test_dates_read_by_lookup_are_what_int_reads(text):
    for pattern, month_of in dates._PATTERNS:
        for m in pattern.finditer(text):
            month = int(m["mo"]) if pattern is dates._NUMERIC else month_of(m)
            assert dates._to_iso(m, month_of(m)) == plain_iso(m, month)
