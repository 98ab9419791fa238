"""What kind of source a speaker is — official, news outlet, anonymous, expert, document or other — guessed from
the words of the source span, then made consistent over the article.

The kinds follow the gold guidelines (bench/data/gold/GUIDELINES.md §3): governments, their bodies and people
(courts, cities and state companies included) are officials, also when unnamed but identified ("a military
source", 문체부 관계자); a source that names no one is anonymous; parties, companies, clubs and lawyers are other.
The words are read in a fixed order — what names no one, what the head noun says, what any word says, places —
and an article-wide pass gives an abbreviation the kind of its full name and a later mention of a person ("Lee",
"공 분석관") the kind of the fuller first one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from tandem.annotations.suggest.reported import Reported

EN_PRONOUNS = frozenset(("he", "she", "they", "it", "we", "i", "you"))
KO_PRONOUNS = frozenset(("그", "그녀", "그들", "이들", "저", "우리", "그녀들"))
KO_COUNTRIES = frozenset(("한국", "남한", "대한민국", "북", "미", "러", "중", "일", "한미", "북러", "북중",
                          "미국", "북한", "일본", "중국", "러시아"))  # fmt: skip
"""Country words the CLDR names (babel) lack or that must work without them."""

# fmt: off
_EN_UNNAMED = frozenset(("official", "officials", "source", "sources", "aide", "aides", "diplomat", "diplomats",
                         "insider", "insiders", "people", "person", "expert", "experts", "analyst", "analysts",
                         "observers", "residents", "witnesses", "critics", "researchers", "scholars", "economists",
                         "authorities", "lawmakers", "negotiators"))
_EN_BARE_ANONYMOUS = frozenset(("official", "officials", "source", "sources", "people", "person", "insider",
                                "insiders", "aide", "aides"))
_EN_DETERMINERS = frozenset(("a", "an", "the", "some", "several", "many", "two", "three", "four", "other", "one",
                             "senior", "top", "most", "few", "multiple", "unnamed", "anonymous", "certain", "both",
                             "all", "these", "those", "also", "high-ranking", "high-level", "well-placed",
                             "knowledgeable", "informed", "reliable", "local", "another"))
_EN_OUTLETS = ("times", "post", "journal", "reuters", "associated press", "ap", "afp", "agence france", "bloomberg",
               "cnn", "bbc", "yonhap", "kcna", "korean central news agency", "news agency", "newspaper", "kyodo",
               "xinhua", "tass", "yomiuri", "nikkei", "asahi", "nyt", "guardian", "politico", "axios", "broadcaster",
               "outlet", "media", "daily", "interfax", "ria", "nhk", "news", "wsj", "the economist", "telegraph",
               "herald", "tribune", "gazette", "rodong sinmun", "television", "tv", "radio", "network",
               "press agency", "kbs", "mbc", "sbs", "ytn", "jtbc", "arirang")
_EN_DOCUMENTS = ("report", "statement", "document", "filing", "letter", "survey", "data", "study", "memo",
                 "release", "transcript", "readout", "communique", "resolution", "bill", "ruling", "website",
                 "paper", "analysis", "assessment", "records", "minutes", "declaration", "notice", "guidance",
                 "order", "poll", "details", "contents", "text", "summary", "cable", "email", "message",
                 "documents", "reports", "tally", "count", "estimate", "figures", "verdict", "indictment")
_EN_EXPERTS = ("expert", "experts", "analyst", "analysts", "professor", "fellow", "researcher", "researchers",
               "scholar", "scholars", "economist", "economists", "think tank", "institute", "university",
               "strategist", "scientist", "scientists", "academic", "lecturer", "specialist", "specialists",
               "observers", "consultant", "center", "centre", "doctor", "physician", "pediatrician", "clinic")
_EN_OFFICIALS = ("spokesman", "spokeswoman", "spokesperson", "minister", "president", "secretary", "ministry",
                 "white house", "kremlin", "government", "department", "ambassador", "governor", "gov.", "senator",
                 "lawmaker", "chairman", "chief", "general", "prime minister", "leader", "pentagon", "military",
                 "army", "police", "commission", "council", "nsc", "administration", "official", "officials",
                 "mayor", "envoy", "diplomat", "diplomats", "congressman", "congresswoman", "representative",
                 "premier", "king", "chancellor", "cabinet", "parliament", "assembly", "office", "embassy",
                 "commander", "prosecutor", "prosecutors", "court", "judge", "regulator", "authorities",
                 "ministers", "service", "intelligence", "state", "navy", "command", "staff", "lawmakers",
                 "negotiators", "aide", "aides", "adviser", "advisor", "commissioner", "agency", "board", "city",
                 "province", "county", "bureau", "united nations", "un", "defense", "diplomatic", "presidential",
                 "security", "customs", "coast guard", "fire", "firefighters", "forces", "troops", "press secretary")
_EN_OTHER_ROLES = ("chief executive", "chief financial officer", "chief operating officer", "ceo", "cfo", "coo",
                   "executive", "lawyer", "lawyers", "attorney", "attorneys", "club", "company", "firm", "team",
                   "union", "campaign", "league", "federation", "association")
_EN_OTHER_QUALIFIERS = (*_EN_OTHER_ROLES, "industry", "party", "business", "corporate", "hospital", "school")
_EN_RULING_PARTIES = ("workers' party", "workers’ party", "communist party")
_EN_NATIONALITIES = frozenset(("U.S", "US", "UN", "EU", "North", "South", "East", "West", "White", "House", "State",
                               "Department", "Western"))
_EN_COUNTRY_WORDS = frozenset(("Korea", "Korean", "U.S.", "U.S", "US", "America", "American", "Japan", "Japanese",
                               "China", "Chinese", "Russia", "Russian", "Seoul", "Pyongyang", "Washington", "Tokyo",
                               "Beijing", "Moscow"))
_EN_CLAUSE_EDGE = re.compile(r",| of | at | for | in | from | with | familiar | who | close to | by | under |\(")

_KO_UNNAMED = ("관계자", "소식통", "당국자", "관리", "관료", "외교관", "측근", "인사", "전문가", "분석가",
               "연구진", "주민", "목격자", "소식통들")
_KO_BARE_ANONYMOUS = ("관계자", "소식통", "측근", "인사")
_KO_DETERMINERS = frozenset(("한", "모", "일부", "복수", "다수", "익명의", "여러", "다른", "고위", "핵심", "이",
                             "그", "한두", "몇몇", "많은", "두", "세", "익명을", "요구한", "현지"))
_KO_DOCUMENTS = ("보고서", "성명", "문서", "자료", "발표문", "담화", "논평", "사설", "백서", "보도자료", "판결",
                 "공문", "서한", "편지", "내역", "결과", "조사", "통계", "회의록", "공보", "합의문", "선언문",
                 "기록", "메모", "홈페이지", "보고", "문건", "초안", "법안", "공고", "게시물", "성명서",
                 "입장문", "내용", "전문", "집계", "공소장", "판결문")
_KO_OUTLETS = ("뉴욕타임스", "NYT", "로이터", "요미우리", "연합뉴스", "조선중앙통신", "KCNA", "통신", "신문",
               "일보", "방송", "타임스", "포스트", "저널", "뉴스", "매체", "언론", "외신", "CNN", "BBC", "AP",
               "AFP", "블룸버그", "교도", "신화", "타스", "NHK", "닛케이", "아사히", "마이니치", "산케이",
               "가디언", "폴리티코", "악시오스", "WSJ", "로동", "노동신문", "조선신보", "YTN", "KBS", "MBC",
               "SBS", "JTBC", "중앙TV", "인테르팍스", "리아노보스티", "CNBC", "NBC", "ABC", "FT", "WP")
_KO_EXPERTS = ("연구원", "교수", "전문가", "연구위원", "분석가", "애널리스트", "이코노미스트", "박사", "연구소",
               "석좌", "학자", "평론가", "전략가", "연구진", "싱크탱크", "센터장", "연구실장", "학회",
               "연구센터", "의사", "전문의")
_KO_OFFICIALS = ("대변인", "장관", "대통령", "총리", "위원장", "의원", "대사", "청장", "차관", "실장", "수석",
                 "비서관", "국장", "총비서", "정부", "당국", "외교부", "국방부", "통일부", "백악관", "국무부",
                 "크렘린", "청와대", "대통령실", "국정원", "국가정보원", "합참", "경찰", "검찰", "위원회",
                 "지사", "국회", "총장", "사무총장", "유엔", "NSC", "국가안보회의", "주석", "국무장관", "차장",
                 "사령관", "행정부", "의장", "당국자", "관리", "관료", "부처", "기획재정부", "법무부", "영사",
                 "정상", "국왕", "정권", "내각", "크렘린궁", "펜타곤", "외교관", "군", "총재", "국방장관",
                 "외무장관", "외무부", "국무위원장", "대사관", "총영사", "합동참모본부", "참모", "부장",
                 "부부장", "노동당", "사령부", "국방성", "외무성", "조선중앙", "인민군", "시장", "도지사",
                 "구청장", "군수", "방위상", "외무상", "관방장관", "재무상", "소방", "재판부", "법원", "검사",
                 "판사", "분석관", "예보관")
_KO_BODY_ENDINGS = ("부", "청", "처", "성", "위", "시", "도", "군", "공사", "공단", "법원", "지검", "지법", "본부",
                    "경찰서", "소방서", "위원회")
"""Endings of government bodies, on a word of three syllables or more: 보건복지부, 기상청, 방위성, 금통위, 울산시."""
_KO_OTHER_ROLES = ("변호사", "변호인", "변호인단", "대표이사", "사장", "회장", "구단", "회사", "업체", "기업", "병원",
                   "학교", "단체", "팀", "협회", "재단", "노조", "연맹", "리그", "연합회")
_KO_PARTIES = ("국민의힘", "민주당", "정의당", "개혁신당", "조국혁신당", "진보당", "야당", "여당", "당")
# fmt: on


def english(source: str, previous: str | None = None) -> tuple[str, bool]:
    """(kind, names no one) for an English source; a pronoun takes the previous speaker's kind."""
    lowered = " " + re.sub(r"[^\w\s.'’-]", " ", source.lower()) + " "
    words = lowered.split()
    if not words:
        return "other", False
    if len(words) == 1 and words[0] in EN_PRONOUNS:
        return previous or "other", False
    if " familiar " in lowered or "anonymity" in lowered or " not authorized " in lowered:
        return "anonymous", True
    if words[0] in ("a", "an", "the") and any(w in _EN_DOCUMENTS for w in words[1:4]):
        return "document", False  # "a regulatory filing the company submitted to …", "the report"
    core, *rest = _EN_CLAUSE_EDGE.split(lowered, maxsplit=1)
    tail = rest[0] if rest else ""
    core_words = core.split()
    head = core_words[-1].strip(".") if core_words else words[-1]
    first_clause = source.split(",")[0].split()
    named = any(w[:1].isupper() and w.lower().strip(".") not in _EN_DETERMINERS and w.strip(".,’'s")
                not in _EN_NATIONALITIES and not w.strip(".,’'s").endswith(("an", "ese", "ish", "i"))
                for w in first_clause[: len(core_words) - 1])  # fmt: skip
    if head in _EN_UNNAMED and not named:
        return _english_unnamed(head, [w for w in core_words[:-1] if w not in _EN_DETERMINERS], tail)
    if "," in source:  # "Park Jung-woo, an economist at Nomura Securities": the appositive says the role
        role = english(source.split(",", 1)[1].strip())[0]
        if role not in ("other", "anonymous"):
            return role, False
    return _english_named(source, lowered, head), False


