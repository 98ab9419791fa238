"""Projection of a span into the aligned sentence of the other side: each kind of evidence, both directions."""

from __future__ import annotations

import pytest

from tandem.annotations.suggest import counterpart as cp
from tandem.annotations.suggest import kiwi
from tandem.annotations.suggest.counterpart import Counterpart, find_counterpart
from tandem.annotations.suggest.lexicon import Lexicon, learned_pairs

KO = ("미국 백악관 국가안보회의(NSC) 에이드리언 왓슨 대변인은 관련 질의에 “세르게이 쇼이구 러시아 국방장관이 평양을 "
      "방문해 북한이 러시아에 포탄을 판매하도록 설득하기 위해 노력했다”며 “김정은이 러시아에서 지도자급 외교적 접촉을 "
      "포함해 이러한 협상을 이어갈 것을 기대한다는 정보를 입수했고.")  # fmt: skip
EN = ("In response to a related inquiry, Adrian Watson, spokesman for the White House National Security Council "
      "(NSC), said, “Russian Defense Minister Sergei Shoigu visited Pyongyang and tried to persuade North Korea to "
      "sell artillery shells to Russia,” and added, “Kim Jong-un has had leader-level diplomatic contacts in "
      "Russia.”")  # fmt: skip
OFFSET = 1000  # where the sentence starts in its side's text


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.shipped()


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    cp.clear_caches()


def to_ko(text: str, label: str, lexicon: Lexicon, sentence: str = KO, **kw: object) -> Counterpart | None:
    learned = kw.pop("learned", {})
    taken = kw.pop("taken", set())
    return find_counterpart(text, label, "en", sentence, OFFSET, learned, lexicon, taken, **kw)  # type: ignore[arg-type]


def to_en(text: str, label: str, lexicon: Lexicon, sentence: str = EN, **kw: object) -> Counterpart | None:
    learned = kw.pop("learned", {})
    taken = kw.pop("taken", set())
    return find_counterpart(text, label, "ko", sentence, OFFSET, learned, lexicon, taken, **kw)  # type: ignore[arg-type]


def at(sentence: str, text: str, nth: int = 0) -> tuple[int, int]:
    """Side-text offsets of the nth occurrence of `text` in `sentence`."""
    start = -1
    for _ in range(nth + 1):
        start = sentence.index(text, start + 1)
    return OFFSET + start, OFFSET + start + len(text)


# -------------------------------------------------------------------------------------------- kinds of evidence


def test_cldr_place(lexicon: Lexicon) -> None:
    found = to_ko("Pyongyang", "GPE", lexicon)
    assert found is not None and (found.start, found.end) == at(KO, "평양")
    assert found.text == "평양"  # particle-free: the word is 평양을
    assert "CLDR: 평양 = Pyongyang" in found.reason


def test_curated_lexicon_both_directions(lexicon: Lexicon) -> None:
    found = to_ko("White House", "ORG", lexicon)
    assert found is not None and found.text == "백악관" and found.reason.startswith("lexicon: 백악관 = White House")
    back = to_en("백악관", "ORG", lexicon)
    assert back is not None and (back.start, back.end) == at(EN, "White House")


def test_a_name_is_translated_by_a_name_and_an_acronym_by_the_acronym(lexicon: Lexicon) -> None:
    council = to_ko("National Security Council", "ORG", lexicon)
    assert council is not None and council.text == "국가안보회의"
    acronym = to_ko("NSC", "ORG", lexicon)
    assert acronym is not None and (acronym.start, acronym.end) == at(KO, "NSC")
    assert "same letters NSC" in acronym.reason
    assert to_en("국가안보회의", "ORG", lexicon).text == "National Security Council"  # type: ignore[union-attr]


def test_sound_of_a_foreign_name_both_directions(lexicon: Lexicon) -> None:
    found = to_ko("Sergei Shoigu", "PERSON", lexicon)
    assert found is not None and found.text == "세르게이 쇼이구"
    assert found.reason == "sounds like Sergei Shoigu (se-reu-ge-i syo-i-gu)"
    back = to_en("에이드리언 왓슨", "PERSON", lexicon)
    assert back is not None and back.text == "Adrian Watson"  # not "Adrian" or "Watson" alone


def test_sound_of_a_korean_name_with_its_particle(lexicon: Lexicon) -> None:
    found = to_ko("Kim Jong-un", "PERSON", lexicon)
    assert found is not None and found.text == "김정은" and (found.start, found.end) == at(KO, "김정은")
    back = to_en("김정은이", "PERSON", lexicon)  # a span tagged with its particle
    assert back is not None and back.text == "Kim Jong-un"


