"""What in a copied news page is not the article: portal widgets, prompts, copyright, timestamps, bylines.

Each rule looks at one line and says whether it is clutter (dropped) or metadata (kept as a field, never as body
text). The rules are ordered lists of small regexes so that a new portal's widget is one line to add.
Field notes §1 list what real Korean news files contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.text.dates import find_datetime


@dataclass
class Metadata:
    """Fields recovered from clutter lines. The first value found wins: headers come before footers."""

    byline: str | None = None
    published: str | None = None
    updated: str | None = None
    publisher: str | None = None
    keywords: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)

    def offer(self, name: str, value: str | None) -> None:
        """Set `name` unless it already has a value."""
        if value and not getattr(self, name):
            setattr(self, name, value)


# --- portal widgets and reader prompts ---------------------------------------------------------------------------
_WIDGET_WORDS = {
    "기사원문", "원문보기", "구독", "구독하기", "구독중", "기자구독", "기자프로필",
    "좋아요", "싫어요", "추천", "추천하기",
    "공유", "공유하기", "댓글", "댓글쓰기", "스크랩", "인쇄", "프린트", "본문듣기", "듣기", "번역", "번역하기", "요약",
    "요약봇", "글자크기", "글씨크기", "닫기", "펼치기", "접기", "더보기", "맨위로", "관련기사", "많이본뉴스", "광고",
    "훈훈해요", "슬퍼요", "화나요", "후속기사원해요", "응원해요", "팬이에요",
    "쏠쏠정보", "흥미진진", "공감백배", "분석탁월",
    "카카오톡", "페이스북", "트위터", "링크복사", "sns공유", "sns보내기", "url복사",
    "advertisement", "ad", "share", "subscribe", "like", "comment", "comments", "print", "listen", "readmore",
    "relatedarticles", "topnews", "mostviewed",
}
_WIDGET_OPENINGS = frozenset(word[0] for word in _WIDGET_WORDS)
_NOT_LETTERS = re.compile(r"[\s\W_]+")
_WIDGET_WITH_COUNT = re.compile(r"^(?P<word>[^\d]{1,12}?)\s*\d[\d,]*$")
# Prompts that open their line; checked with .match, which fails fast on body text.
_PROMPT_START = re.compile(
    r"글자\s?크기\s?설정|이 글자크기로 변경됩니다|\(예시\)|이 기사에 대해 어떻게 생각하시나요|이 기사를 추천합니다"
    r"|기사를 읽어\s?드립니다|본문 글씨 (?:키우기|줄이기)|제보는 카카오톡|제보하기"
    r"|\[?(?:관련\s?기사|추천\s?기사|많이 본 기사)\]?"
    r"|(?:Share|Subscribe|Follow us|Sign up) (?:on|to|for)\b",
    re.IGNORECASE,
)
# Prompts found anywhere in a line; a plain substring test screens lines before the regex runs.
_PROMPT_ANYWHERE = re.compile(
    r"구독하세요|바로가기\s*$|무단\s?전재|재배포\s?금지|AI\s?학습 및 활용 금지|All rights reserved", re.IGNORECASE
)
_PROMPT_HINTS = ("구독하세요", "바로가기", "전재", "재배포", "학습", "rights reserved", "Rights Reserved")
"""A word of `_PROMPT_ANYWHERE` that a line must hold for the regex to run: `_has_prompt_hint` searches these,
written out (a test checks it against this list)."""
_PROMO_BULLET = re.compile(r"^[▶☞►▷◆■]\s*.*(?:구독|바로가기|클릭|제보|채널|앱|다운로드|네이버|카카오|유튜브|홈페이지)")

# --- copyright → publisher -------------------------------------------------------------------------------------
_COPYRIGHT = re.compile(
    r"^[<\[(]?\s*(?:copyrights?|저작권자|ⓒ|©|\(c\))\s*(?:by\s+)?(?:[ⓒ©]|\(c\))?\s*(?:(?:19|20)\d{2}\s*)?"
    r"(?P<who>[^.,:<>\[\]|]*?)\s*(?:[.,:|>\]]|무단|All rights|$)",
    re.IGNORECASE,
)

# --- timestamps, bylines, e-mail ---------------------------------------------------------------------------------
_TIMESTAMP_WORDS = re.compile(
    r"^(?:(?P<pub>입력|기사입력|등록|게재|송고|승인|발행|Published|Posted|Created)|(?P<upd>수정|최종수정|업데이트|Updated|Modified))"
    r"\s*[:：]?\s*",
    re.IGNORECASE,
)
_SENT_SUFFIX = re.compile(r"송고\s*$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_REPORTER_TITLES = ("기자", "특파원", "선임기자", "논설위원", "객원기자", "통신원")
_KO_REPORTER = re.compile(
    r"(?P<name>[가-힣]{2,4}(?:[ ·][가-힣]{2,4})*)\s*(?:" + "|".join(map(re.escape, _REPORTER_TITLES)) + ")"
)
_EN_BY = re.compile(r"^By\s+(?P<name>[A-Z][\w'.-]+(?:\s+(?:[A-Z][\w'.-]+|and|&))*)\s*$")
_NAME_ONLY = re.compile(r"^[A-Z][a-z'-]+(?:[ -][A-Z][a-z'-]+){1,3}$|^[가-힣]{2,4}$")

# --- keywords ------------------------------------------------------------------------------------------------------
_KEYWORD_LABEL = re.compile(r"^(?:키워드|관련\s?키워드|태그|Keywords?|Tags?)\s*[:：]\s*(?P<rest>.+)$", re.IGNORECASE)
_HASHTAGS = re.compile(r"^(?:#[^\s#]+\s*){2,}$")
_KEYWORD_SEPARATOR = re.compile(r"[,，、·|]")

# --- agency datelines at the start of a body paragraph -----------------------------------------------------------
_KO_DATELINE = re.compile(
    r"^\((?P<place>[^=()]{1,12})=(?P<agency>[^()]{1,15})\)\s*(?:(?P<name>[가-힣]{2,4}(?:[ ·][가-힣]{2,4})*)\s*"
    r"(?:기자|특파원))?\s*=\s*"
)
_EN_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'-]{1,40}(?:,\s*[A-Z][a-z]{2,5}\.?\s+\d{1,2})?\s*"
    r"\((?P<agency>Yonhap|AP|AFP|Reuters|UPI|Xinhua)\)\s*-{1,2}\s*"
)

# --- photo captions ending in an agency credit --------------------------------------------------------------------
_CREDITS = (
    "TASS", "EPA", "AP", "AFP", "Reuters", "Yonhap News", "Yonhap", "Getty Images", "Xinhua", "KCNA", "News1", "Newsis",
    "연합뉴스", "뉴시스", "뉴스1", "게티이미지코리아", "게티이미지",
    "AFP연합뉴스", "EPA연합뉴스", "AP연합뉴스", "로이터연합뉴스",
)
_CREDIT_ENDS = frozenset(credit[-1] for credit in _CREDITS)
_CAPTION_LAST = _CREDIT_ENDS | {"-", "/"}
"""What a caption can end in: a credit's last character, or a separator after a credit."""
_CREDIT = "(?:" + "|".join(map(re.escape, _CREDITS)) + ")"
_CAPTION_END = re.compile(rf"(?:\s|^|/|=)(?:{_CREDIT}[-/ ]?)+\s*$|/\s*사진\s*[=:]?\s*\S+\s*$")
_CAPTION_START = re.compile(r"\[?사진\s*[=:]")
FULL_STOPS = ".!?。"
"""A line ending in one of these characters ends a sentence, so it is no caption (the parser skips `is_caption`
for it, testing `line[-1] in FULL_STOPS`: a third of what `endswith` with a tuple costs)."""
_CREDIT_TAIL = 60
"""A credit is at most a few agencies long: only a line's tail is searched for one."""

