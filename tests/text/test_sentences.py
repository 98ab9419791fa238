"""Sentence splitting: offsets, English abbreviations and quotes, Korean endings and embedded quotations."""

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.reader.text.sentences import split_sentences

SEED = Path(__file__).resolve().parents[2] / "articles" / "000_5b22b7d950e5fa8c.txt"


def sentences(text: str, lang: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, lang)]


def test_english_basic_split_and_offsets():
    text = "  The talks ended. Officials left!  Why?  "
    assert sentences(text, "en") == ["The talks ended.", "Officials left!", "Why?"]
    assert split_sentences(text, "en")[0] == (2, 18)


@pytest.mark.parametrize(
    "text",
    [
        "U.S. officials declined to comment on the talks.",
        "Mr. Kim met Dr. Lee and Gen. Park in Seoul.",
        "Sen. Warren and Rep. Kim spoke at St. Paul's church.",
        "White House spokesman John F. Kirby said the talks were underway.",
        "Jin H. Lee is a senior fellow at the Wilson Center.",
        "The summit is set for Sept. 13 in Vladivostok.",
        "Growth was 3.5 percent in the No. 2 economy.",
        "The train left at 9 a.m. and arrived at 5 p.m. on Tuesday.",
        "Strategic assets arrived after the declaration between South Korea and the U.S. in April.",
    ],
)
def test_english_abbreviations_do_not_split(text):
    assert sentences(text, "en") == [text]


def test_english_ambiguous_abbreviation_can_end_a_sentence():
    text = "Seoul signed a pact with the U.S. The North protested."
    assert sentences(text, "en") == ["Seoul signed a pact with the U.S.", "The North protested."]


def test_english_closing_quote_belongs_to_the_sentence():
    text = "He said, “The talks went well.” Then he left. “We agree,” she said."
    assert sentences(text, "en") == ["He said, “The talks went well.”", "Then he left.", "“We agree,” she said."]


def test_english_lowercase_continuation_does_not_split():
    assert sentences("The plan, i.e. the deal. was agreed.", "en") == ["The plan, i.e. the deal. was agreed."]


def test_korean_endings():
    text = "회담이 열렸다. 무엇을 논의했을까? 성과가 있었죠. 그렇습니다!"
    assert sentences(text, "ko") == ["회담이 열렸다.", "무엇을 논의했을까?", "성과가 있었죠.", "그렇습니다!"]


def test_korean_embedded_quotation_is_not_split():
    text = "그는 “회담이 열렸다. 성과가 있었다”며 “앞으로도 협력하겠다”고 말했다. 이어 기자회견을 했다."
    assert sentences(text, "ko") == [
        "그는 “회담이 열렸다. 성과가 있었다”며 “앞으로도 협력하겠다”고 말했다.",
        "이어 기자회견을 했다.",
    ]


def test_korean_standalone_quotation_ends_at_the_closing_mark():
    text = "“회담이 열렸다.” 그는 이렇게 말했다."
    assert sentences(text, "ko") == ["“회담이 열렸다.”", "그는 이렇게 말했다."]


def test_korean_initials_and_dates_do_not_split():
    text = "존 F. 커비 대변인과 진 H. 리 연구원이 2023. 9. 14. 만났다. NYT가 보도했다."
    assert sentences(text, "ko") == ["존 F. 커비 대변인과 진 H. 리 연구원이 2023. 9. 14. 만났다.", "NYT가 보도했다."]


def test_korean_unbalanced_quote_does_not_swallow_the_rest():
    text = "그는 “회담이 열렸다고 말했다. 이어 떠났다."
    assert sentences(text, "ko") == ["그는 “회담이 열렸다고 말했다.", "이어 떠났다."]


def test_seed_article_splits_as_expected():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    # Korean paragraphs of the seed are each one sentence (quotations end in ”며/”고); line 7 hides a period.
    assert all(len(split_sentences(line, "ko")) == 1 for line in lines[2:20])
    assert len(split_sentences(lines[25], "en")) == 2  # "John F. Kirby" stays whole
    assert len(split_sentences(lines[36], "en")) == 3  # "Jin H. Lee" stays whole


def test_empty_and_blank():
    assert split_sentences("", "en") == []
    assert split_sentences("   \n ", "ko") == []


def test_unknown_language_is_rejected():
    with pytest.raises(ValueError):
        split_sentences("text", "ja")


@given(st.text(alphabet=st.sampled_from("가다요 .?!“”\"'ABa1\n"), max_size=80), st.sampled_from(["ko", "en"]))
def test_spans_cover_all_non_whitespace_in_order(text, lang):
    spans = split_sentences(text, lang)
    covered = "".join(text[start:end] for start, end in spans)
    assert "".join(covered.split()) == "".join(text.split())
    for start, end in spans:
        assert start < end
        assert not text[start].isspace()
        assert not text[end - 1].isspace()
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
