"""Names in Korean text from kiwipiepy's proper nouns, labelled by the words a reader would look at around them.

Kiwi tags proper nouns (NNP) and Latin acronyms (SL) and splits particles off as their own tokens, so a name's span
never swallows 은/는/이/가, but it gives no entity types. The type comes from context, as a reader would get it: a
title or role after the name (푸틴 러시아 대통령 → PERSON), an organisation's ending (조선노동당, 한빛전자 → ORG),
a CLDR country or city (→ GPE), short lists of well-known institutions, outlets and places (백악관, 로이터 → ORG);
what is left gets a plausible default at a low score. Pieces are joined into one name by the field notes' rule
(§8): no space between them, or one is an initial ("존 F. 커비"), or a piece never stands alone elsewhere in the
text. The notes ask that neither piece stand alone; one is enough here, so that "블라디미르 푸틴" and "조 바이든"
stay whole in a text that also says 푸틴 and 바이든 alone (a place or an institution is never joined).

Following the gold guidelines: one syllable per state (북러, 한·미·일) is a GPE, a state's forces (러시아군) are not
annotated, and dates are explicit ones only (2023년 9월 14일, 4일, 2023. 9. 14.; not 이날, 지난주, 3일간).
Without kiwipiepy only those dates and the listed names (CLDR places, institutions) are found, as whole words.

Loading Kiwi takes seconds and hundreds of megabytes: call `load()` from a worker thread before the first use.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tandem.annotations.particles import PARTICLES, strip_particle
from tandem.annotations.suggest.kiwi import Token, analyser, read_side
from tandem.annotations.suggest.mention import Mention, without_overlaps
from tandem.annotations.suggest.places import place_names


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _ordered(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Roles written after a person's name (푸틴 러시아 대통령, 블링컨 국무장관: the last token is matched), and the
# government a leader gives a name to (바이든 행정부).
TITLES = _words(
    "대통령 부통령 총리 국무총리 부총리 수상 장관 차관 대변인 위원장 부위원장 국무위원장 총비서 제1비서 비서 의원 "
    "대표 원내대표 최고위원 기자 특파원 앵커 회장 부회장 사장 부사장 대표이사 이사장 총장 사무총장 의장 부의장 주석 "
    "국가주석 국왕 왕세자 여왕 총재 부총재 원장 청장 처장 실장 비서실장 국장 부장 차장 교수 연구원 선임연구원 "
    "연구위원 박사 감독 선수 대사 특사 대주교 교황 장군 대장 사령관 참모총장 합참의장 지사 도지사 시장 군수 "
    "구청장 판사 검사 검사장 검찰총장 변호사 보좌관 안보보좌관 조정관 단장 영사 총영사 소장 센터장 이사 전무 상무 "
    "위원 총독 후보 씨 여사 옹 목사 스님 신부 작가 배우 가수 감독관 관장 특별대표 국방장관 국무장관 외무장관 "
    "외교장관 공보비서 행정부 정부 정권 내각"
)

# How a Korean organisation's name ends (조선노동당, 한국은행, 조선중앙통신, 뉴욕타임스, 윌슨센터).
_ORG_ENDINGS = _ordered(
    "위원회 이사회 은행 일보 신문 방송 통신 그룹 전자 대학교 대학 타임스 뉴스 포스트 저널 센터 연구소 연구원 재단 "
    "기구 협회 공사 공단 회의 법원 검찰청 지검 지법 증권 자동차 중공업 건설 항공 텔레콤 정부 행정부 의회 국회 "
    "거래소 전력 원자력 반도체 리서치 이코노믹스 FC 제약 바이오 화학 생명 해운 철강 물산 경찰서 소방서 "
    "사령부 본부 학회 연합회 협의회 연합 연맹 노총 노조 조합 동맹 당 부 청 처 원 대"
)
_SHORT_ORG_ENDINGS = {"당": 4, "부": 4, "청": 4, "처": 4, "원": 4, "대": 3}
"""One-syllable endings and the length a name needs for one to count: 박지원 and 김정부 are people, 서울대 and
칭화대 universities."""

# Well-known organisations and news outlets, matched as whole words (국가정보원 is two NNG pieces to Kiwi).
_ORG_WORDS = _words(
    "백악관 크렘린 크렘린궁 펜타곤 청와대 대통령실 국회 국방부 외교부 국무부 통일부 법무부 재무부 상무부 국토안보부 "
    "기획재정부 산업통상자원부 행정안전부 교육부 보건복지부 환경부 고용노동부 여성가족부 문화체육관광부 "
    "과학기술정보통신부 농림축산식품부 해양수산부 중소벤처기업부 국토교통부 국가보훈부 국방성 외무성 외교성 외무부 "
    "방위성 재무성 경제산업성 총무성 후생노동성 문부과학성 "
    "기재부 산업부 과기정통부 국토부 행안부 복지부 고용부 문체부 농식품부 해수부 중기부 여가부 보훈부 방사청 "
    "국가정보원 국정원 한은 합동참모본부 합참 국가안보회의 국가안전보장회의 중앙정보국 연방수사국 대검찰청 경찰청 "
    "국세청 관세청 통계청 기상청 방위사업청 질병관리청 감사원 헌법재판소 대법원 한국은행 금융위원회 금융감독원 "
    "산림청 소방청 조달청 특허청 병무청 해양경찰청 해경 농촌진흥청 국가유산청 문화재청 우주항공청 재외동포청 "
    "식품의약품안전처 식약처 인사혁신처 법제처 원자력안전위원회 원안위 개인정보보호위원회 개인정보위 국민권익위원회 "
    "권익위 방송통신위원회 방통위 중앙선거관리위원회 선관위 국가인권위원회 인권위 "
    "공정거래위원회 유엔 안보리 나토 유럽연합 아세안 국제원자력기구 세계보건기구 국제통화기금 세계은행 세계무역기구 "
    "노동당 조선노동당 국민의힘 더불어민주당 민주당 정의당 개혁신당 조국혁신당 진보당 새로운미래 자유한국당 "
    "미래통합당 국민의당 바른미래당 연준 연방준비제도 연방준비제도이사회 하마스 헤즈볼라 탈레반 후티 반군 "
    "삼성 현대 현대차 기아 네이버 카카오 쿠팡 포스코 한화 롯데 신세계 애플 구글 테슬라 엔비디아 화웨이 "
    "마이크로소프트 아마존 인텔 "
    "로이터 요미우리 아사히 마이니치 닛케이 산케이 교도 교도통신 지지통신 블룸버그 타스 타스통신 인테르팍스 "
    "스푸트니크 신화통신 신화사 알자지라 연합뉴스 뉴시스 뉴욕타임스 워싱턴포스트 월스트리트저널 파이낸셜타임스 "
    "가디언 폴리티코 악시오스 조선중앙통신 노동신문 조선중앙TV 조선중앙방송 경향신문 한겨레 조선일보 중앙일보 "
    "동아일보 KBS MBC SBS JTBC YTN CNN BBC NHK AP AFP NYT WSJ EU UN NATO IAEA WHO IMF KCNA NSC CIA FBI Fed "
    "NASA ESA JAXA OECD WTO OPEC IOC FIFA UNESCO UNICEF ASEAN ICC ICJ"
)

# Seas, continents and regions: places but not states (LOC), and state names CLDR does not give in this form.
_LOC_WORDS = _words(
    "태평양 대서양 인도양 북극해 동해 서해 남해 황해 한반도 동북아 동북아시아 동아시아 아시아 유럽 아프리카 중동 "
    "중남미 남미 극동 시베리아 발트해 흑해 지중해 남중국해 동중국해 대만해협 비무장지대 판문점 크림반도 북극 남극 월가 "
    "월스트리트"
)
# States and cities CLDR does not name in this form (its cities are those of its time zones): Korea's own above all.
_GPE_WORDS = _words(
    "한국 남한 조선 대한민국 워싱턴 워싱턴DC 베이징 키이우 텔아비브 도하 제네바 오사카 교토 뉴델리 뭄바이 "
    "이슬라마바드 앙카라 오타와 캔버라 하노이 호찌민 하바롭스크 샌프란시스코 에든버러 브라질리아 상파울루 보고타 "
    "프리토리아 아부다비 잉글랜드 스코틀랜드 웨일스 북아일랜드 가자지구 가자 서안지구 요르단강 서안 크림 돈바스 "
    "도네츠크 루한스크 헤르손 자포리자 바흐무트 하와이 괌 오키나와 대만 캘리포니아 텍사스 플로리다 버지니아 알래스카 "
    "세종 부산 인천 대구 광주 대전 울산 제주 수원 성남 고양 용인 창원 청주 전주 포항 경주 춘천 강릉 천안 김해 "
    "경기도 강원도 충청북도 충청남도 전라북도 전라남도 경상북도 경상남도 제주도 강원 충북 충남 전북 전남 경북 경남 "
    "서울시 부산시 인천시 대구시 광주시 대전시 울산시 세종시 개성 원산 함흥 신의주 청진 남포 연해주"
)
_LOC_ENDINGS = _ordered("반도 해협 우주기지 기지 공항 청사 산맥 사막 평야 호수 섬 양 산 강 원전 경기장 항")
_SEAS = _words("동해 서해 남해 황해 흑해 홍해 북해 지중해 카리브해 발트해 남중국해 동중국해 오호츠크해 베링해 "
               "아라비아해 에게해 아드리아해 카스피해 사해")  # a 해 ending alone is no sea: 백일해 is whooping cough
_GPE_ENDINGS = _ordered("공화국 주 시 성 현 도 구 군")  # 아무르/주 (a token of its own), 캘리포니아주, 광둥성, 강남구
_EVENT_ENDINGS = _ordered("전쟁 선언 협정 조약 올림픽 월드컵 엑스포 포럼 정상회의 박람회 사태 혁명 대전 컵")
_EVENT_WORDS = _words(
    "냉전 한국전쟁 6·25전쟁 6·25 베트남전쟁 걸프전 이라크전쟁 1차대전 2차대전 제1차세계대전 "
    "제2차세계대전 홀로코스트 광복절 개천절 삼일절 3·1절 제헌절 한글날 현충일 전승절 "
    "올림픽 패럴림픽 아시안게임 월드컵 유니버시아드"
)
_COMPOUND_EVENT_ENDINGS = ("포럼", "엑스포", "박람회", "올림픽", "월드컵", "정상회의", "영화제", "축제", "선수권대회",
                           "컨벤션")  # 동방경제포럼
_ELECTIONS = _words("총선 대선 지방선거 총선거 대통령선거")  # 제22대 총선: a numbered election is one event
_FORCES = "군"  # 러시아군, 북한군: a state's forces, which the guidelines do not annotate (nor the state in them)
_PLACE_GUESS = "place ending"  # the reason of a GPE guessed from its ending alone, which a title overrides
_ENDING_NOUNS = frozenset((*_ORG_ENDINGS, *_GPE_ENDINGS, *_EVENT_ENDINGS, *_LOC_ENDINGS, _FORCES))

# Common acronyms that name no entity.
_NOT_NAMES = _words("AI IT GDP CEO TV PC SNS OK PR CCTV DNA")
_WEAPONS = _words("ICBM SLBM IRBM MIRV MIRVs THAAD SM-3 KN-23 KN-24 KN-25")
# One syllable per state, as headlines write relations between states: 북러, 한·미·일, 북러정상회담 (GPE).
_STATE_SYLLABLES = re.compile(r"^[한북남미중일러]([·ㆍ・]?[한북남미중일러])+$")
_STATE_RUN = re.compile(r"(?<![가-힣])[한북남미중일러](?:[·ㆍ・]?[한북남미중일러]){1,3}")
_NOT_STATE_RUNS = _words("남미 북미 중미 중남미 일일 미미 한한 중중 남남 북북")  # continents, everyday words
_SURNAMES = frozenset(  # one syllable each, the commonest first
    "김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변"
    "염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부"
)
_INITIAL = re.compile(r"^[A-Z]\.$")
_HANGUL = re.compile(r"[가-힣]")
_LATIN_THEN_HANGUL = re.compile(r"^[A-Z]{1,4}&?[A-Z]?[가-힣]{2,}$")  # SK하이닉스, LG전자
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9&.\-]*$")

_DATE = re.compile(
    r"(?<![\d.,])(?:"
    r"\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?"  # 2023. 9. 14.
    r"|\d{4}\s?년(?:\s?\d{1,2}\s?월(?:\s?\d{1,2}\s?일)?)?"  # 2023년, 2019년 4월, 2023년 9월 14일
    r"|(?:1[0-2]|0?[1-9])\s?월(?:\s?(?:3[01]|[12]\d|0?[1-9])\s?일)?"  # 9월, 9월 14일
    r"|(?:3[01]|[12]\d|0?[1-9])\s?일"  # 4일
    r"|[월화수목금토일]요일"
    r")(?!\s?(?:간|동안|째|만에|이내|치|분|개월|\d))"
)
_WORD = re.compile(r"[^\s\"'“”‘’()\[\]{}<>«»「」『』,.!?·…:;=/]+")


@dataclass
class _Run:
    """Consecutive Kiwi tokens read as one name, with what is known about its type so far."""

    first: int  # index of the first token
    last: int  # index of the last token (inclusive)
    start: int
    end: int
    label: str | None = None
    skip: bool = False  # read as no name at all (러시아군: a state's forces)
    joined: str = ""  # a common noun taken in as the name's ending (아무르/NNP 주/NNG)
    score: float = 0.0
    reason: str = ""
    pieces: list[str] = field(default_factory=list)

    def set(self, label: str, score: float, reason: str) -> None:
        self.label, self.score, self.reason = label, score, reason


def load() -> bool:
    """Load Kiwi and the CLDR names now (from a worker thread), so the first `korean_names` call is quick."""
    place_names("ko")
    return analyser() is not None


def korean_names(text: str) -> list[Mention]:
    """Names (PERSON, ORG, GPE, LOC, EVENT, MILITARY) and explicit dates in Korean `text`, sorted, never overlapping.

    Offsets are code points into `text`. Without kiwipiepy only dates and known names (CLDR places, the lists
    here) are found."""
    kiwi = analyser()
    found = list(_dates(text))
    if kiwi is None:
        found += _known_words_by_pattern(text)
    else:
        found += _names_from_tokens(text, _unglued(text, read_side(text) or []), kiwi)
    found = without_overlaps(found)
    return without_overlaps([*(_numbered_unit(text, m) for m in found), *_abbreviations(text, found)])


def _numbered_unit(text: str, mention: Mention) -> Mention:
    """ "고리 2호기", "한빛 1·2호기": a plant's name and its numbered reactors are one place."""
    match = re.match(r" ?\d+(?:·\d+)*호기", text[mention.end : mention.end + 12])
    if match is None:
        return mention
    return Mention(mention.start, mention.end + match.end(), "LOC", 0.75, "a plant's numbered reactor unit")


