"""What in a copied news page is not the article: portal widgets, prompts, copyright, timestamps, bylines.

Each rule looks at one line and says whether it is clutter (dropped) or metadata (kept as a field, never as body
text). The rules are tables of words and small regexes so that a new portal's widget or prompt is one line to add.
Field notes §1 list what real Korean news files contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tandem.reader.text.dates import find_datetime


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
"""A widget's label as `_compact` writes it: letters and digits only, lowercased ("SNS 공유" → "sns공유")."""
_WIDGET_INITIALS = frozenset(word[0] for word in _WIDGET_WORDS)
_NOT_LETTERS = re.compile(r"[\s\W_]+")
_WIDGET_WITH_COUNT = re.compile(r"^(?P<word>[^\d]{1,12}?)\s*\d[\d,]*$")

_PROMPTS_OPENING = (
    r"글자\s?크기\s?설정",
    r"이 글자크기로 변경됩니다",
    r"\(예시\)",
    r"이 기사에 대해 어떻게 생각하시나요",
    r"이 기사를 추천합니다",
    r"기사를 읽어\s?드립니다",
    r"본문 글씨 (?:키우기|줄이기)",
    r"제보는 카카오톡",
    r"제보하기",
    r"\[?(?:관련\s?기사|추천\s?기사|많이 본 기사)\]?",
    r"(?:Share|Subscribe|Follow us|Sign up) (?:on|to|for)\b",
)
"""Prompts that open their line, in any case."""
_PROMPTS_ANYWHERE = (
    ("구독하세요", r"구독하세요"),
    ("바로가기", r"바로가기\s*$"),
    ("전재", r"무단\s?전재"),
    ("재배포", r"재배포\s?금지"),
    ("학습", r"AI\s?학습 및 활용 금지"),
    ("rights reserved", r"All rights reserved"),
    ("Rights Reserved", r"All rights reserved"),
)
"""Prompts found anywhere in a line: a word the line holds as written, and the prompt, in any case, around it. The
words are looked for first, since a search in any case tries every position of every line."""
_PROMPT_WORD = re.compile("|".join(re.escape(word) for word, _ in _PROMPTS_ANYWHERE))
_PROMPT_ANYWHERE = re.compile("|".join(dict.fromkeys(prompt for _, prompt in _PROMPTS_ANYWHERE)), re.IGNORECASE)
_PROMO_BULLET = r"[▶☞►▷◆■]\s*.*(?:구독|바로가기|클릭|제보|채널|앱|다운로드|네이버|카카오|유튜브|홈페이지)"

# --- copyright → publisher -------------------------------------------------------------------------------------
_COPYRIGHT = (
    r"[<\[(]?\s*(?:copyrights?|저작권자|ⓒ|©|\(c\))\s*(?:by\s+)?(?:[ⓒ©]|\(c\))?\s*(?:(?:19|20)\d{2}\s*)?"
    r"(?P<who>[^.,:<>\[\]|]*?)\s*(?:[.,:|>\]]|무단|All rights|$)"
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
_KEYWORD_LABEL = r"(?:키워드|관련\s?키워드|태그|Keywords?|Tags?)\s*[:：]\s*(?P<rest>.+)$"
_HASHTAGS = r"(?:#[^\s#]+\s*){2,}$"
_KEYWORD_SEPARATOR = re.compile(r"[,，、·|]")

# --- the rules that match at a line's start --------------------------------------------------------------------
_OPENING_RULES = {
    "copyright": _COPYRIGHT,
    "prompt": "|".join(_PROMPTS_OPENING),
    "promotion": _PROMO_BULLET,
    "keywords": _KEYWORD_LABEL,
    "hashtags": _HASHTAGS,
}
"""The rules that match a line from its start, in the order they are tried."""
_OPENING = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _OPENING_RULES.items()), re.IGNORECASE)
"""The opening rules as one regex, in any case: each rule is an outermost group, so `lastgroup` names the one that
matched (one match for all of them, on every line)."""

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
_CREDIT = "(?:" + "|".join(map(re.escape, _CREDITS)) + ")"
_CAPTION_END = re.compile(rf"(?:\s|^|/|=)(?:{_CREDIT}[-/ ]?)+\s*$|/\s*사진\s*[=:]?\s*\S+\s*$")
_CAPTION_START = re.compile(r"\[?사진\s*[=:]")
FULL_STOPS = ".!?。"
"""A line ending in one of these characters ends a sentence, so it is no caption (the parser asks `is_caption` of
other lines only: most lines end a sentence)."""
_CREDIT_TAIL = 60
"""A credit is at most a few agencies long: only a line's tail is searched for one."""