def _english_unnamed(head: str, qualifiers: list[str], tail: str) -> tuple[str, bool]:
    """The kind of a source that names no one ("a military source", "officials at the ministry")."""
    for word in qualifiers:
        kind = _english_word(word)
        if kind is not None:
            return kind, True
    if tail.strip():
        kind, _ = english(tail.strip())
        if kind not in ("other", "anonymous"):
            return kind, True
    if head in ("expert", "experts", "analyst", "analysts", "researchers", "scholars", "economists"):
        return "expert", True
    if not qualifiers and head in _EN_BARE_ANONYMOUS:
        return "anonymous", True
    if head in ("source", "sources", "people", "person", "insider", "insiders", "witnesses", "residents"):
        return "anonymous", True
    return "official", True


def _english_word(word: str) -> str | None:
    """The kind one qualifying word gives an unnamed source ("military", "club", "U.S."), if any."""
    bare = word.strip(".,’'")
    if bare in _EN_OTHER_QUALIFIERS:
        return "other"
    if bare in _EN_OFFICIALS or bare.upper() in _EN_NATIONALITIES or bare.title() in _EN_COUNTRY_WORDS:
        return "official"
    if bare in _EN_EXPERTS:
        return "expert"
    if bare in _EN_OUTLETS:
        return "news_outlet"
    return None