def _abbreviations(text: str, found: list[Mention]) -> list[Mention]:
    """An abbreviation given in brackets after a name (원자력안전위원회(원안위)) has that name's label wherever it
    stands as a word, a particle allowed after it; a word with an organisation's ending before the brackets is
    such a name even where Kiwi reads it as common nouns (해양경찰청(해경))."""
    named = {m.end: m for m in found if m.label in ("ORG", "GPE", "LOC", "EVENT")}
    out = []
    for bracket in re.finditer(r"([가-힣]{3,})?\(([가-힣A-Za-z0-9]{2,6})\)", text):
        mention = named.get(bracket.start(2) - 1)
        word = bracket.group(1)
        if mention is None and word and (ending := _org_ending(word)) and len(word) >= len(ending) + 2:
            mention = Mention(bracket.start(1), bracket.end(1), "ORG", 0.7, f"organisation ending {ending}")
            out.append(mention)
        if mention is None:
            continue
        short = bracket.group(2)
        reason = f"abbreviation of {text[mention.start : mention.end]}, given in brackets after it"
        for match in re.finditer(r"(?<![가-힣A-Za-z0-9])" + re.escape(short), text):
            word_end = re.match(r"[^\s()\[\],.“”\"'‘’·…]*", text[match.end() :]).end() + match.end()  # type: ignore[union-attr]
            if match.end() == word_end or strip_particle(text, match.start(), word_end) == match.end():
                out.append(Mention(match.start(), match.end(), mention.label, 0.7, reason))
    return out


