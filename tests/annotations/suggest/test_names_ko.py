"""Korean names from kiwipiepy: spans without particles, types from the words around them, and the fallback."""

from __future__ import annotations

from itertools import pairwise

import pytest

from tandem.annotations.suggest import kiwi, names_ko
from tandem.annotations.suggest.mention import Mention
from tandem.annotations.suggest.names_ko import korean_names

needs_kiwi = pytest.mark.skipif(not kiwi.available(), reason="kiwipiepy is not installed")

# Paragraphs written for these tests (not taken from any article).
SUMMIT = (
    "(서울=연합뉴스) 홍길동 기자 = 윤석열 대통령은 14일 조 바이든 미국 대통령과 워싱턴에서 만났다. "
    "국방부는 이날 북한이 동해로 탄도미사일을 발사했다고 밝혔다."
)
ECONOMY = (
    "한국은행은 2023년 9월 14일 기준금리를 동결했다. 한빛전자와 새누리신문도 같은 날 실적을 발표했고, "
    "새정치연합당 이재명 대표는 논평을 냈다."
)
DIPLOMACY = (
    "세르게이 라브로프 러시아 외무장관은 모스크바에서 열린 회견에서 평양을 방문하겠다고 말했다. "
    "라브로프는 3일간 머물 예정이며 유엔 안보리는 지난주 회의를 열었다."
)


def found(text: str) -> dict[str, Mention]:
    return {text[m.start : m.end]: m for m in korean_names(text)}


def labels(text: str) -> dict[str, str]:
    return {name: m.label for name, m in found(text).items()}


@needs_kiwi
@pytest.mark.parametrize("text", [SUMMIT, ECONOMY, DIPLOMACY])
def test_spans_are_sorted_disjoint_and_scored(text: str) -> None:
    mentions = korean_names(text)
    assert mentions == sorted(mentions, key=lambda m: (m.start, m.end))
    assert all(a.end <= b.start for a, b in pairwise(mentions))
    assert all(0 <= m.start < m.end <= len(text) and 0.0 <= m.score <= 1.0 and m.reason for m in mentions)


@needs_kiwi
def test_particles_stay_outside_the_span() -> None:
    names = found(SUMMIT) | found(ECONOMY) | found(DIPLOMACY)
    assert {"윤석열", "한국은행", "모스크바", "국방부", "라브로프"} <= set(names)
    assert not {"윤석열 대통령은", "한국은행은", "모스크바에서", "국방부는", "라브로프는"} & set(names)


@needs_kiwi
def test_a_title_after_the_name_makes_a_person() -> None:
    summit, economy, diplomacy = found(SUMMIT), found(ECONOMY), found(DIPLOMACY)
    assert summit["윤석열"].label == "PERSON" and "대통령" in summit["윤석열"].reason
    assert summit["홍길동"].label == "PERSON"  # 기자
    assert summit["조 바이든"].label == "PERSON"  # the title walks back over 미국
    assert economy["이재명"].label == "PERSON"  # 대표, past the party's name
    assert diplomacy["세르게이 라브로프"].label == "PERSON"  # 외무장관, past 러시아
    assert diplomacy["라브로프"].label == "PERSON"  # the bare surname, from the full name
    assert diplomacy["라브로프"].score < diplomacy["세르게이 라브로프"].score


@needs_kiwi
def test_an_organisation_ending_makes_an_org() -> None:
    economy = found(ECONOMY)
    for name, ending in (("한빛전자", "전자"), ("새누리신문", "신문"), ("새정치연합당", "당")):
        assert economy[name].label == "ORG"
        assert ending in economy[name].reason
    assert labels(SUMMIT)["연합뉴스"] == "ORG"
    assert labels(SUMMIT)["국방부"] == "ORG"  # a well-known ministry Kiwi tags as a common noun
    assert labels(DIPLOMACY)["안보리"] == "ORG"


@needs_kiwi
def test_cldr_places_are_gpe() -> None:
    summit, diplomacy = found(SUMMIT), found(DIPLOMACY)
    for names, name in ((summit, "미국"), (summit, "북한"), (summit, "서울"), (diplomacy, "모스크바"),
                        (diplomacy, "평양"), (diplomacy, "러시아")):  # fmt: skip
        assert names[name].label == "GPE"
        assert "CLDR" in names[name].reason
    assert summit["동해"].label == "LOC"


@needs_kiwi
def test_explicit_dates_only() -> None:
    assert labels(SUMMIT)["14일"] == "DATE"
    assert labels(ECONOMY)["2023년 9월 14일"] == "DATE"
    names = labels(DIPLOMACY) | labels(SUMMIT)
    assert "3일" not in names and "3일간" not in names  # a length of time
    assert "이날" not in names and "지난주" not in names  # relative, not explicit


@needs_kiwi
def test_one_syllable_per_state_is_a_gpe() -> None:
    text = "북러 정상회담과 한·미·일 공조, 북러정상회담 이후의 남북 관계가 북한 문제의 핵심이다. 남미는 멀다."
    names = found(text)
    assert names["북한"].label == "GPE" and names["북한"].score > names["북러"].score
    for name in ("북러", "한·미·일", "남북"):
        assert names[name].label == "GPE"
    assert sum(m.label == "GPE" and text[m.start : m.end] == "북러" for m in korean_names(text)) == 2
    assert names["남미"].label == "LOC"  # South America, not two states
    assert "러시아군" not in labels("러시아군이 진격했다.")  # a state's forces: not annotated