def says_other_en(source: str) -> bool:
    """Whether an English source's own words make it `other`: a company role, a lawyer, a party."""
    lowered = " " + re.sub(r"[^\w\s.'’-]", " ", source.lower()) + " "
    return any(f" {role} " in lowered for role in _EN_OTHER_ROLES) or (
        " party " in lowered and not any(p in lowered for p in _EN_RULING_PARTIES))


def _english_named(source: str, lowered: str, head: str) -> str:
    """The kind of a source that names someone or something: outlets by name, then roles, the head noun, any
    word, places."""
    from tandem.annotations.suggest.places import place_names

    if any(f" {name} " in lowered for name in _EN_OUTLETS if name not in ("outlet", "media")):
        return "news_outlet"
    if says_other_en(source) and head not in ("lawmaker", "lawmakers", "representative", "senator"):
        return "other"
    for kind, lexicon in (("document", _EN_DOCUMENTS), ("expert", _EN_EXPERTS), ("official", _EN_OFFICIALS),
                          ("news_outlet", _EN_OUTLETS)):  # fmt: skip
        if head in lexicon:
            return kind
    for kind, lexicon in (("expert", _EN_EXPERTS), ("official", _EN_OFFICIALS), ("document", _EN_DOCUMENTS),
                          ("news_outlet", ("outlet", "media"))):  # fmt: skip
        if any(f" {p} " in lowered for p in lexicon):
            return kind
    bare = source.strip().removeprefix("the ").removeprefix("The ")
    capitalised = [w for w in bare.split() if w[:1].isupper()]
    if bare in place_names("en") or bare in _EN_COUNTRY_WORDS or (
        len(capitalised) >= 2 and any(w.strip(".,") in _EN_COUNTRY_WORDS or w in place_names("en")
                                      for w in capitalised)):  # fmt: skip
        return "official"  # a country as a speaker, or a body named after it (Statistics Korea)
    return "other"