# ---------------------------------------------------------------------------------------------------------- dates


def _dates(text: str) -> Iterable[Mention]:
    for match in _DATE.finditer(text):
        yield Mention(match.start(), match.end(), "DATE", 0.9, "explicit Korean date")


# ------------------------------------------------------------------------------------------ without kiwipiepy


def _known_words_by_pattern(text: str) -> Iterable[Mention]:
    """CLDR places and the well-known names above as whole words, a particle allowed after them (the fallback when
    Kiwi is missing: no tagger to find other names with)."""
    names = place_names("ko")
    for match in _WORD.finditer(text):
        start, end = match.span()
        if not _HANGUL.search(match.group()):
            continue
        for stop in (end, strip_particle(text, start, end)):
            word = text[start:stop]
            if word in names and len(word) >= 2 and word not in _AMBIGUOUS_PLACES:
                yield Mention(start, stop, "GPE", 0.7, f"CLDR {names[word].kind} name")
            elif word in _GPE_WORDS:
                yield Mention(start, stop, "GPE", 0.7, "well-known Korean place name")
            elif word in _ORG_WORDS:
                yield Mention(start, stop, "ORG", 0.7, "well-known organisation")
            elif word in _LOC_WORDS:
                yield Mention(start, stop, "LOC", 0.7, "sea, continent or region")
            elif word in _EVENT_WORDS:
                yield Mention(start, stop, "EVENT", 0.7, "well-known war or day")
            else:
                continue
            break


