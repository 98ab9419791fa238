"""The models' names seen from both sides: a name and its counterpart in the aligned sentence get one label (the
side with the stronger evidence decides), and a name one side's model missed is taken from the other."""

from __future__ import annotations

from tandem.annotations.model import DocumentText
from tandem.annotations.suggest.context import ArticleContext, ModelCache
from tandem.annotations.suggest.counterpart_names import reconciled
from tandem.annotations.suggest.lexicon import Lexicon
from tandem.annotations.suggest.mention import Mention
from tandem.annotations.suggest.registry import suggestions
from tandem.annotations.suggest.sources import model

# Sentences written for these tests (not taken from any article).
KO = "구로사와 감독은 사토가 돌아온다고 말했다. 두 번째 문장이다."
EN = "Director Kurosawa said Sato would return. This is the second sentence."
PAIRS = [((0, 23), (0, 41)), ((24, len(KO)), (42, len(EN)))]


def _mention(text: str, name: str, label: str, score: float, reason: str) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), label, score, reason)


def _found() -> dict[str, list[Mention]]:
    return {
        "ko": [_mention(KO, "구로사와", "PERSON", 0.9, "Korean proper noun before 감독"),
               _mention(KO, "사토", "GPE", 0.3, "Korean proper noun with nothing around it to type it")],
        "en": [_mention(EN, "Kurosawa", "ORG", 0.85, "spaCy ORG"),
               _mention(EN, "Sato", "PERSON", 0.85, "spaCy PERSON")],
    }  # fmt: skip


def _labels(found: dict[str, list[Mention]], side: str, text: str) -> dict[str, str]:
    return {text[m.start : m.end]: m.label for m in found[side]}


def test_the_stronger_side_decides_the_label_in_both_directions() -> None:
    after = reconciled(_found(), {"ko": KO, "en": EN}, PAIRS, Lexicon.shipped())
    assert _labels(after, "en", EN) == {"Kurosawa": "PERSON", "Sato": "PERSON"}  # the Korean title decides
    assert _labels(after, "ko", KO) == {"구로사와": "PERSON", "사토": "PERSON"}  # spaCy beats a bare guess
    sato = next(m for m in after["ko"] if KO[m.start : m.end] == "사토")
    assert sato.reason == "PERSON as its English counterpart “Sato” (spaCy PERSON), not GPE"
    assert sato.score == 0.3  # the span is as likely as before: only its label changed


def test_a_tie_or_a_sentence_with_no_counterpart_changes_nothing() -> None:
    found = _found()
    found["ko"][1] = Mention(found["ko"][1].start, found["ko"][1].end, "GPE", 0.85, "a guess as sure as spaCy")
    after = reconciled(found, {"ko": KO, "en": EN}, PAIRS, Lexicon.shipped())
    assert _labels(after, "ko", KO)["사토"] == "GPE" and _labels(after, "en", EN)["Sato"] == "PERSON"
    crossed = [((0, 23), (42, len(EN))), ((24, len(KO)), (0, 41))]  # each sentence aligned with the wrong one
    assert reconciled(_found(), {"ko": KO, "en": EN}, crossed, Lexicon.shipped()) == _found()
    assert reconciled({"ko": _found()["ko"]}, {"ko": KO}, [], Lexicon.shipped()) == {"ko": _found()["ko"]}


def test_the_model_source_proposes_the_agreed_labels() -> None:
    cache = ModelCache(None)
    for side, text in (("ko", KO), ("en", EN)):
        cache.put(model.cache_kind(side), text, [[m.start, m.end, m.label, m.score, m.reason] for m in _found()[side]])
    ctx = ArticleContext(DocumentText("a", {}, {"ko": KO, "en": EN}), "ann", cache=cache, sentence_pairs=PAIRS)
    proposed = {(s.span.side, s.span.text): s.span.label for s in suggestions(ctx, ["model"]) if s.span}
    assert proposed == {("ko", "구로사와"): "PERSON", ("ko", "사토"): "PERSON", ("en", "Kurosawa"): "PERSON",
                        ("en", "Sato"): "PERSON"}  # fmt: skip


def test_a_name_one_side_missed_comes_from_the_other_without_particles_and_never_a_bare_acronym() -> None:
    ko, en = "사토는 HBM 공장을 떠났다.", "Sato left the HBM plant."
    english = [_mention(en, "Sato", "PERSON", 0.85, "spaCy PERSON"), _mention(en, "HBM", "ORG", 0.85, "spaCy ORG")]
    after = reconciled({"ko": [], "en": english}, {"ko": ko, "en": en}, [((0, len(ko)), (0, len(en)))],
                       Lexicon.shipped())  # fmt: skip
    assert [(ko[m.start : m.end], m.label) for m in after["ko"]] == [("사토", "PERSON")]  # not 사토는, and no HBM
    assert after["ko"][0].reason.startswith("counterpart of PERSON “Sato”, which the English side's model found")
    assert after["en"] == english
    korean = [_mention(ko, "사토", "PERSON", 0.55, "Korean proper noun shaped like a Korean name")]
    after = reconciled({"ko": korean, "en": []}, {"ko": ko, "en": en}, [((0, len(ko)), (0, len(en)))],
                       Lexicon.shipped())  # fmt: skip
    assert [(en[m.start : m.end], m.label, m.score) for m in after["en"]] == [("Sato", "PERSON", 0.55)]


def test_an_adjective_of_nationality_is_no_name_to_add() -> None:
    ko, en = "우크라이나 군이 진격했다.", "Ukrainian forces advanced."
    korean = [_mention(ko, "우크라이나", "GPE", 0.9, "CLDR country name")]
    after = reconciled({"ko": korean, "en": []}, {"ko": ko, "en": en}, [((0, len(ko)), (0, len(en)))],
                       Lexicon.shipped())  # fmt: skip
    assert after["en"] == []