def korean(source: str, previous: str | None = None) -> tuple[str, bool]:
    """(kind, names no one) for a Korean source; a pronoun takes the previous speaker's kind."""
    words = [w.removesuffix("의") for w in source.replace("(", " ").replace(")", " ").split()]
    if not words:
        return "other", False
    head = words[-1].removesuffix("들")
    if head in KO_PRONOUNS:
        return previous or "other", False
    if head.endswith(_KO_UNNAMED):
        return _korean_unnamed(head, [w for w in words[:-1] if w not in _KO_DETERMINERS])
    if says_other_ko(source):
        return "other", False
    for kind, lexicon in (("document", _KO_DOCUMENTS), ("news_outlet", _KO_OUTLETS), ("expert", _KO_EXPERTS),
                          ("official", _KO_OFFICIALS)):  # fmt: skip
        if head.endswith(lexicon):
            return kind, False
    for kind, lexicon in (("news_outlet", _KO_OUTLETS), ("expert", _KO_EXPERTS), ("official", _KO_OFFICIALS)):
        if any(word in source for word in lexicon):
            return kind, False
    if _korean_body(head) or any(_korean_body(w, countries=False) for w in words):
        return "official", False  # before the documents: 통계청 is a body, not 통계
    if any(word in source for word in _KO_DOCUMENTS):
        return "document", False
    return "other", False


def says_other_ko(source: str) -> bool:
    """Whether a Korean source's own words make it `other`: a lawyer, a company, a party's spokesperson, a former
    lawmaker (전 의원); a party's lawmaker stays official."""
    words = [w.removesuffix("의") for w in source.replace("(", " ").replace(")", " ").split()]
    if not words:
        return False
    head = words[-1].removesuffix("들")
    return head.endswith(_KO_OTHER_ROLES) or "전" in words[:-1] or (
        any(_korean_party(w) for w in words) and not head.endswith("의원"))  # fmt: skip