# Country names that are also everyday words (오만 "arrogance", 가나 in 가나다): only a tagger can tell them apart.
_AMBIGUOUS_PLACES = _words("오만 가나 말리 기니 차드 이란 조지아")


# ------------------------------------------------------------------------------------------ with kiwipiepy


def _is_piece(token: Any) -> bool:
    if token.tag == "NNP":
        return token.form not in TITLES
    return token.tag == "SL" and bool(_LATIN_NAME.match(token.form))


def _gap(text: str, left: Any, right: Any) -> str:
    return text[left.start + left.len : right.start]


_GLUED = frozenset("이가은는을를의에와과도로")
"""One-syllable particles Kiwi sometimes leaves inside a proper noun it does not know (하늘엔터테인먼트가/NNP)."""


def _unglued(text: str, tokens: Sequence[Any]) -> list[Any]:
    """The tokens with a particle Kiwi glued to an unknown proper noun split off again: where the syllable and the
    token after it make a particle (안탈리아에/NNP 서/JKB: 에서), or where the text writes the same stem elsewhere
    with another particle or none (하늘엔터테인먼트가, beside 하늘엔터테인먼트의)."""
    out: list[Any] = []
    for i, token in enumerate(tokens):
        form, end = token.form, token.start + token.len
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if (token.tag == "NNP" and len(form) >= 4 and form[-1] in _GLUED and form not in place_names("ko")
                and form not in _ORG_WORDS and strip_particle(text, token.start, end) == end - 1):  # fmt: skip
            split_particle = nxt is not None and nxt.tag.startswith("J") and nxt.start == end and (
                form[-1] + nxt.form in PARTICLES)  # fmt: skip
            if split_particle or _stands_elsewhere(text, form[:-1], form[-1]):
                out += [Token(form[:-1], "NNP", token.start, len(form) - 1), Token(form[-1], "JX", end - 1, 1)]
                continue
        out.append(token)
    return out


def _stands_elsewhere(text: str, stem: str, glued: str) -> bool:
    """Whether `stem` starts a word somewhere with nothing after it, or a particle that does not begin with the
    syllable glued to it (우루과이 is not 우루과 + 이, though written 우루과이는)."""
    for match in re.finditer(rf"(?<![가-힣]){re.escape(stem)}([가-힣]*)", text):
        rest = match.group(1)
        if not rest or (rest in PARTICLES and not rest.startswith(glued)):
            return True
    return False


def _names_from_tokens(text: str, tokens: Sequence[Any], kiwi: Any) -> list[Mention]:
    runs = _runs(text, tokens)
    runs = _extend_runs(text, tokens, runs)
    _label_intrinsic(text, runs, kiwi)
    _label_by_title(text, tokens, runs)
    _label_acronyms_in_parentheses(tokens, runs)
    _label_by_propagation(runs, text)
    _complete_names(text, tokens, runs)
    _label_defaults(runs, text, kiwi)
    found = [Mention(r.start, r.end, r.label, r.score, r.reason) for r in runs if r.label and not r.skip]
    found += _events(text, tokens)
    found += _same_words(text, tokens, found)
    found += _lexicon_words(text, tokens)
    found += _state_runs(text, tokens)
    found += _quoted_days(text)
    return found