@needs_kiwi
def test_spaced_pieces_join_by_the_field_notes_rule() -> None:
    text = "존 F. 커비 백악관 대변인과 에이드리언 왓슨 대변인은 푸틴 러시아 대통령에 대해 말했다. 푸틴은 답하지 않았다."
    names = labels(text)
    assert names["존 F. 커비"] == "PERSON"  # an initial joins
    assert names["에이드리언 왓슨"] == "PERSON"  # neither piece stands alone elsewhere
    assert names["백악관"] == "ORG"
    assert names["푸틴"] == "PERSON" and names["러시아"] == "GPE"  # a place is never joined to a name


@needs_kiwi
def test_offsets_are_code_points_after_astral_characters() -> None:
    text = "😀🎉 김정은 총비서는 평양에서 말했다."
    names = found(text)
    assert text[names["김정은"].start : names["김정은"].end] == "김정은"
    assert names["김정은"].start == 3


def test_without_kiwipiepy_dates_and_places_still_come(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(names_ko, "analyser", lambda: None)
    names = labels(SUMMIT) | labels(ECONOMY) | labels(DIPLOMACY)
    assert names["14일"] == "DATE" and names["2023년 9월 14일"] == "DATE"
    assert names["미국"] == "GPE" and names["북한"] == "GPE" and names["모스크바"] == "GPE"  # particle stripped
    assert names["국방부"] == "ORG" and names["안보리"] == "ORG"  # well-known names, as whole words
    assert "윤석열" not in names and "한빛전자" not in names  # other names need the tagger
    assert names_ko.load() is False
    assert korean_names("") == []


@needs_kiwi
def test_abbreviations_in_brackets_numbered_units_and_what_is_no_name() -> None:
    text = ("해양경찰청(해경)은 6일 수색을 재개했다고 밝혔다. 해경은 월성 3호기 인근 해역도 살폈다. "
            "백일해 환자도 늘었다. 고체연료 ICBM 발사에 대해 HBM 업계는 말을 아꼈다.")
    got = labels(text)
    assert [m.label for m in korean_names(text) if text[m.start : m.end] == "해경"] == ["ORG", "ORG"]
    assert got.get("월성 3호기") == "LOC"
    assert "백일해" not in got  # a 해 ending alone is no sea
    assert "ICBM" not in got and "HBM" not in got  # a kind of weapon, a product term


@needs_kiwi
def test_a_persons_last_syllable_read_as_a_common_noun_stays_in_the_name() -> None:
    # Kiwi 0.21 reads 조현/NNP 우/NNG, 지영/NNP 미/NNG, 하야시 미/NNP 호/NNG, 최/NNP 병/NNG 철/NNG
    names = labels("골키퍼 조현우는 선방했다고 조현우 감독이 말했다. 지영미 질병청장은 일본 정부 하야시 미호 "
                   "대변인과 만났다. 최병철 씨는 최 전 회장이 김철수씨와 푸틴측을 만났다고 말했다.")  # fmt: skip
    assert {"조현우", "지영미", "하야시 미호", "최병철", "최"} <= set(names)
    assert all(names[n] == "PERSON" for n in ("조현우", "지영미", "하야시 미호", "최병철", "최"))
    assert not {"조현", "지영", "하야시 미", "김철수씨", "푸틴측"} & set(names)  # 씨 and 측 are glued on, no part of it
    # a name no title types yet (외무상 is none) is completed before it is typed, so it reads as a full name
    assert labels("하야시 미호 외무상은 합의했다.").get("하야시 미호") == "PERSON"


@needs_kiwi
def test_events_outrank_the_places_in_them() -> None:
    names = labels("제11호 태풍 힌남노가 북상했다. 제29회 부산국제영화제가 2일 개막했고 부산불꽃축제도 열린다. "
                   "제22대 총선을 앞두고 여야는 공천을 마쳤다. 총선은 4월이다.")  # fmt: skip
    assert names["힌남노"] == "EVENT" and names["제22대 총선"] == "EVENT"
    assert names["제29회 부산국제영화제"] == "EVENT" and names["부산불꽃축제"] == "EVENT"
    assert "부산" not in names and "총선" not in names  # the place inside, and an election with no number


@needs_kiwi
def test_a_university_is_an_organisation_and_never_part_of_the_person_before_it() -> None:
    names = labels("카린 린드그렌 스톡홀름대 교수는 서울대 연구팀과 20대 학생들을 만났다.")
    assert names == {"카린 린드그렌": "PERSON", "스톡홀름대": "ORG", "서울대": "ORG"}


@needs_kiwi
def test_games_drugmakers_and_police_stations_are_named_as_such() -> None:
    text = "광주시는 2042 아시안게임 유치에 나섰다. 대웅제약은 부산해양경찰서와 협약을 맺었고 올림픽 준비를 돕는다."
    found = labels(text)
    assert found["아시안게임"] == "EVENT" and found["올림픽"] == "EVENT" and "아시안" not in found
    assert found["대웅제약"] == "ORG" and found["부산해양경찰서"] == "ORG"


@needs_kiwi
def test_a_championship_is_an_event_though_its_nouns_carry_a_suffix() -> None:
    text = "광주는 2019년 세계수영선수권대회를 열었다."
    assert labels(text)["세계수영선수권대회"] == "EVENT"  # 세계/수영/선수/권(XSN)/대회


@needs_kiwi
def test_a_particle_glued_into_an_unknown_proper_noun_never_ends_a_name() -> None:
    text = ("하늘엔터테인먼트가 루미나의 계약을 해지했다. 하늘엔터테인먼트의 대표는 안탈리아에서 말했다. "
            "우루과이는 우루과이와 비겼다.")
    found = labels(text)
    assert not any(name.endswith(("가", "에")) for name in found)  # 하늘엔터테인먼트가/NNP, 안탈리아에/NNP 서/JKB
    assert found["우루과이"] == "GPE"  # a name ending in a particle's syllable keeps it
