"""English attributions: each pattern family with its negatives, quotes over several sentences and paragraphs,
unnamed sources and news outlets, nested reports, the quotation finder, and the regex fallback without spaCy."""

from __future__ import annotations

import re

import pytest

from tandem.annotations.suggest import attribution_en
from tandem.annotations.suggest.attribution_en import english_attributions
from tandem.annotations.suggest.names_en import english_pipeline_name
from tandem.annotations.suggest.reported import Reported, find_quotes

needs_spacy = pytest.mark.skipif(english_pipeline_name() is None, reason="spaCy's English pipeline is not installed")

_END = re.compile(r"[.!?][\"'”’]*(?=\s+[\"“A-Z]|\s*$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans as the reader gives them for English: after . ! ? (and closing marks) before a capital or an
    opening mark — also inside quotations — and at paragraph breaks."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        start = match.start()
        for end in _END.finditer(match.group()):
            if re.search(r"(?:^|\s)(?:[A-Z]|Mr|Dr|U\.S)\.$", match.group()[: end.end()]):
                continue  # an initial or an abbreviation: "Jin H. Lee"
            spans.append((start, match.start() + end.end()))
            start = match.start() + end.end()
            while start < match.end() and text[start] == " ":
                start += 1
        if start < match.end():
            spans.append((start, match.end()))
    return spans


def read(text: str) -> list[tuple[str, str, str, str | None, str]]:
    """(family, kind, source, cue, claim) texts of every attribution, in claim order."""
    return [_texts(text, r) for r in english_attributions(text, sentences(text))]


def _texts(text: str, r: Reported) -> tuple[str, str, str, str | None, str]:
    assert r.source is not None
    cue = text[r.cue[0] : r.cue[1]] if r.cue else None
    return r.family, r.kind, text[r.source[0] : r.source[1]], cue, text[r.claim[0] : r.claim[1]]


# --- direct quotes ----------------------------------------------------------------------------------------------


@needs_spacy
def test_quote_then_subject_and_verb() -> None:
    text = "“We will not back down,” the minister said."
    assert read(text) == [("direct", "official", "minister", "said", "We will not back down,")]


@needs_spacy
def test_quote_then_verb_and_subject_with_apposition() -> None:
    text = "“This is a new step,” said Kim Dong-yup, a professor at the University of North Korean Studies."
    assert read(text) == [
        ("direct", "expert", "Kim Dong-yup, a professor at the University of North Korean Studies", "said",
         "This is a new step,"),
    ]  # fmt: skip


@needs_spacy
def test_said_quote_and_added_quote_are_two_attributions() -> None:
    text = "President Yoon said, “We are ready to talk,” and added, “The door remains open.”"
    assert read(text) == [
        ("direct", "official", "President Yoon", "said", "We are ready to talk,"),
        ("direct", "official", "President Yoon", "added", "The door remains open."),
    ]


@needs_spacy
def test_quote_over_several_sentences_is_one_claim() -> None:
    text = "“The economy is strong. Growth will continue. Prices are falling,” said Treasury Secretary Janet Yellen."
    assert len(sentences(text)) == 3
    assert read(text) == [
        ("direct", "official", "Treasury Secretary Janet Yellen", "said",
         "The economy is strong. Growth will continue. Prices are falling,"),
    ]  # fmt: skip


@needs_spacy
def test_quote_opening_in_one_paragraph_and_closing_in_the_next_is_one_claim() -> None:
    text = "“The sanctions are working.\n\n“They will keep working,” Secretary of State Antony Blinken said."
    (found,) = read(text)
    assert found[4] == "The sanctions are working.\n\n“They will keep working,"


@needs_spacy
def test_quote_followed_by_he_said_in_a_later_sentence() -> None:
    text = "The minister said the war was not over. “We will win this fight.” He said."
    assert read(text)[1] == ("direct", "official", "He", "said", "We will win this fight.")


@needs_spacy
def test_a_bare_quote_continues_the_previous_speaker_without_a_cue() -> None:
    text = "“We are ready,” the spokesman said. “We have been ready for years.”"
    found = read(text)
    assert found[1] == ("direct", "official", "spokesman", None, "We have been ready for years.")


# --- indirect speech, outlets, according to -------------------------------------------------------------------


@needs_spacy
@pytest.mark.parametrize(
    ("text", "cue", "claim"),
    [("The spokesman told reporters that the talks had stalled.", "told", "the talks had stalled"),
     ("Foreign Minister Park Jin said the alliance was strong.", "said", "the alliance was strong"),
     ("The ministry warned that further tests would follow.", "warned", "further tests would follow"),
     ("Seoul's defense ministry confirmed that two missiles were fired.", "confirmed", "two missiles were fired"),
     ("The Kremlin denied that Putin had met the envoy.", "denied", "Putin had met the envoy"),
     ("Russia will respond in kind, the Kremlin said.", "said", "Russia will respond in kind")],
)  # fmt: skip
def test_indirect_speech(text: str, cue: str, claim: str) -> None:
    (found,) = read(text)
    assert found[0] == "indirect" and found[1] == "official" and found[3:] == (cue, claim)


@needs_spacy
def test_news_outlet_report() -> None:
    text = "The New York Times reported that the summit would be delayed."
    assert read(text) == [("indirect", "news_outlet", "New York Times", "reported", "the summit would be delayed")]


@needs_spacy
def test_two_reported_clauses_for_one_verb() -> None:
    text = "KCNA reported that Shoigu delivered a letter to Kim, and that Kim praised the alliance."
    assert [f[4] for f in read(text)] == ["Shoigu delivered a letter to Kim", "Kim praised the alliance"]


@needs_spacy
@pytest.mark.parametrize(
    "text",
    ["According to the Defense Ministry, the missile flew 600 kilometers.",
     "The missile flew 600 kilometers, according to the Defense Ministry."],
)  # fmt: skip
def test_according_to(text: str) -> None:
    assert read(text) == [
        ("according_to", "official", "Defense Ministry", "According to" if text[0] == "A" else "according to",
         "the missile flew 600 kilometers" if text[0] == "A" else "The missile flew 600 kilometers"),
    ]  # fmt: skip


@needs_spacy
def test_nested_attribution_inside_a_quote() -> None:
    text = "The report said, “Officials said that Kim will visit Moscow next week.”"
    assert read(text) == [
        ("direct", "document", "report", "said", "Officials said that Kim will visit Moscow next week."),
        ("anonymous", "anonymous", "Officials", "said", "Kim will visit Moscow next week"),
    ]


@needs_spacy
def test_partial_quote_inside_a_reported_clause() -> None:
    text = 'In a statement, the ministry said it "strongly condemns" the launch.'
    assert read(text) == [("indirect", "official", "ministry", "said", 'it "strongly condemns" the launch')]


@needs_spacy
def test_quoted_as_saying() -> None:
    text = "“We will never accept it,” Kim was quoted as saying."
    assert read(text) == [("direct", "other", "Kim", "saying", "We will never accept it,")]


@needs_spacy
def test_a_quote_resumed_after_the_cue_is_a_second_claim() -> None:
    text = "“We are ready,” the minister said, “to talk to anyone.”"
    assert [f[4] for f in read(text)] == ["We are ready,", "to talk to anyone."]


@needs_spacy
def test_a_cue_after_its_content_in_the_next_sentence() -> None:
    text = "Talks on the pact are actively underway. “The NYT reported."
    assert read(text) == [("indirect", "news_outlet", "NYT", "reported", "Talks on the pact are actively underway")]


# --- unnamed sources ------------------------------------------------------------------------------------------


@needs_spacy
@pytest.mark.parametrize(
    ("text", "kind", "source"),
    [("“The plan is under review,” an official said.", "anonymous", "an official"),
     ("The deal will be signed next week, according to people familiar with the matter.", "anonymous",
      "people familiar with the matter"),
     ("U.S. officials say their warnings have helped.", "official", "U.S. officials"),
     ("Some experts claim the summit might backfire.", "expert", "Some experts"),
     ("Experts also voiced concerns that the sanctions could weaken.", "expert", "Experts")],
)  # fmt: skip
def test_unnamed_sources_are_the_anonymous_family(text: str, kind: str, source: str) -> None:
    (found,) = read(text)
    assert found[:3] == ("anonymous", kind, source)


@needs_spacy
def test_pronoun_takes_the_kind_of_the_previous_speaker() -> None:
    text = "Reuters reported that talks had resumed. Officials were not available, it said."
    assert [f[:3] for f in read(text)] == [("indirect", "news_outlet", "Reuters"), ("indirect", "news_outlet", "it")]


# --- negatives ------------------------------------------------------------------------------------------------


@needs_spacy
@pytest.mark.parametrize(
    "text",
    ["The said agreement was signed in June.",
     "The treaty was signed by a man who said nothing.",
     "Critics called it “the deal” of the century.",
     "It was reported that the plan had changed.",
     "Thus, experts expect a new Cold War layout to become more evident.",
     "The two leaders declared their willingness to strengthen relations.",
     "Chairman Kim mentioned Russia’s “military operation” at the dinner.",
     "It suggested that the two leaders had shared views.",
     "The press asked if Russia would help."],
)  # fmt: skip
def test_nothing_rather_than_a_wrong_guess(text: str) -> None:
    assert read(text) == []


# --- quotation marks ------------------------------------------------------------------------------------------


def test_an_unclosed_quote_ends_where_the_next_opens_or_before_a_sentence_with_its_own_cue() -> None:
    text = "He said, “A is true, and B “C is false,” she said. “D holds. E follows. “F,” he added."
    quotes = find_quotes(text)
    assert [text[s:e] for s, e in quotes] == ["“A is true, and B ", "“C is false,”", "“D holds. E follows. ", "“F,”"]
    text = "He said, “A is true. B was right, he said."
    spans = sentences(text)
    quotes = find_quotes(text, spans, breaks=lambda s, e: "said" in text[s:e])
    assert [text[s:e] for s, e in quotes] == ["“A is true."]


def test_straight_quotes_pair_in_turn() -> None:
    text = 'He said "one," and "two."'
    assert [text[s:e] for s, e in find_quotes(text)] == ['"one,"', '"two."']


# --- without spaCy --------------------------------------------------------------------------------------------


def test_fallback_finds_quotes_indirect_speech_and_according_to(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attribution_en, "pipeline", lambda: None)
    text = (
        "“We will not back down,” the minister said. The spokesman told reporters that the talks had stalled. "
        "According to the Defense Ministry, the missile flew 600 kilometers. The said agreement was signed."
    )
    found = english_attributions(text, sentences(text))
    assert [_texts(text, r)[2:] for r in found] == [
        ("minister", "said", "We will not back down,"),
        ("spokesman", "told", "the talks had stalled"),
        ("Defense Ministry", "According to", "the missile flew 600 kilometers"),
    ]
    assert all(r.score < 0.7 and "no parser" in r.reason for r in found)


def test_fallback_said_then_quote_and_said_with_name_after_quote(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attribution_en, "pipeline", lambda: None)
    text = "Reuters said, “The talks resumed.” “It is a revival,” said Jin H. Lee, a senior fellow."
    found = english_attributions(text, sentences(text))
    assert [_texts(text, r)[2:] for r in found] == [
        ("Reuters", "said", "The talks resumed."),
        ("Jin H. Lee, a senior fellow", "said", "It is a revival,"),
    ]