def _runs(text: str, tokens: Sequence[Any]) -> list[_Run]:
    """Proper-noun pieces joined into names: touching pieces always, spaced ones by the field notes' rule."""
    touching: list[_Run] = []
    for i, token in enumerate(tokens):
        # an initial-bearing name may start with a word Kiwi calls common: 진/NNG H./SL 리/NNP
        before_initial = (
            token.tag.startswith("NN")
            and i + 1 < len(tokens)
            and _INITIAL.match(tokens[i + 1].form) is not None
            and _gap(text, token, tokens[i + 1]) == " "
            and len(token.form) <= 3
        )
        if not _is_piece(token) and not before_initial:
            continue
        end = token.start + token.len
        if touching and touching[-1].last == i - 1 and touching[-1].end == token.start:
            run = touching[-1]
            run.last, run.end = i, end
            run.pieces[-1] += token.form
        else:
            touching.append(_Run(i, i, token.start, end, pieces=[token.form]))
    alone = Counter(
        text[r.start : r.end]
        for k, r in enumerate(touching)
        if not (k and _spaced(text, touching[k - 1], r))
        and not (k + 1 < len(touching) and _spaced(text, r, touching[k + 1]))
    )
    joined: list[_Run] = []
    for run in touching:
        if joined and _spaced(text, joined[-1], run) and _joinable(text, joined[-1], run, alone):
            left = joined[-1]
            left.last, left.end = run.last, run.end
            left.pieces += run.pieces
        else:
            joined.append(run)
    return [r for r in joined if not _state_syllables(text[r.start : r.end])]


def _state_syllables(name: str) -> bool:
    """북러, 한·미·일: one syllable per state, a relation between states rather than a name (북한 is a name)."""
    return _STATE_SYLLABLES.match(name) is not None and name not in place_names("ko") and name not in _GPE_WORDS


def _spaced(text: str, left: _Run, right: _Run) -> bool:
    return right.first == left.last + 1 and text[left.end : right.start] == " "


def _joinable(text: str, left: _Run, right: _Run, alone: Counter[str]) -> bool:
    left_text, right_text = text[left.start : left.end], text[right.start : right.end]
    if _INITIAL.match(left.pieces[-1]) or _INITIAL.match(right.pieces[0]):
        return True
    if any(_known_type(t) for t in (left_text, right_text)):
        return False  # 푸틴 러시아, 미국 백악관: a place or an institution is its own name
    if any(not _HANGUL.search(t) for t in (left_text, right_text)):
        return False  # NYT 보도: an acronym beside a Korean word is another name
    return alone[left_text] == 0 or alone[right_text] == 0


def _known_type(name: str) -> str | None:
    if name in _ORG_WORDS:
        return "ORG"
    if name in place_names("ko") or name in _GPE_WORDS:
        return "GPE"
    if name in _LOC_WORDS:
        return "LOC"
    if _org_ending(name):
        return "ORG"
    return None


def _org_ending(name: str) -> str | None:
    for ending in _ORG_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            if len(name) < _SHORT_ORG_ENDINGS.get(ending, 0):
                continue
            return ending
    return None


def _extend_runs(text: str, tokens: Sequence[Any], runs: list[_Run]) -> list[_Run]:
    """Take in what Kiwi split off a name: a common-noun ending (윌슨/NNP 센터/NNG, 아무르/NNP 주/NNG, 한국/NNP
    전쟁/NNG) and a syllable read as a particle when the longer name occurs elsewhere (김정/NNP 은/JX → 김정은)."""
    forms = {text[r.start : r.end] for r in runs}
    for run in runs:
        nxt = run.last + 1
        if nxt >= len(tokens) or tokens[nxt].start != run.end:
            continue
        token = tokens[nxt]
        longer = text[run.start : token.start + token.len]
        particle_of_longer = token.tag.startswith("J") and longer in forms
        if particle_of_longer or (token.tag == "NNG" and token.form in _ENDING_NOUNS):
            run.last, run.end = nxt, token.start + token.len
            run.joined = "" if particle_of_longer else token.form
    return runs


_BOUND_SYLLABLES = _words("씨 님 측 등 들 간 내 외 상 전 후 쪽 팀 가 군 양 단 표 설 제 식 계 발 형 권 급 별 층 께")
"""Common nouns written glued to a name that are no part of it (김철수씨, 푸틴측, 바이든표)."""


def _complete_names(text: str, tokens: Sequence[Any], runs: list[_Run]) -> None:
    """Give a person, or a name nothing has typed yet, back the last syllable(s) Kiwi read as a common noun:
    조현/NNP 우/NNG 는 → 조현우, 하야시 미/NNP 호/NNG → 하야시 미호, and after a family name alone two: 최/NNP 병/NNG
    철/NNG → 최병철. Only where the word ends there (a space, a mark or a particle follows), so nothing glued on is
    taken for a name."""
    for run in runs:
        if run.label not in (None, "PERSON") or run.skip:
            continue
        last_word = text[run.start : run.end].split(" ")[-1]
        room = 2 if len(last_word) == 1 and last_word in _SURNAMES else 1
        end, k = run.end, run.last + 1
        while k < len(tokens) and room and tokens[k].start == end and _split_syllable(tokens[k]):
            end, k, room = end + 1, k + 1, room - 1
        word_ends = k >= len(tokens) or tokens[k].start != end or tokens[k].tag.startswith("J")
        if end > run.end and word_ends:
            run.last, run.end = k - 1, end


def _split_syllable(token: Any) -> bool:
    """A one-syllable common noun that may be a name's last syllable."""
    return token.tag == "NNG" and _HANGUL.fullmatch(token.form) is not None and token.form not in _BOUND_SYLLABLES


