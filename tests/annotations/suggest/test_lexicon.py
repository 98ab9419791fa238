"""The shipped lexicon (CLDR + lexicon.toml), workspace lexicons merged over it, and pairs learned from links."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.annotations.suggest.lexicon import SHIPPED, Entry, Lexicon, LexiconError, form_key, learned_pairs


@pytest.fixture(scope="module")
def shipped() -> Lexicon:
    return Lexicon.shipped()


def english(lexicon: Lexicon, korean: str, label: str | None = None) -> list[str]:
    return [form for form, _ in lexicon.counterparts(korean, "ko", label)]


def test_shipped_has_cldr_places_and_a_few_hundred_curated_entries(shipped: Lexicon) -> None:
    curated = Lexicon.load(SHIPPED)
    assert len(curated) >= 300
    assert ("Russia", "CLDR") in shipped.counterparts("러시아", "ko")
    assert ("평양", "CLDR") in shipped.counterparts("Pyongyang", "en")


@pytest.mark.parametrize(
    ("korean", "expected"),
    [("백악관", "White House"), ("국방부", "Ministry of National Defense"), ("합참", "Joint Chiefs of Staff"),
     ("유엔", "United Nations"), ("미국", "U.S."), ("한은", "BOK"), ("대통령실", "presidential office"),
     ("국정원", "NIS"), ("조선중앙통신", "KCNA"), ("연합뉴스", "Yonhap"), ("뉴욕타임스", "NYT"), ("9월", "Sept."),
     ("월요일", "Monday")],
)  # fmt: skip
def test_issue_examples(shipped: Lexicon, korean: str, expected: str) -> None:
    assert expected in english(shipped, korean)


def test_both_directions_and_sources(shipped: Lexicon) -> None:
    assert ("백악관", "lexicon") in shipped.counterparts("White House", "en")
    assert ("백악관", "lexicon") in shipped.counterparts("the white house", "en")
    assert "미국" in [f for f, _ in shipped.counterparts("US", "en")]


def test_form_keys_ignore_what_spelling_varies() -> None:
    assert form_key("U.S.", "en") == form_key("US", "en") == "us"
    assert form_key("The New York Times", "en") == "new york times"
    assert form_key("Workers’ Party", "en") == form_key("Workers' Party", "en")
    assert form_key("Punggye-ri", "en") == form_key("Punggye ri", "en")
    assert form_key("보스토치니 우주기지", "ko") == "보스토치니우주기지"
    assert form_key("인도·태평양", "ko") == "인도태평양"


def test_label_filters_labelled_entries_only(shipped: Lexicon) -> None:
    assert "White House" in english(shipped, "백악관", "ORG")
    assert english(shipped, "백악관", "PERSON") == []
    assert "President" in english(shipped, "대통령", "PERSON")  # a title has no label


def test_joint_forms(shipped: Lexicon) -> None:
    assert shipped.is_joint("북러", "ko")
    assert not shipped.is_joint("북한", "ko")
    assert {"North Korea", "Russia"} <= set(english(shipped, "북러"))


def test_a_workspace_lexicon_extends_the_shipped_one(tmp_path: Path, shipped: Lexicon) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text(
        'entries = [\n  { ko = ["백악관"], en = ["the Executive Mansion"], label = "ORG" },\n'
        '  { ko = "탠덤연구소", en = "Tandem Institute" },\n]\n',
        encoding="utf-8",
    )
    merged = shipped.merged(Lexicon.load(path))
    assert merged.counterparts("탠덤연구소", "ko") == [("Tandem Institute", "lexicon.toml")]
    first, *rest = merged.counterparts("백악관", "ko")
    assert first == ("the Executive Mansion", "lexicon.toml")  # the workspace's spelling comes first
    assert ("White House", "lexicon") in rest
    assert shipped.counterparts("탠덤연구소", "ko") == []  # the shipped lexicon itself is left alone


@pytest.mark.parametrize(
    ("text", "message"),
    [("entries = [", "not valid TOML"), ("entries = 3", "array of tables"), ('entries = [{ ko = "가" }]', "`en`"),
     ('entries = [{ ko = [], en = ["x"] }]', "`ko`"), ('entries = [{ ko = "가나", en = "x", joint = 1 }]', "joint"),
     ('entries = [{ ko = "가나", en = "x", label = "" }]', "label")],
)  # fmt: skip
def test_bad_files_name_the_file_and_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as caught:
        Lexicon.load(path)
    assert caught.value.path == path


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="not found"):
        Lexicon.load(tmp_path / "nope.toml")


def test_learned_pairs_are_particle_free_and_counted() -> None:
    learned = learned_pairs([("Putin", "푸틴은"), ("Putin", "푸틴"), ("President Putin", "푸틴 대통령이"),
                             ("National Security Council", "국가안보회의")])  # fmt: skip
    assert learned["putin"] == {"푸틴": 2}
    assert learned["푸틴"] == {"Putin": 2}
    assert learned["국가안보회의"] == {"National Security Council": 1}  # 의 here ends the word, not a particle
    assert learned_pairs([("", "푸틴"), ("Putin", " ")]) == {}


def test_entries_keep_their_forms() -> None:
    lexicon = Lexicon([Entry(("가나",), ("Ghana",), "GPE", "test")])
    assert lexicon.lookup("Ghana", "en")[0].forms("ko") == ("가나",)
    assert lexicon.lookup("Ghana", "en", label="PERSON") == []