def _korean_unnamed(head: str, qualifiers: list[str]) -> tuple[str, bool]:
    """The kind of a source that names no one (관계자, 소식통), from what qualifies it (문체부 관계자)."""
    for word in qualifiers:
        if word.endswith(_KO_OTHER_ROLES):
            return "other", True
        for kind, lexicon in (("news_outlet", _KO_OUTLETS), ("expert", _KO_EXPERTS), ("official", _KO_OFFICIALS)):
            if word.endswith(lexicon):
                return kind, True
        if _korean_body(word):
            return "official", True
    if not qualifiers and head.endswith(_KO_BARE_ANONYMOUS):
        return "anonymous", True
    if head.endswith(("전문가", "분석가", "연구진")):
        return "expert", True
    if head.endswith(("관리", "당국자", "관료", "외교관")):
        return "official", True
    return "anonymous", True


def _korean_party(word: str) -> bool:
    """Whether a word names a political party other than a one-party state's (노동당 speaks for the state)."""
    if word in _KO_PARTIES[:-1]:
        return True
    return len(word) >= 3 and word.endswith("당") and not word.endswith(("노동당", "담당", "해당", "정당"))


def _korean_body(word: str, countries: bool = True) -> bool:
    """Whether a word names a government body or (with `countries`) a country: 기상청, 울산시, 한국전력, 미국.
    Before a person's name a country is a nationality (일본 영화감독), so callers reading every word leave it out."""
    from tandem.annotations.suggest.places import place_names

    if countries and (word in place_names("ko") or word in KO_COUNTRIES):
        return True
    if len(word) >= 3 and word.endswith(_KO_BODY_ENDINGS):
        return True
    return any(word.startswith(country) and len(word) >= len(country) + 2 for country in ("한국", "대한"))


@dataclass(frozen=True)
class Language:
    """What the article-wide pass needs to know of one language's sources."""

    classify: Callable[[str], tuple[str, bool]]
    same_person: Callable[[str, str], bool]  # (short mention, fuller source) -> one person?
    introduction: Callable[[str, str], str | None]  # (text, short mention) -> the words first naming them
    says_other: Callable[[str], bool]  # whether a source's own words make it `other` (a party, a lawyer)


def resolved(text: str, found: list[Reported], language: Language) -> list[Reported]:
    """`found` with kinds made consistent over the article: a source guessed `other` that abbreviates a name
    given in full in the text ("질병관리청(질병청)", "Joint Chiefs of Staff (JCS)") takes the full name's kind;
    a later, shorter mention of a person ("Han", "이현우 대변인") takes the kind of the fuller source before it,
    or else of the words the article first names them with ("Finance Minister Han Jae-won", "더불어민주당
    이현우 대변인") — where those say something: an `other` overrides a title only when its words say so."""
    classify = language.classify
    by_start = sorted(range(len(found)), key=lambda i: found[i].source[0] if found[i].source else -1)
    seen: list[tuple[str, str]] = []
    out = list(found)
    for i in by_start:
        reported = out[i]
        if reported.source is None:
            continue
        source = text[reported.source[0] : reported.source[1]]
        kind = reported.kind
        if kind == "other":
            full = _spelled_out(text, source)
            full_kind = classify(full)[0] if full is not None else "other"
            if full_kind != "other":
                kind = full_kind
        earlier = next((k for s, k in reversed(seen) if len(s) > len(source) and language.same_person(source, s)),
                       None)  # fmt: skip
        introduced = language.introduction(text, source) if earlier is None else None
        if earlier is not None:
            kind = earlier  # decided already, with more words
        elif introduced is not None and len(introduced) > len(source):
            first_kind = classify(introduced)[0]
            if first_kind != "other" or kind == "other" or language.says_other(introduced):
                kind = first_kind
        seen.append((source, kind))
        if kind != reported.kind:
            out[i] = replace(reported, kind=kind)
    return out