def _label_intrinsic(text: str, runs: list[_Run], kiwi: Any) -> None:
    """What the name itself says: a known institution, a CLDR place, an organisation's or a place's ending (unless
    Kiwi, reading the word alone, finds two common nouns in it as readily: 우주/센터, 우주/기지 are no names)."""
    places = place_names("ko")
    for run in runs:
        name = text[run.start : run.end]
        if name.endswith(_FORCES) and run.last > run.first:
            run.skip = True
        elif name in _WEAPONS:
            run.skip = True  # a kind of weapon (ICBM) is no name; a named system (화성-18형) is
        elif name in _NOT_NAMES:
            continue
        elif name in _ORG_WORDS:
            run.set("ORG", 0.9, "well-known organisation")
        elif name in places:
            run.set("GPE", 0.9, f"CLDR {places[name].kind} name")
        elif name in _GPE_WORDS:
            run.set("GPE", 0.85, "well-known Korean place name")
        elif name in _LOC_WORDS or name in _SEAS:
            run.set("LOC", 0.85, "sea, continent or region")
        elif (ending := _joined_ending(run, _EVENT_ENDINGS)) is not None:
            run.set("EVENT", 0.7, f"Korean proper noun joined to {ending}")
        elif (ending := _suffix(name, _COMPOUND_EVENT_ENDINGS)) and len(name) >= len(ending) + 2:
            run.set("EVENT", 0.7, f"Korean proper noun ending in {ending}")  # 부산불꽃축제 as one proper noun
        elif _LATIN_THEN_HANGUL.match(name):
            run.set("ORG", 0.6, "Latin letters joined to a Korean name, as companies write theirs")
        elif (ending := _org_ending(name)) and not (run.first == run.last and _common_compound(kiwi, name, 2)):
            run.set("ORG", 0.8, f"organisation ending {ending}")
        elif (ending := _joined_ending(run, _GPE_ENDINGS)) is not None:
            run.set("GPE", 0.7, f"Korean proper noun joined to {ending}")
        elif (ending := _suffix(name, _GPE_ENDINGS)) and len(name) >= (3 if ending == "시" else 4):
            run.set("GPE", 0.6, f"{_PLACE_GUESS} {ending}")  # a title after it still makes a person of it
        elif (ending := _suffix(name, _LOC_ENDINGS)) and len(name) >= 3:
            if run.first == run.last and _common_compound(kiwi, name, 2):
                run.skip = True
            else:
                run.set("LOC", 0.65, f"place ending {ending}")


def _joined_ending(run: _Run, endings: Sequence[str]) -> str | None:
    """The ending Kiwi split off as a token of its own and `_extend_runs` took back in (아무르/주, 한국/전쟁)."""
    return run.joined if run.joined in endings else None


def _suffix(name: str, endings: Sequence[str]) -> str | None:
    return next((e for e in endings if name.endswith(e) and len(name) > len(e)), None)


def _label_by_title(text: str, tokens: Sequence[Any], runs: list[_Run]) -> None:
    """A title makes a PERSON of the nearest name before it that is not a place or an institution: in 푸틴 러시아
    대통령 the title walks back over 러시아 to 푸틴, in 블링컨 국무장관 over 국무."""
    run_at = {r.last: r for r in runs}
    for i, token in enumerate(tokens):
        if token.form not in TITLES or token.tag not in ("NNG", "NNP", "NNB"):
            continue
        j, common = i - 1, 0
        while j >= 0 and _gap(text, tokens[j], tokens[j + 1]) in ("", " "):
            run = run_at.get(j)
            if run is not None:
                if run.label in (None, "PERSON") or run.reason.startswith(_PLACE_GUESS):  # 김영도 의원
                    run.set("PERSON", 0.9, f"Korean proper noun before {_title_text(text, tokens, i)}")
                    break
                if run.label not in ("GPE", "ORG"):
                    break
                j = run.first - 1
                continue
            if tokens[j].tag == "SSC":  # a parenthesis: 국가안보회의(NSC) 에이드리언 왓슨 대변인
                while j >= 0 and tokens[j].tag != "SSO":
                    j -= 1
                j -= 1
                continue
            if tokens[j].tag in ("NNG", "XPN", "MM") and common < 3:
                common += 1
                j -= 1
                continue
            break


def _title_text(text: str, tokens: Sequence[Any], i: int) -> str:
    """The title as written, with the pieces glued to it: 국방/NNG 장관/NNG → 국방장관."""
    start = tokens[i].start
    k = i
    while k > 0 and tokens[k - 1].tag == "NNG" and tokens[k - 1].start + tokens[k - 1].len == start:
        k -= 1
        start = tokens[k].start
    return text[start : tokens[i].start + tokens[i].len]


def _label_acronyms_in_parentheses(tokens: Sequence[Any], runs: list[_Run]) -> None:
    """An acronym in parentheses right after a name has that name's type: 조선중앙통신(KCNA), 국가안보회의(NSC)."""
    for k, run in enumerate(runs):
        if run.label or run.skip or k == 0:
            continue
        before = runs[k - 1]
        if (
            before.label
            and run.first == before.last + 2
            and tokens[before.last + 1].tag == "SSO"
            and run.last + 1 < len(tokens)
            and tokens[run.last + 1].tag == "SSC"
        ):
            run.set(before.label, 0.8, "abbreviation in parentheses after the name it shortens")


