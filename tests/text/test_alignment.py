"""Gale–Church alignment: the seed article, merged/split/dropped paragraphs, sentences, invariants, speed."""

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.reader.text import alignment
from tandem.reader.text.alignment import Bead, SentenceBead, SentenceSpan, align, align_sentences
from tandem.reader.text.sentences import split_sentences

SEED = Path(__file__).resolve().parents[2] / "articles" / "000_5b22b7d950e5fa8c.txt"
LINES = SEED.read_text(encoding="utf-8").split("\n")
KO = LINES[2:20]  # 18 Korean body paragraphs (title on line 1 left out)
EN = LINES[21:39]  # the 18 English paragraphs, in the same order


def one_to_one(n: int, start: int = 0) -> list[Bead]:
    return [Bead((i,), (i,)) for i in range(start, start + n)]


def assert_covers(beads: list[Bead], n: int, m: int) -> None:
    assert [i for b in beads for i in b.ko] == list(range(n))
    assert [j for b in beads for j in b.en] == list(range(m))
    assert all(b.ko or b.en for b in beads)


def test_seed_aligns_one_to_one():
    assert align(KO, EN) == one_to_one(18)


def test_merged_korean_paragraphs_give_a_2_to_1_bead():
    ko = [*KO[:5], KO[5] + " " + KO[6], *KO[7:]]
    beads = align(ko, EN)
    assert Bead((5,), (5, 6)) in beads
    assert beads[:5] == one_to_one(5)
    assert_covers(beads, 17, 18)


def test_merged_english_paragraphs_give_a_1_to_2_bead():
    en = [*EN[:10], EN[10] + " " + EN[11], *EN[12:]]
    beads = align(KO, en)
    assert Bead((10, 11), (10,)) in beads
    assert_covers(beads, 18, 17)


def test_split_english_paragraph_gives_a_1_to_2_bead():
    (_, cut), (start, _) = split_sentences(EN[7], "en")[-2:]  # keep the opening "Reuters reported" together
    en = [*EN[:7], EN[7][:cut], EN[7][start:], *EN[8:]]
    beads = align(KO, en)
    assert Bead((7,), (7, 8)) in beads
    assert beads[-1] == Bead((17,), (18,))


def test_split_korean_paragraph_gives_a_2_to_1_bead():
    text = KO[2]
    cut = text.index("”며 ") + 3  # a clause boundary: the first quotation stays on the first half
    ko = [*KO[:2], text[:cut].rstrip(), text[cut:], *KO[3:]]
    beads = align(ko, EN)
    assert Bead((2, 3), (2,)) in beads
    assert_covers(beads, 19, 18)


def test_dropped_english_paragraph_gives_a_1_to_0_bead():
    en = [*EN[:9], *EN[10:]]
    beads = align(KO, en)
    assert Bead((9,), ()) in beads
    assert beads[:9] == one_to_one(9)
    assert_covers(beads, 18, 17)


def test_dropped_korean_paragraph_gives_a_0_to_1_bead():
    ko = [*KO[:12], *KO[13:]]
    beads = align(ko, EN)
    assert Bead((), (12,)) in beads
    assert_covers(beads, 17, 18)


def test_empty_side_gives_null_beads():
    assert align([], []) == []
    assert align(KO[:3], []) == [Bead((0,), ()), Bead((1,), ()), Bead((2,), ())]
    assert align([], EN[:2]) == [Bead((), (0,)), Bead((), (1,))]


def test_korean_sentences_of_different_shapes():
    ko = ["북한은 2006년 핵실험을 했다.", "NYT는 10일 이를 보도했다."]
    en = ["North Korea conducted a nuclear test in 2006.", "The NYT reported it on the 10th."]
    assert align(ko, en) == one_to_one(2)