WIDGET_MAX = 24
SHORT_LINE = 80
PROMPT_MAX = 300
PROMPT_ANYWHERE_MAX = 160
"""Widgets, bylines and timestamps are short lines, prompts and copyright a sentence or two: a line longer than
these is body text, whatever it mentions."""


def classify(line: str, meta: Metadata) -> str | None:
    """If `line` (stripped, not empty) is clutter or metadata, record what it holds in `meta` and return why;
    else None."""
    length = len(line)
    if length > PROMPT_MAX:
        return None
    if length <= WIDGET_MAX and _is_widget(line):
        return "portal widget"
    opening = _OPENING.match(line)
    rule = opening.lastgroup if opening else None
    if rule == "copyright":
        meta.offer("publisher", _clean_publisher(opening["who"]))
        return "copyright"
    if rule in ("prompt", "promotion") or (
        length <= PROMPT_ANYWHERE_MAX and _PROMPT_WORD.search(line) and _PROMPT_ANYWHERE.search(line)
    ):
        return "portal prompt"
    if length <= SHORT_LINE and (reason := _classify_short(line, meta)):
        return reason
    if rule == "keywords":
        meta.keywords.extend(_split_keywords(opening["rest"]))
        return "keywords"
    if rule == "hashtags":
        meta.keywords.extend(tag.lstrip("#") for tag in line.split())
        return "keywords"
    return None


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
    if m := _EN_BY.match(line):
        meta.offer("byline", m["name"])
        return "byline"
    bare = line.strip(" =|")
    # A reporter line ends in the title: checked before the regex, which tries every way to split a Korean line.
    if bare.endswith(_REPORTER_TITLES) and (m := _KO_REPORTER.fullmatch(bare)) and not line.endswith("다."):
        meta.offer("byline", m["name"])
        return "byline"
    return None


def _is_widget(line: str) -> bool:
    """A widget's label alone ("좋아요", "SNS 공유") or with its count ("댓글 12", "공유 1,204")."""
    first = line[0]
    if first.isalnum() and first.lower()[0] not in _WIDGET_INITIALS:
        return False  # the line's compact form starts with this letter or digit, and no widget word does
    if _compact(line) in _WIDGET_WORDS:
        return True
    m = _WIDGET_WITH_COUNT.match(line)
    return bool(m) and _compact(m["word"]) in _WIDGET_WORDS


def _compact(text: str) -> str:
    return _NOT_LETTERS.sub("", text).lower()


def _reporter_name(text: str) -> str | None:
    text = text.strip(" |·,-=()[]<>")
    if m := _KO_REPORTER.search(text):
        return m["name"]
    return text if text and (_NAME_ONLY.match(text) or len(text.split()) <= 4) else None


def _clean_publisher(who: str) -> str | None:
    who = re.sub(r"\s*(?:&|and)\s+\S+\.(?:com|co\.kr|kr|net)\S*$", "", who.strip(" ,.&"))
    return who or None


def _split_keywords(text: str) -> list[str]:
    return [kept for piece in _KEYWORD_SEPARATOR.split(text) if (kept := piece.strip(" #"))]


def keyword_list(paragraph: str) -> list[str] | None:
    """The phrases of a keyword line like seed 000's last (many short comma-separated phrases and no sentence in
    sight), else None. Asked of every article's last paragraph (stripped)."""
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
    if "A" <= paragraph[:1] <= "Z" and (m := _EN_DATELINE.match(paragraph)):  # each opens as its regex does
        meta.offer("publisher", m["agency"])
        return paragraph[m.end():]
    return paragraph


def is_caption(line: str) -> bool:
    """A photo caption: opens with "사진=" or ends in an agency credit ("… TASS-EPA-Yonhap News", "… / 사진=뉴스1")
    rather than a full stop."""
    stripped = line.rstrip()
    if not stripped or stripped[-1] in FULL_STOPS:
        return False
    if _CAPTION_START.match(line):
        return True
    tail = line[-_CREDIT_TAIL:]
    # A credit or "/ 사진=…" ends a caption: checked before the regex, which would try every position of the tail.
    if not (tail.rstrip().rstrip("-/ ").endswith(_CREDITS) or "사진" in tail):
        return False
    return bool(_CAPTION_END.search(tail))