def test_linked_before_counts_and_strips_particles(lexicon: Lexicon) -> None:
    learned = learned_pairs([("Watson", "왓슨은"), ("Watson", "왓슨이"), ("Watson", "왓슨")])
    found = to_ko("Watson", "PERSON", Lexicon(), learned=learned)
    assert found is not None and found.text == "왓슨"
    assert found.reason.startswith("linked before 3×")
    assert found.score > to_ko("Watson", "PERSON", Lexicon()).score  # type: ignore[union-attr]


def test_a_plain_set_of_learned_forms_works_too(lexicon: Lexicon) -> None:
    found = to_ko("Defense Minister", "ORG", Lexicon(), learned={"defense minister": {"국방장관"}})
    assert found is not None and found.text == "국방장관" and "linked before 1×" in found.reason


def test_learned_pairs_keyed_by_side_and_text() -> None:
    found = to_en("왓슨", "PERSON", Lexicon(), learned={("ko", "왓슨"): {"Watson": 4}})
    assert found is not None and found.text == "Watson" and found.reason.startswith("linked before 4×")


@pytest.mark.parametrize(
    ("english", "korean", "label"),
    [("Sept. 14", "9월 14일", "DATE"), ("September 14, 2023", "2023년 9월 14일", "DATE"), ("4th", "4일", "DATE"),
     ("April 2019", "2019년 4월", "DATE"), ("2022", "2022년", "DATE"), ("June", "6월", "DATE")],
)  # fmt: skip
def test_same_numbers_and_dates(lexicon: Lexicon, english: str, korean: str, label: str) -> None:
    sentence = f"김 위원장은 {korean} 모스크바에 갔고 20명이 따라갔다."
    found = to_ko(english, label, lexicon, sentence)
    assert found is not None and found.text == korean
    back = to_en(korean, label, lexicon, f"Kim went to Moscow on {english} with 20 people.")
    assert back is not None and back.text == english


def test_a_day_number_alone_matches_a_fuller_date_with_less_confidence(lexicon: Lexicon) -> None:
    found = to_ko("Sept. 14", "DATE", lexicon, "그는 14일 모스크바에 갔다.")
    assert found is not None and found.text == "14일" and found.score < cp.IDENTITY_SCORE


def test_a_date_is_not_taken_for_a_name(lexicon: Lexicon) -> None:
    assert to_ko("Putin", "PERSON", lexicon, "그는 14일 모스크바에 갔다.") is None


# ----------------------------------------------------------------------------------------- edges and choices


def test_no_counterpart_in_the_sentence_gives_nothing(lexicon: Lexicon) -> None:
    assert to_ko("Biden", "PERSON", lexicon) is None
    assert to_ko("Blinken", "PERSON", lexicon) is None
    assert to_en("바이든", "PERSON", lexicon) is None
    assert to_ko("Korean Central News Agency", "ORG", lexicon) is None


def test_a_name_twice_in_one_sentence_proposes_the_one_not_linked(lexicon: Lexicon) -> None:
    first = to_ko("Russia", "GPE", lexicon)
    assert first is not None and (first.start, first.end) == at(KO, "러시아", 0)
    second = to_ko("Russia", "GPE", lexicon, taken={(first.start, first.end)})
    assert second is not None and (second.start, second.end) == at(KO, "러시아", 1)
    third = to_ko("Russia", "GPE", lexicon, taken={(first.start, first.end), (second.start, second.end)})
    assert third is not None and (third.start, third.end) == at(KO, "러시아", 2)
    taken = {at(KO, "러시아", n) for n in range(3)}
    assert to_ko("Russia", "GPE", lexicon, taken=taken) is None


def test_position_picks_the_occurrence_in_the_same_part_of_the_sentence(lexicon: Lexicon) -> None:
    last = to_ko("Russia", "GPE", lexicon, position=0.95)
    assert last is not None and (last.start, last.end) == at(KO, "러시아", 2)


def test_a_name_inside_a_longer_name_is_not_proposed(lexicon: Lexicon) -> None:
    assert to_ko("Pyongyang", "GPE", lexicon, "김 위원장은 태평양 연안으로 갔다.") is None  # 평양 inside 태평양
    found = to_en("한국", "GPE", lexicon, "South Korea and North Korea met.")
    assert found is not None and found.text == "South Korea"  # not the Korea of North Korea


def test_a_joint_form_takes_each_country(lexicon: Lexicon) -> None:
    sentence = "미국 정보기관들이 북러 군사동맹 부활 제체에서 정보를 입수했다."
    korea = to_ko("North Korea", "GPE", lexicon, sentence)
    assert korea is not None and korea.text == "북러"
    russia = to_ko("Russia", "GPE", lexicon, sentence, taken={(korea.start, korea.end)})
    assert russia is not None and (russia.start, russia.end) == (korea.start, korea.end)