_OPENING_RULES = (_COPYRIGHT, _PROMPT_START, _PROMO_BULLET, _KEYWORD_LABEL, _HASHTAGS)
"""The rules that match at a line's start; `RULE_OPENINGS` holds every first character they can match."""
_MAYBE_CLUTTER = re.compile("|".join(f"(?:{p.pattern})" for p in _OPENING_RULES), re.IGNORECASE)
"""One match at a long line's start that says whether a rule could apply (each rule still decides alone)."""
RULE_OPENINGS = frozenset("<[(cC©저\u24d2\u24b8" "글이기본제관추많SsFf\u017f" "▶☞►▷◆■" "키태KkTt\u212a" "#")
"""The first characters of lines the opening rules can match, in every case IGNORECASE lets through (U+017F ſ
for s, U+212A Kelvin sign for k, U+24B8 Ⓒ for ⓒ). A line opening with anything else needs none of these rules: most
lines, for one set lookup instead of five regex calls. A test checks the set against the rules on every BMP
character (no character beyond the BMP folds to one of these)."""
RULE_SECOND_CHARACTERS = {
    **dict.fromkeys("cCfF", "oO"), **dict.fromkeys("sS\u017f", "hHuUiI\u0130\u0131"), **dict.fromkeys("tT", "aA"),
    **dict.fromkeys("kK\u212a", "eE"),
    "저": "작", "글": "자", "이": " ", "기": "사", "본": "문", "제": "보",
    "관": "련", "추": "천", "많": "이", "키": "워", "태": "그",
}
"""For the opening characters that only begin words of the rules, what can come second ("The…", "Kim…", "이날…" open
no rule: most English lines start with a capital of `RULE_OPENINGS`). A test checks them on every BMP character."""