def test_anchors_pull_a_segment_to_the_partner_sharing_its_number_and_latin_token(monkeypatch):
    ko = [
        "회담은 2019년 4월에 처음 열렸다고 전했다",
        "KCNA는 13일 그렇게 보도했다고 밝혔다",
        "양국은 협력을 계속하기로 했다",
    ]
    en = ["KCNA reported so on the 13th, it said", "The two countries agreed to keep cooperating"]
    assert align(ko, en) == [Bead((0, 1), (0,)), Bead((2,), (1,))]
    monkeypatch.setattr(alignment, "SHARED_TOKEN_BONUS", 0.0)
    monkeypatch.setattr(alignment, "MISSING_TOKEN_PENALTY", 0.0)
    assert align(ko, en) == [Bead((0,), (0,)), Bead((1, 2), (1,))]  # lengths alone get it wrong


def test_deterministic():
    ko = [*KO[:4], KO[4] + " " + KO[5], *KO[7:]]
    assert align(ko, EN) == align(ko, EN)
    assert align_sentences(ko, EN, align(ko, EN)) == align_sentences(ko, EN, align(ko, EN))


def test_five_hundred_segments_each_side():
    rng = random.Random(7)
    pairs = [rng.randrange(18) for _ in range(500)]
    ko = [KO[p] for p in pairs]
    en = [EN[p] for p in pairs]
    del en[250]
    assert_covers(align(ko, en), 500, 499)


def test_sentence_beads_on_the_seed():
    beads = align(KO, EN)
    sentences = align_sentences(KO, EN, beads)
    assert {s.paragraph_bead for s in sentences} == set(range(18))
    for sentence_bead in sentences:
        paragraph_bead = beads[sentence_bead.paragraph_bead]
        assert {s.paragraph for s in sentence_bead.ko} <= set(paragraph_bead.ko)
        assert {s.paragraph for s in sentence_bead.en} <= set(paragraph_bead.en)
    # Every sentence of both sides appears exactly once, in reading order.
    for side, paragraphs, lang in (("ko", KO, "ko"), ("en", EN, "en")):
        spans = [s for b in sentences for s in getattr(b, side)]
        expected = [
            SentenceSpan(p, start, end)
            for p, text in enumerate(paragraphs)
            for start, end in split_sentences(text, lang)
        ]
        assert spans == expected


def span(paragraphs: list[str], p: int, sentence: str) -> SentenceSpan:
    start = paragraphs[p].index(sentence)
    return SentenceSpan(p, start, start + len(sentence))


def test_sentence_alignment_inside_a_paragraph_bead():
    ko = ["회담이 열렸다. 북한은 2006년 핵실험을 했다. NYT는 10일 이를 보도했다."]
    en = [
        "The talks took place. North Korea conducted a nuclear test in 2006.",
        "The NYT reported it on the 10th.",
    ]
    result = align_sentences(ko, en, [Bead((0,), (0, 1))])
    assert result == [
        SentenceBead(0, (span(ko, 0, "회담이 열렸다."),), (span(en, 0, "The talks took place."),)),
        SentenceBead(
            0,
            (span(ko, 0, "북한은 2006년 핵실험을 했다."),),
            (span(en, 0, "North Korea conducted a nuclear test in 2006."),),
        ),
        SentenceBead(0, (span(ko, 0, "NYT는 10일 이를 보도했다."),), (span(en, 1, en[1]),)),
    ]


def test_sentence_beads_of_a_null_paragraph_bead_are_null():
    result = align_sentences(["가다. 나다."], [], [Bead((0,), ())])
    assert result == [
        SentenceBead(0, (SentenceSpan(0, 0, 3),), ()),
        SentenceBead(0, (SentenceSpan(0, 4, 7),), ()),
    ]


segments = st.lists(st.text(alphabet="가나다 abc123.NYT", max_size=60), max_size=25)


@settings(max_examples=150, deadline=None)
@given(segments, segments)
def test_beads_cover_every_index_exactly_once_in_order(ko, en):
    beads = align(ko, en)
    assert_covers(beads, len(ko), len(en))
    allowed = {(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)}
    assert all((len(b.ko), len(b.en)) in allowed for b in beads)