def test_two_different_candidates_equally_good_give_nothing(lexicon: Lexicon) -> None:
    sentence = "그는 U.S. officials and United States envoys met."
    assert to_en("미국", "GPE", lexicon, sentence, position=None) is not None  # both are forms of 미국: the first
    sentence = "블라디보스톡에서 블라디보스토크로 갔다."  # two spellings that sound the same, no list to choose
    assert to_ko("Vladivostok", "GPE", Lexicon(), sentence) is None
    assert to_ko("Vladivostok", "GPE", lexicon, sentence).text == "블라디보스토크"  # type: ignore[union-attr]
    assert to_ko("Smith", "PERSON", Lexicon(), "스미스와 스미드가 만났다.").text == "스미스"  # type: ignore[union-attr]


def test_offsets_are_in_the_other_sides_text(lexicon: Lexicon) -> None:
    found = find_counterpart("Pyongyang", "GPE", "en", KO, 0, {}, lexicon, set())
    assert found is not None and KO[found.start : found.end] == "평양"
    moved = find_counterpart("Pyongyang", "GPE", "en", KO, 500, {}, lexicon, set())
    assert moved is not None and moved.start == found.start + 500


def test_english_edges(lexicon: Lexicon) -> None:
    assert to_en("북한", "GPE", lexicon, "North Korea's leader met the U.S. envoy.").text == "North Korea"  # type: ignore[union-attr]
    us = to_en("미국", "GPE", lexicon, "He met the U.S envoy.")
    assert us is not None and us.text == "U.S"
    assert to_en("미국", "GPE", lexicon, "He told us nothing.") is None  # "US" is not "us"
    nyt = to_en("뉴욕타임스", "ORG", lexicon, "The New York Times reported on the 4th.")
    assert nyt is not None and nyt.text == "New York Times"
    day = to_en("4일", "DATE", lexicon, "The New York Times reported on the 4th.")
    assert day is not None and day.text == "4th"


def test_empty_inputs(lexicon: Lexicon) -> None:
    assert to_ko("", "GPE", lexicon) is None
    assert to_ko("Pyongyang", "GPE", lexicon, "   ") is None


def test_without_kiwi_words_still_work(monkeypatch: pytest.MonkeyPatch, lexicon: Lexicon) -> None:
    monkeypatch.setattr(kiwi, "analyser", lambda: None)
    cp.clear_caches()
    found = to_ko("Pyongyang", "GPE", lexicon)
    assert found is not None and found.text == "평양"
    assert to_ko("Pyongyang", "GPE", lexicon, "김 위원장은 태평양 연안으로 갔다.") is None


# ------------------------------------------------------------------------------------------ names in parts


@pytest.mark.parametrize(
    ("english", "label", "korean_sentence", "korean"),
    [
        ("Hanul Chemical", "ORG", "한울화학은 이날 공장 증설 계획을 발표했다.", "한울화학"),
        ("Suyeong District", "GPE", "부산 수영구에서 열린 행사에는 주민 200명이 참석했다.", "수영구"),
        ("Wolseong Unit 3", "LOC", "월성 3호기는 지난달 가동을 멈췄다.", "월성 3호기"),
        ("Suyeong District", "GPE", "수영만 일대는 붐볐다.", None),  # no 구 in the sentence: no guess
        ("Incheon", "GPE", "인천시는 대책을 내놓았다.", "인천시"),  # Korean writes the ending English leaves out
    ],
)
def test_a_name_and_its_kind_word_are_translated_part_by_part(lexicon, english, label, korean_sentence, korean):
    found = to_ko(english, label, lexicon, sentence=korean_sentence)
    if korean is None:
        assert found is None
        return
    assert found is not None and (found.start, found.end) == at(korean_sentence, korean)
    assert " + " in found.reason  # the reason names the kind word


def test_parts_in_the_other_direction_and_no_bare_ending_for_a_person(lexicon):
    english = "Shares of Hanul Chemical rose after Seongnam city officials approved the plant."
    found = to_en("한울화학", "ORG", lexicon, sentence=english)
    assert found is not None and found.text == "Hanul Chemical"
    found = to_en("성남시", "GPE", lexicon, sentence=english)
    assert found is not None and found.text == "Seongnam"
    person = "김도현도 “…”라고 말했다."  # 도 is "too" here, not a province
    found = to_ko("Kim Do-hyun", "PERSON", lexicon, sentence=person)
    assert found is not None and found.text == "김도현"