def _label_by_propagation(runs: list[_Run], text: str) -> None:
    """A name labelled by its context somewhere in the text keeps that label where it stands bare (쇼이구)."""
    votes: dict[str, Counter[str]] = {}
    for run in runs:
        if run.label:
            votes.setdefault(text[run.start : run.end], Counter())[run.label] += 1
    people = [text[r.start : r.end].split(" ") for r in runs if r.label == "PERSON" and r.score >= 0.9]
    for run in runs:
        name = text[run.start : run.end]
        if run.skip:
            continue
        if run.label is None and name in votes:
            label = votes[name].most_common(1)[0][0]
            run.set(label, 0.75, f"labelled {label} by its context elsewhere in the text")
        elif run.label is None and any(name in (p[0], p[-1]) for p in people if len(p) > 1):
            run.set("PERSON", 0.7, "part of a person's full name elsewhere in the text")  # 세르게이 라브로프 → 라브로프


def _label_defaults(runs: list[_Run], text: str, kiwi: Any) -> None:
    """The leftovers: a near-miss CLDR spelling is a place, an acronym an organisation, a common-noun compound
    that Kiwi tagged proper (핵잠수함) is dropped, a three-syllable word with a family name first is a person, and
    anything else most likely a place (people nearly always come with a title somewhere in a news text)."""
    for run in runs:
        name = text[run.start : run.end]
        if run.label or run.skip or name in _NOT_NAMES:
            continue
        if not _HANGUL.search(name):
            continue  # a bare Latin acronym (HBM, LNG, CFO) is most often a term, not a name
        place = _near_place(name)
        if place:
            run.set("GPE", 0.6, f"spelled like the CLDR name {place}")
        elif run.first == run.last and _common_compound(kiwi, name):
            continue
        elif len(name) == 3 and name[0] in _SURNAMES and run.first == run.last and name[-1] not in "구군항포":
            run.set("PERSON", 0.55, "Korean proper noun shaped like a Korean name")
        elif re.fullmatch(r"[가-힣]{2,} [가-힣]{2,}", name):
            run.set("PERSON", 0.45, "two Korean proper nouns in a row, as foreign full names are written")
        elif name.startswith("한국") and len(name) >= 4:
            run.set("ORG", 0.5, "한국 and a noun, as Korean institutions are named")
        elif len(name) >= 2:  # with no title to make a person of it, a proper noun is most often a place
            run.set("GPE", 0.3, "Korean proper noun with nothing around it to type it")


@cache
def _place_keys() -> dict[str, str]:
    """Decomposed (jamo) spellings of the longer CLDR names -> the name: 톡 and 토크 differ by one letter in jamo."""
    return {unicodedata.normalize("NFD", n): n for n in place_names("ko") if len(n) >= 4}


def _near_place(name: str) -> str | None:
    """The CLDR place a long name is a variant spelling of (블라디보스톡, 블라딕보스톡 ~ 블라디보스토크), if any."""
    if len(name) < 4:
        return None
    try:
        from rapidfuzz import fuzz, process
    except ImportError:
        return None
    cutoff = 82 if len(name) >= 5 else 90  # 데이비드 is not 데이비스
    best = process.extractOne(unicodedata.normalize("NFD", name), _place_keys().keys(), scorer=fuzz.ratio,
                              score_cutoff=cutoff)  # fmt: skip
    return _place_keys()[best[0]] if best else None


def _common_compound(kiwi: Any, name: str, pieces: int | None = None) -> bool:
    """Whether Kiwi, reading the word alone, takes it as readily for common nouns: known ones, two or more (핵/잠수함,
    or exactly `pieces` of them), or one that it knows well (발사장) or that is short (제체, a slip for 체제)."""
    try:
        candidates = kiwi.analyze(name, top_n=3)
    except Exception:  # an analyser without analyze(): keep the name
        return False
    if not candidates:
        return False
    best, best_score = candidates[0]
    if pieces is None and len(best) == 1 and best[0].tag == "NNG" and (len(name) == 2 or best_score >= -21.5):
        return True
    proper = next((score for tokens, score in candidates if len(tokens) == 1 and tokens[0].tag == "NNP"), None)
    for tokens, score in candidates:
        compound = len(tokens) >= 2 and all(t.tag == "NNG" for t in tokens)
        if compound and (pieces is None or len(tokens) == pieces) and (proper is None or score >= proper - 2.5):
            return True
    return False


def _same_words(text: str, tokens: Sequence[Any], named: list[Mention]) -> list[Mention]:
    """A name found once is the same name where Kiwi cuts the same word into common nouns (민주노총 as 민주/NNG
    노총/NNG in another sentence): whole words, a particle allowed after them. A word Kiwi reads as one common
    noun is left alone (조국 "homeland" is not 조국 the minister)."""
    labels = {text[m.start : m.end]: m.label for m in sorted(named, key=lambda m: m.score) if m.score >= 0.6}
    initials = {name[0] for name in labels}
    nouns = [(t.start, t.start + t.len) for t in tokens if t.tag.startswith("NN")]
    found = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        if text[start] not in initials:
            continue
        for stop in (end, strip_particle(text, start, end)):
            label = labels.get(text[start:stop])
            if label is None or not _HANGUL.search(text[start:stop]):
                continue
            pieces = [(s, e) for s, e in nouns if start <= s and e <= stop]
            if len(pieces) >= 2 and sum(e - s for s, e in pieces) == stop - start:
                found.append(Mention(start, stop, label, 0.55, "the same word as a name elsewhere in the text"))
                break
    return found


