"""The kind of a source, from its own words and then over the article, in English and Korean."""

from __future__ import annotations

import pytest

from tandem.annotations.suggest import source_kind
from tandem.annotations.suggest.reported import Reported


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("Defense Ministry spokesman Jeon Ha-kyu", "official"),
        ("a navy source", "official"),  # unnamed but identified
        ("a senior official from the prime minister's office", "official"),
        ("officials", "anonymous"),
        ("people familiar with the Fed's deliberations", "anonymous"),  # a name in the tail says nothing of them
        ("a team official", "other"),
        ("Ha Ji-won, an analyst at Mirae Asset Securities", "expert"),  # the appositive says the role
        ("Chief Executive Officer Park Min", "other"),
        ("Justice Party spokesperson Kwon Su-jeong", "other"),
        ("Workers' Party of Korea", "official"),
        ("Statistics Korea", "official"),
        ("White House press secretary Jane Doe", "official"),
        ("Yonhap News Agency", "news_outlet"),
        ("Korea Disease Control and Prevention Agency", "official"),
        ("a court filing the lawyers submitted to the Seoul Central District Court", "document"),
        ("Ministry of Oceans and Fisheries", "official"),
    ],
)
def test_english_kinds(source, kind):
    assert source_kind.english(source)[0] == kind


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("해양수산부", "official"),
        ("공정위", "official"),
        ("통계청", "official"),  # a body, not 통계 (a document)
        ("인천시", "official"),
        ("한국수자원공사", "official"),
        ("산업부 관계자", "official"),
        ("한 관계자", "anonymous"),
        ("한 구단 관계자", "other"),
        ("정의당 권수정 대변인", "other"),
        ("최 전 장관", "other"),
        ("김지민 변호사", "other"),
        ("일본 영화감독 고레에다", "other"),  # a nationality, not a government
        ("미국 경제매체 CNBC", "news_outlet"),
        ("재판부", "official"),
        ("한국은행", "official"),
    ],
)
def test_korean_kinds(source, kind):
    assert source_kind.korean(source)[0] == kind


def test_a_later_surname_takes_the_kind_the_article_first_gave_the_person():
    text = "Oceans Minister Kang Do-hyung visited Busan. … Kang said the port would reopen."
    found = [Reported((0, 1), (text.rindex("Kang"), text.rindex("Kang") + 4), None, "other", "direct", 0.9, "")]
    assert source_kind.resolved(text, found, source_kind.ENGLISH)[0].kind == "official"


def test_an_acronym_takes_the_kind_of_its_full_name_in_either_language():
    english = "the Korea Coast Guard said on Monday. Later the KCG said the search went on."
    at = english.index("KCG")
    found = [Reported((0, 1), (at, at + 3), None, "other", "direct", 0.9, "")]
    assert source_kind.resolved(english, found, source_kind.ENGLISH)[0].kind == "official"

    korean = "해양경찰청(해경)은 수색을 이어갔다. 해경은 밝혔다."
    at = korean.rindex("해경")
    found = [Reported((0, 1), (at, at + 2), None, "other", "direct", 0.9, "")]
    assert source_kind.resolved(korean, found, source_kind.KOREAN)[0].kind == "official"


def test_a_korean_spokesperson_first_named_with_a_party_stays_other_and_a_surname_follows_the_fuller_source():
    text = "정의당 권수정 대변인은 논평을 냈다. 권수정 대변인은 “…”라고 말했다. 권 대변인은 덧붙였다."
    second = text.index("권수정 대변인", text.index("논평"))
    third = text.index("권 대변인")
    found = [Reported((0, 1), (second, second + 7), None, "official", "direct", 0.9, ""),
             Reported((0, 1), (third, third + 5), None, "official", "direct", 0.9, "")]  # fmt: skip
    assert [r.kind for r in source_kind.resolved(text, found, source_kind.KOREAN)] == ["other", "other"]
