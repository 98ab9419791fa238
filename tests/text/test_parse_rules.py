"""The parser's rules, line by line: what each clutter rule takes and what it recovers, and the few checks the
parser makes before a costly rule (letters counted for all lines at once, a widget word's first letter, the credit
before the caption regex, the title before the reporter regex, the year before the date patterns, substring
searches for truncated copies) give exactly what the rules alone give, on lines mixing Korean, English, Hanja and
the punctuation and credits the rules look at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.reader.text import clutter, dates
from tandem.reader.text.decoding import decode_bytes
from tandem.reader.text.language import detect_languages
from tandem.reader.text.parsing import _ends_sentence, _is_title, _truncated_copies, parse_article

# Each line alone, as the parser hands it over (stripped): why it is dropped and what it leaves in the metadata.
EXAMPLES = [
    # copyright → publisher
    ("Copyright © 경향신문. 무단전재 및 재배포 금지.", "copyright", {"publisher": "경향신문"}),
    ("[Copyright 2023 X]", "copyright", {"publisher": "X"}),
    ("<저작권자 연합뉴스>", "copyright", {"publisher": "연합뉴스"}),
    ("(c) Reuters", "copyright", {"publisher": "Reuters"}),
    ("ⓒ 한국일보", "copyright", {"publisher": "한국일보"}),
    ("© Reuters", "copyright", {"publisher": "Reuters"}),
    ("copyrights by 조선일보", "copyright", {"publisher": "조선일보"}),
    ("[ⓒ 매일경제]", "copyright", {"publisher": "매일경제"}),
    ("((c) 2023 X)", "copyright", {"publisher": "X)"}),
    ("COPYRIGHT © The Korea Herald. ALL RIGHTS RESERVED", "copyright", {"publisher": "The Korea Herald"}),
    ("Copyright ⓒ 한국일보. All rights reserved.", "copyright", {"publisher": "한국일보"}),
    ("<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>", "copyright", {"publisher": "연합뉴스"}),
    # prompts that open their line, in any case
    ("글자 크기 설정", "portal prompt", {}),
    ("이 글자크기로 변경됩니다.", "portal prompt", {}),
    ("(예시) 가장 빠른 뉴스가 있고 다양한 정보", "portal prompt", {}),
    ("이 기사에 대해 어떻게 생각하시나요?", "portal prompt", {}),
    ("이 기사를 추천합니다", "portal prompt", {}),
    ("기사를 읽어 드립니다", "portal prompt", {}),
    ("본문 글씨 키우기", "portal prompt", {}),
    ("제보는 카카오톡 okjebo", "portal prompt", {}),
    ("제보하기", "portal prompt", {}),
    ("[추천 기사]", "portal prompt", {}),
    ("많이 본 기사", "portal prompt", {}),
    ("Share on X", "portal prompt", {}),
    ("SUBSCRIBE TO US", "portal prompt", {}),
    ("Follow us on X", "portal prompt", {}),
    ("Sign up for it", "portal prompt", {}),
    ("▶ 네이버에서 구독하세요", "portal prompt", {}),
    ("☞ 바로가기", "portal prompt", {}),
    ("► 앱 다운로드", "portal prompt", {}),
    ("◆ 제보", "portal prompt", {}),
    ("■ 유튜브 채널", "portal prompt", {}),
    # prompts anywhere in a line: its word as written, the prompt in any case
    ("채널 구독하세요!", "portal prompt", {}),
    ("연합뉴스 바로가기", "portal prompt", {}),
    ("무단전재 금지", "portal prompt", {}),
    ("재배포 금지", "portal prompt", {}),
    ("AI 학습 및 활용 금지", "portal prompt", {}),
    ("ai학습 및 활용 금지", "portal prompt", {}),
    ("Korea JoongAng Daily. All rights reserved", "portal prompt", {}),
    ("all rights reserved", "portal prompt", {}),
    ("ALL RIGHTS RESERVED", None, {}),  # its word is "rights reserved" or "Rights Reserved", as written
    ("바로가기 링크는 아래에", None, {}),  # not at the end
    # widgets
    ("기사원문", "portal widget", {}),
    ("구독", "portal widget", {}),
    ("좋아요 12", "portal widget", {}),
    ("공유 1,204", "portal widget", {}),
    ("댓글 3", "portal widget", {}),
    ("SNS 공유", "portal widget", {}),
    ("URL 복사", "portal widget", {}),
    ("Read More", "portal widget", {}),
    ("LIKE 5", "portal widget", {}),
    ("[광고]", "portal widget", {}),
    ("[관련 기사]", "portal widget", {}),  # a widget word before it is a prompt
    ("관련기사", "portal widget", {}),
    # timestamps, bylines, e-mail
    ("입력 2023.10.05. 오전 11:20 수정 2023.10.05. 오후 1:20", "timestamp",
     {"published": "2023-10-05T11:20", "updated": "2023-10-05T13:20"}),
    ("송고2023-11-21 09:12", "timestamp", {"published": "2023-11-21T09:12"}),
    ("2023-11-21 09:12 송고", "timestamp", {"published": "2023-11-21T09:12"}),
    ("Published Sept. 14, 2023 5:55 p.m.", "timestamp", {"published": "2023-09-14T17:55"}),
    ("Updated 2023-09-14 18:00", "timestamp", {"updated": "2023-09-14T18:00"}),
    ("기사입력 2023년 9월 14일 17:55", "timestamp", {"published": "2023-09-14T17:55"}),
    ("Park Kwang-yeon 2023. 9. 14. 17:55", "byline and date", {"byline": "Park Kwang-yeon",
                                                                "published": "2023-09-14T17:55"}),
    ("홍길동 2023.09.14", "byline and date", {"byline": "홍길동", "published": "2023-09-14"}),
    ("hong@yna.co.kr", "reporter e-mail", {}),
    ("홍길동 기자 hong@yna.co.kr", "reporter e-mail", {"byline": "홍길동"}),
    ("By Park Kwang-yeon", "byline", {"byline": "Park Kwang-yeon"}),
    ("By John Smith and Jane Doe", "byline", {"byline": "John Smith and Jane Doe"}),
    ("홍길동 기자", "byline", {"byline": "홍길동"}),
    ("= 김철수 특파원 =", "byline", {"byline": "김철수"}),
    ("이영희 논설위원", "byline", {"byline": "이영희"}),
    # keywords
    ("키워드: 북한, 러시아", "keywords", {"keywords": ["북한", "러시아"]}),
    ("관련 키워드: 김정은", "keywords", {"keywords": ["김정은"]}),
    ("Tags: a|b", "keywords", {"keywords": ["a", "b"]}),
    ("#북한 #러시아 #김정은", "keywords", {"keywords": ["북한", "러시아", "김정은"]}),
    # body text
    ("홍길동 기자가 말했다.", None, {}),
    ("코로나19 확산 속에 20일 회견이 열렸다.", None, {}),
    ("Kim Jong-un met Putin on Sept. 14, 2023.", None, {}),
    ("The two leaders discussed arms trade.", None, {}),
    ("북한이 21일 오전 동해상으로 단거리 탄도미사일 1발을 발사했다.", None, {}),
    ("Copyright law was the topic of the talks, " + "officials said. " * 20, None, {}),  # too long for a rule
]


@pytest.mark.parametrize(("line", "reason", "fields"), EXAMPLES)
def test_each_example_line_is_classified_by_its_rule(line, reason, fields):
    meta = clutter.Metadata()
    assert clutter.classify(line, meta) == reason
    assert {name: value for name, value in vars(meta).items() if value} == fields


@pytest.mark.parametrize("first", ["A", "a", "İ", "Σ", "Ａ", "가", "1", "٣", "²", "ǅ"])
def test_a_widget_lines_first_letter_or_digit_is_its_compact_forms_first(first):
    """What the widget check reads before compacting a line (a letter or digit is kept, then lowercased)."""
    assert clutter._compact(first + " x1")[0] == first.lower()[0]


def test_every_prompt_found_anywhere_holds_its_word():
    for word, prompt in clutter._PROMPTS_ANYWHERE:
        assert word.lower() in prompt.lower(), prompt


def test_a_line_over_a_rules_length_is_body_text_whatever_it_holds():
    assert clutter.classify("좋아요 12" + " " * 20 + "x", clutter.Metadata()) is None  # over WIDGET_MAX
    assert clutter.classify("무단전재 금지 " + "가" * 160, clutter.Metadata()) is None  # over PROMPT_ANYWHERE_MAX
    assert clutter.classify("Copyright © 경향신문 " + "가" * 300, clutter.Metadata()) is None  # over PROMPT_MAX
    assert clutter.classify("Copyright © 경향신문 " + "가" * 250, clutter.Metadata()) == "copyright"


@pytest.mark.parametrize(("line", "caption"), [
    ("Foreign ministers meet in Seoul. TASS-EPA-Yonhap News", True),
    ("김정은 위원장 / 사진=뉴스1", True),
    ("사진=연합뉴스", True),
    ("[사진=뉴시스] 회담장", True),
    ("회담 모습 EPA연합뉴스", True),
    ("Kim Jong-un AP", True),
    ("Kim SNAP", False),  # a credit only after a space, a slash or "="
    ("The talks ended. AP.", False),  # a full stop ends a sentence
    ("북한이 발사했다”고 밝혔다", False),
])
def test_captions(line, caption):
    assert clutter.is_caption(line) is caption


@pytest.mark.parametrize(("paragraph", "rest", "fields"), [
    ("(서울=연합뉴스) 홍길동 기자 = 북한이 발사했다.", "북한이 발사했다.",
     {"publisher": "연합뉴스", "byline": "홍길동"}),
    ("SEOUL, Nov. 21 (Yonhap) -- North Korea fired.", "North Korea fired.", {"publisher": "Yonhap"}),
    ("Seoul said nothing.", "Seoul said nothing.", {}),
])
def test_datelines_become_metadata(paragraph, rest, fields):
    meta = clutter.Metadata()
    assert clutter.strip_dateline(paragraph, meta) == rest
    assert {name: value for name, value in vars(meta).items() if value} == fields


@pytest.mark.parametrize(("paragraph", "keywords"), [
    ("Kim Jong-un, Putin, arms trade, nuclear submarine, Cold War",
     ["Kim Jong-un", "Putin", "arms trade", "nuclear submarine", "Cold War"]),
    ("북한, 러시아, 김정은, 푸틴·무기|#핵", ["북한", "러시아", "김정은", "푸틴", "무기", "핵"]),
    ("북한, 러시아, 김정은, 푸틴이 만났다", None),  # a sentence
    ("a, b, c", None),  # too few
])
def test_keyword_lines(paragraph, keywords):
    assert clutter.keyword_list(paragraph) == keywords


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
def test_credit_check_never_hides_a_caption(line):
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
def test_title_check_never_hides_a_reporter_line(line):
    bare = line.strip(" =|")
    assert not clutter._KO_REPORTER.fullmatch(bare) or bare.endswith(clutter._REPORTER_TITLES)


ENDINGS = [*".!?。…'\"’”)]ab가 ", "다.", "”)", ".”"]  # paragraphs hold no "\n" (lines were split on it)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(ENDINGS), max_size=8).map("".join))
def test_sentence_and_title_ends(text):
    assert _ends_sentence(text) == bool(re.search(r"[.!?。…]['\"’”)\]]*$", text))
    assert _is_title(text) == (len(text) <= 200 and not re.search(r"[.!。]['\"’”)]*$", text))


def parse(text: str):
    return parse_article(decode_bytes(text.encode(), "x.txt"), "x", Path("x.txt"))


def test_titles_and_their_repeats_leave_the_body():
    a = parse("북한 발표\n북한 발표\n본문이다.\n북한 발표\nHeadline\nBody text.\nHeadline")
    assert a.title == {"ko": "북한 발표", "en": "Headline"}
    assert a.paragraphs == {"ko": ["본문이다."], "en": ["Body text."]}


def test_a_first_paragraph_is_no_title_when_it_ends_a_sentence_or_stands_alone():
    assert parse("본문이다.\n둘째 문단이다.").title == {"ko": None, "en": None}
    assert parse("북한 발표\nHeadline\nBody text.").title == {"ko": None, "en": "Headline"}  # 북한 발표 alone


@pytest.mark.parametrize(("langs", "layout"), [
    ("ko ko ko", "single"),
    ("ko ko en en", "blocks"),
    ("ko en ko", "blocks"),  # fewer than four runs
    ("ko en ko en", "interleaved"),
    ("ko en en ko en", "interleaved"),
    ("ko en en en en ko en", "blocks"),  # a run of four
])
def test_layouts(langs, layout):
    words = {"ko": "북한이 발사했다.", "en": "North Korea fired."}
    a = parse("\n".join(f"{n}: {words[lang]}" for n, lang in enumerate(langs.split())))  # no titles
    assert a.layout == layout
    assert (a.known_beads is None) == (layout != "interleaved")


DATE_PIECES = [*"0123456789 .-/:년월일", "19", "20", "2023", "1999", "코로나19", "Sept.", "Sep", " 14, ", "오후", "AM",
               "pm", "오전", "12:30", "２", "１４", "٣"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=12).map("".join))
def test_year_check_never_hides_a_date(text):
    plain = None
    for pattern in (dates._NUMERIC, dates._WORDY):
        plain = next(((iso, m.span()) for m in pattern.finditer(text) if (iso := dates._to_iso(m))), None)
        if plain:
            break
    found = dates.find_datetime(text)
    assert (found and (found[0], found[1].span())) == plain


@pytest.mark.parametrize(("text", "iso"), [
    ("2023.09.14", "2023-09-14"),
    ("2023년 9월 14일 오후 5:55", "2023-09-14T17:55"),
    ("2023-09-14 12:05 AM", "2023-09-14T00:05"),
    ("Sept. 14, 2023 5:55 p.m.", "2023-09-14T17:55"),
    ("2023.０９.１４", "2023-09-14"),  # `\d` matches every script's digits
    ("２０２３.０９.１４", None),  # but a year is looked for as 19 or 20 in ASCII digits
    ("2023.13.14 and 2023.09.14", "2023-09-14"),  # no month 13: the next date
    ("2023.09.14 25:61", "2023-09-14"),  # no such time
    ("코로나19 확산 20일", None),
])
def test_dates(text, iso):
    found = dates.find_datetime(text)
    assert (found and found[0]) == iso


@pytest.mark.parametrize("headline", [
    "Samsung to build a second chip plant in the U.S.",
    "Hyundai Motor signs battery deal with SK On and Panasonic Inc.",
    "“We will respond in kind,” Kim says.",
])  # fmt: skip
def test_an_english_title_that_ends_in_a_period_is_a_title(headline):
    body = ("The company said on Tuesday that it would invest more than $17 billion in the new plant, which is "
            "expected to start production in 2026 and employ about 2,000 people.")
    a = parse(f"{headline}\n\n{body}\n\nA second paragraph follows it.")
    assert a.title["en"] == headline
    assert a.paragraphs["en"][0] == body


def test_an_english_lead_sentence_stays_body_text():
    lead = "North Korea fired a missile on Tuesday. Japan said it fell into the sea."  # two sentences
    body = "The launch was the third this month, officials said, and came as allies held drills off the peninsula."
    assert parse(f"{lead}\n\n{body} {body}").title["en"] is None
    assert parse("Officials said the talks ended.\n\nThe talks ended without a deal.").title["en"] is None