_NAME_BEFORE_BRACKET = re.compile(r"([^\s()“”\"]+(?:\s+[A-Z][^\s()“”\"]*|\s+(?:of|and|for|the|on)){0,8})\s*\Z")
_NAME_REACH = 200
"""How far before a bracket a name's words may start (nine words)."""


def _spelled_out(text: str, abbreviation: str) -> str | None:
    """The full name an abbreviation is given for in brackets ("질병관리청(질병청)"), or a Latin acronym's
    capitalised words in the text ("Joint Chiefs of Staff" for "JCS"), or None."""
    if not 2 <= len(abbreviation) <= 8 or " " in abbreviation:
        return None
    bracketed = f"({abbreviation})"
    at = text.find(bracketed)
    while at >= 0:  # the words just before the first bracket that follows some (the name's words hold no bracket)
        match = _NAME_BEFORE_BRACKET.search(text, max(0, at - _NAME_REACH), at)
        if match:
            return match.group(1)
        at = text.find(bracketed, at + 1)
    if abbreviation.isupper() and abbreviation.isalpha():  # "the JCS" after "the Joint Chiefs of Staff"
        for run in re.finditer(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|the|on)\s+)?[A-Z][\w'’-]*)+", text):
            if "".join(w[0] for w in run.group().split() if w[0].isupper()) == abbreviation:
                return run.group()
    return None


def introduction_en(text: str, short: str) -> str | None:
    """The capitalised words before the first mention of a person's surname ("Finance Minister Han Jae-won" for
    "Han"), or None when `short` is not a person's name."""
    if not _person_reference_en(short):
        return None
    surname = [w for w in short.split() if not w.endswith(".")][-1]
    match = re.search(r"((?:[A-Z][\w.'’-]*\s+){1,6})" + re.escape(surname) + r"\b((?:[\s-][A-Z][\w'’-]*)*)", text)
    return match.group(0) if match else None


def introduction_ko(text: str, short: str) -> str | None:
    """The word before the first mention of a person's name, with the source ("더불어민주당 이현우 대변인" for
    "이현우 대변인"), or None when `short` does not begin with a whole name."""
    from tandem.annotations.particles import strip_particle

    first = short.split()[0] if short.split() else ""
    if not 2 <= len(first) <= 4 or not all("가" <= c <= "힣" for c in first) or len(short.split()) > 2:
        return None
    if short.split()[-1].endswith(_KO_UNNAMED):
        return None
    match = re.search(r"(\S+)\s+" + re.escape(first) + r"(?=[\s은는이가의])", text)
    if match is None:
        return None
    before = match.group(1)
    return f"{before[: strip_particle(before, 0, len(before))]} {short}"


def _person_reference_en(short: str) -> bool:
    """Whether an English source is a short reference to a person: a title or Mr./Ms. and one or two
    capitalised words ("Han", "Mr. Lee", "Gov. Rhee")."""
    words = short.split()
    return (0 < len(words) <= 3 and short.lower() not in EN_PRONOUNS
            and all(w[:1].isupper() for w in words) and not words[-1].endswith("."))  # fmt: skip


def same_person_en(short: str, full: str) -> bool:
    """Whether `short` ("Lee", "Mr. Lee", "Gov. Rhee") names the person `full` names: its last capitalised word
    is a word of `full`."""
    if not _person_reference_en(short):
        return False
    surname = short.split()[-1].strip(",")
    return surname in {w.strip(".,’'s") for w in full.split()}


def same_person_ko(short: str, full: str) -> bool:
    """Whether `short` ("공 분석관", "이창용 총재", "이창용") names the person `full` names: its first word, a
    surname or a whole name, begins a word of `full`."""
    first = short.split()[0] if short.split() else ""
    if not first or not all("가" <= c <= "힣" for c in first) or len(first) > 4 or first in _KO_DETERMINERS:
        return False
    if short.split()[-1].endswith(_KO_UNNAMED):
        return False
    if len(first) == 1 and len(short.split()) == 1:
        return False
    return any(w.startswith(first) and 2 <= len(w) <= 4 for w in full.split())


ENGLISH = Language(english, same_person_en, introduction_en, says_other_en)
KOREAN = Language(korean, same_person_ko, introduction_ko, says_other_ko)