def _lexicon_words(text: str, tokens: Sequence[Any]) -> list[Mention]:
    """Well-known institutions and places Kiwi tags as common nouns (국가정보원, 국방부, 한반도), as whole words."""
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.start + t.len for t in tokens}
    found = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        if start not in starts:
            continue
        stops = {end, strip_particle(text, start, end)}
        for token in tokens[starts[start] + 1 :]:
            if token.start >= end:
                break
            if token.form in TITLES:  # 국방부장관 → 국방부
                stops.add(token.start)
        for stop in sorted(stops, reverse=True):
            word = text[start:stop]
            if stop not in ends:
                continue
            if word in _ORG_WORDS and _HANGUL.search(word):
                found.append(Mention(start, stop, "ORG", 0.85, "well-known organisation"))
            elif word in _LOC_WORDS:
                found.append(Mention(start, stop, "LOC", 0.8, "sea, continent or region"))
            elif word in _EVENT_WORDS:
                found.append(Mention(start, stop, "EVENT", 0.8, "well-known war or day"))
            elif ending := _compound_event(word, tokens[starts[start] :], stop):
                found.append(Mention(start, stop, "EVENT", 0.6, f"compound noun ending in {ending}"))
            else:
                continue
            break
    return found


def _compound_event(word: str, tokens: Sequence[Any], stop: int) -> str | None:
    """The ending of a compound of common nouns that names an event (동방경제포럼: 동방/경제/포럼, 세계육상선수권대회),
    if it is one."""
    ending = next((e for e in _COMPOUND_EVENT_ENDINGS if word.endswith(e) and len(word) >= len(e) + 2), None)
    if ending is None:
        return None
    pieces = [t for t in tokens if t.start + t.len <= stop]  # nouns, and noun suffixes after the first (선수/권)
    nouns = pieces[:1] and pieces[0].tag.startswith("NN") and all(t.tag.startswith(("NN", "XSN")) for t in pieces)
    return ending if len(pieces) >= 3 and nouns else None


def _events(text: str, tokens: Sequence[Any]) -> list[Mention]:
    """Events a name is part of, which outrank the place in them: a compound ending in an event's word with a
    proper noun first (부산/NNP 국제 영화제 → 부산국제영화제, not 부산), a numbered election (제22대 총선), a named
    typhoon (태풍 힌남노/NNP), each with its number when one is written before it (제29회 부산국제영화제)."""
    found = []
    for i, token in enumerate(tokens):
        if token.tag == "NNP" and i and tokens[i - 1].form == "태풍" and _gap(text, tokens[i - 1], token) == " ":
            found.append(Mention(token.start, token.start + token.len, "EVENT", 0.85, "a typhoon's name"))
            continue
        if i and _glued_noun(tokens[i - 1], token):
            continue  # not where a word starts
        word_end = i
        while word_end + 1 < len(tokens) and _glued_noun(tokens[word_end], tokens[word_end + 1]):
            word_end += 1
        last = tokens[word_end]
        stop = last.start + last.len
        if token.tag == "NNP" and word_end > i and last.tag == "NNG" and last.form in _COMPOUND_EVENT_ENDINGS:
            reason = f"a name and {last.form}"
        elif token.form in _ELECTIONS and word_end == i:
            reason = "a numbered election"
        else:
            continue
        start = _number_before(text, tokens, i)
        if start is None and reason == "a numbered election":
            continue
        found.append(Mention(token.start if start is None else start, stop, "EVENT", 0.9, reason))
    return found


def _glued_noun(left: Any, right: Any) -> bool:
    """Whether `right` is a noun written on from `left`, in one word."""
    return right.start == left.start + left.len and right.tag in ("NNP", "NNG")


def _number_before(text: str, tokens: Sequence[Any], i: int) -> int | None:
    """Where 제N회 / 제N대 / 제N차 written just before token `i` starts, if it is."""
    numbered = i >= 3 and tokens[i - 3].form == "제" and tokens[i - 2].tag == "SN" and tokens[i - 1].form in "회대차"
    return tokens[i - 3].start if numbered and _gap(text, tokens[i - 1], tokens[i]) == " " else None


def _state_runs(text: str, tokens: Sequence[Any]) -> list[Mention]:
    """북러, 한·미·일, the 북러 of 북러정상회담: a syllable per state, starting a word and ending on a token."""
    starts = {t.start for t in tokens if t.tag in ("NNP", "NNG")}
    ends = {t.start + t.len for t in tokens if t.tag in ("NNP", "NNG")}
    found = []
    for match in _STATE_RUN.finditer(text):
        start, end = match.span()
        name = match.group()
        syllables = re.sub(r"[·ㆍ・]", "", name)
        if start not in starts or end not in ends or len(set(syllables)) < len(syllables):
            continue
        if syllables in _NOT_STATE_RUNS or name in place_names("ko") or name in _GPE_WORDS:
            continue
        found.append(Mention(start, end, "GPE", 0.6, "one syllable per state (북러: North Korea and Russia)"))
    return found


def _quoted_days(text: str) -> list[Mention]:
    """A named day in quotes: ‘승리의 날’ (Victory Day), ‘국군의 날’."""
    return [
        Mention(m.start(1), m.end(1), "EVENT", 0.55, "a day's name in quotes")
        for m in re.finditer(r"[‘'“\"]([가-힣]{1,8}의 날)[’'”\"]", text)
    ]