WIDGET_MAX = 24
SHORT_LINE = 80
PROMPT_MAX = 300
PROMPT_ANYWHERE_MAX = 160
"""Widgets, bylines and timestamps are short lines, prompts and copyright a sentence or two: a line longer than
these is body text, whatever it mentions (and checking it would only cost time on every article)."""


def classify(line: str, meta: Metadata) -> str | None:
    """If `line` (stripped, not empty) is clutter or metadata, record what it holds in `meta` and return why;
    else None."""
    length = len(line)
    if length > PROMPT_MAX:
        return None  # a third of an article's lines
    first = line[0]
    opens_like_rule = first in RULE_OPENINGS and (
        (seconds := RULE_SECOND_CHARACTERS.get(first)) is None or line[1:2] in seconds)
    if (
        length > SHORT_LINE
        and not (opens_like_rule and _MAYBE_CLUTTER.match(line))
        and (length > PROMPT_ANYWHERE_MAX or not _has_prompt_hint(line))
    ):
        return None  # most other lines: long enough for body text and opening like none of the rules below
    if length <= WIDGET_MAX and _may_be_widget(line) and (_compact(line) in _WIDGET_WORDS or _widget_with_count(line)):
        return "portal widget"
    if opens_like_rule and (m := _COPYRIGHT.match(line)):
        meta.offer("publisher", _clean_publisher(m["who"]))
        return "copyright"
    if (
        (opens_like_rule and (_PROMPT_START.match(line) or _PROMO_BULLET.match(line)))
        or (length <= PROMPT_ANYWHERE_MAX and _has_prompt_hint(line) and _PROMPT_ANYWHERE.search(line))
    ):
        return "portal prompt"
    if length <= SHORT_LINE:
        reason = _classify_short(line, meta)
        if reason:
            return reason
    if not opens_like_rule:
        return None
    if m := _KEYWORD_LABEL.match(line):
        meta.keywords.extend(_split_keywords(m["rest"]))
        return "keywords"
    if _HASHTAGS.match(line):
        meta.keywords.extend(tag.lstrip("#") for tag in line.split())
        return "keywords"
    return None


def _has_prompt_hint(line: str) -> bool:
    """Whether a line holds a word `_PROMPT_ANYWHERE` needs (one of `_PROMPT_HINTS`): substring searches, several
    times faster than the regex's scan of every position. Each hint is searched only in lines holding a short
    piece of it, which most lines lack (a test checks this is a search for each hint). Written out: `in` costs
    half what `map(line.__contains__, …)` does."""
    return (
        ("독" in line and "구독하세요" in line)
        or ("바" in line and "바로가기" in line)
        or ("재" in line and ("전재" in line or "재배포" in line))
        or ("습" in line and "학습" in line)
        or ("eserved" in line and ("rights reserved" in line or "Rights Reserved" in line))
    )


def _classify_short(line: str, meta: Metadata) -> str | None:
    if found := find_datetime(line):
        stamp = _TIMESTAMP_WORDS.match(line)
        if stamp or _SENT_SUFFIX.search(line):
            # "입력 2023.10.05. 오전 11:20 수정 2023.10.05. 오후 1:20" holds both; the first date is the publication.
            if stamp and stamp["upd"]:
                meta.offer("updated", found[0])
            else:
                meta.offer("published", found[0])
                rest = line[found[1].end():]
                if (later := find_datetime(rest)) and re.search(r"수정|Updated", rest, re.IGNORECASE):
                    meta.offer("updated", later[0])
            return "timestamp"
        name = (line[: found[1].start()] + " " + line[found[1].end():]).strip(" |·,-")
        if not name or _NAME_ONLY.match(name) or _KO_REPORTER.fullmatch(name):
            meta.offer("published", found[0])
            meta.offer("byline", _reporter_name(name) or None)
            return "byline and date"
    if "@" in line and _EMAIL.search(line):
        meta.offer("byline", _reporter_name(_EMAIL.sub("", line)))
        return "reporter e-mail"
    if line.startswith("By") and (m := _EN_BY.match(line)):
        meta.offer("byline", m["name"])
        return "byline"
    # A reporter line ends in the title: test that at C speed before the regex (costly on Korean body lines).
    bare = line.strip(" =|")
    if bare.endswith(_REPORTER_TITLES) and (m := _KO_REPORTER.fullmatch(bare)) and not line.endswith("다."):
        meta.offer("byline", m["name"])
        return "byline"
    return None


def _may_be_widget(line: str) -> bool:
    """Whether a short line can be a widget, as far as its first character tells: a letter or digit there opens
    the line's compact form (lowercased), which must open a widget word. A set lookup instead of a regex
    substitution and a regex match on every short line that is not a widget (a test checks every BMP character)."""
    first = line[0]
    return not first.isalnum() or first.lower()[0] in _WIDGET_OPENINGS


def _compact(text: str) -> str:
    return _NOT_LETTERS.sub("", text).lower()


def _widget_with_count(line: str) -> bool:
    m = _WIDGET_WITH_COUNT.match(line)
    return bool(m) and _compact(m["word"]) in _WIDGET_WORDS


def _reporter_name(text: str) -> str | None:
    text = text.strip(" |·,-=()[]<>")
    if m := _KO_REPORTER.search(text):
        return m["name"]
    return text if text and (_NAME_ONLY.match(text) or len(text.split()) <= 4) else None


def _clean_publisher(who: str) -> str | None:
    who = re.sub(r"\s*(?:&|and)\s+\S+\.(?:com|co\.kr|kr|net)\S*$", "", who.strip(" ,.&"))
    return who or None


def _split_keywords(text: str) -> list[str]:
    only_commas = "，" not in text and "、" not in text and "·" not in text and "|" not in text
    pieces = text.split(",") if only_commas else _KEYWORD_SEPARATOR.split(text)  # str.split: a third the time
    return [kept for piece in pieces if (kept := piece.strip(" #"))]


def keyword_list(paragraph: str) -> list[str] | None:
    """The phrases of a keyword line like seed 000's last (many short comma-separated phrases and no sentence in
    sight), else None. Asked of every article's last paragraph (stripped), so the cheap tests come first."""
    if paragraph.count(",") < 3 or paragraph.endswith((".", "!", "?", "。", "다")):
        return None
    items = _split_keywords(paragraph)
    return items if len(items) >= 4 and max(map(len, map(str.split, items))) <= 6 else None


def strip_dateline(paragraph: str, meta: Metadata) -> str:
    """Remove an agency dateline ("(서울=연합뉴스) 홍길동 기자 = ") from a paragraph, keeping what it says."""
    if paragraph.startswith("(") and (m := _KO_DATELINE.match(paragraph)):
        meta.offer("publisher", m["agency"].strip())
        meta.offer("byline", m["name"])
        return paragraph[m.end():]
    if "A" <= paragraph[:1] <= "Z" and (m := _EN_DATELINE.match(paragraph)):  # its first character, at C speed
        meta.offer("publisher", m["agency"])
        return paragraph[m.end():]
    return paragraph


def is_caption(line: str) -> bool:
    """A photo caption: ends in an agency credit ("… TASS-EPA-Yonhap News") rather than a full stop."""
    if not (stripped := line.rstrip()) or stripped[-1] in FULL_STOPS:
        return False
    tail = line[-_CREDIT_TAIL:]
    opens_with_photo = line.startswith(("사진", "[사진"))
    if stripped[-1] not in _CAPTION_LAST and not opens_with_photo and "사진" not in tail:
        return False  # no credit at the end, and no photo: most lines that end in a quote or a word
    # _CAPTION_END can only match a tail that ends in a credit or holds "/ 사진": test that at C speed first (the
    # credit's last letter, then the credits).
    bare = tail.rstrip().rstrip("-/ ")
    credited = (bare[-1:] in _CREDIT_ENDS and bare.endswith(_CREDITS)) or ("/" in tail and "사진" in tail)
    return bool((opens_with_photo and _CAPTION_START.match(line)) or (credited and _CAPTION_END.search(tail)))
