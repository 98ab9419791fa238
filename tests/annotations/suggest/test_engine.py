"""The suggestion engine: propagation in Korean and English, decisions stored durably, suggestions kept apart."""

from pathlib import Path

import orjson
import pytest

from tandem.annotations.export import SourceDocument, run_export
from tandem.annotations.model import DocumentText
from tandem.annotations.store import Store
from tandem.annotations.suggest import kiwi
from tandem.annotations.suggest.context import ArticleContext, TeamNames, name_form
from tandem.annotations.suggest.decisions import accept, reject
from tandem.annotations.suggest.occurrences import occurrences
from tandem.annotations.suggest.proposal import ProposedSpan, Suggestion
from tandem.annotations.suggest.registry import _without_conflicts, suggestions

KO = "푸틴은 김정은 위원장을 만났다. 푸틴이 말했다. 러시아어로 말한 푸틴의 뜻은 러시아에 있다. 김정 씨는 아니다."
EN = "Putin met Kim Jong-un. Putin's aides and Putinism. The US said. us. PUTIN."
DOC = DocumentText("a1", {}, {"ko": KO, "en": EN})


def texts(found, side):
    return [(s.span.start, s.span.text, s.span.label) for s in found if s.span and s.span.side == side]


@pytest.fixture
def session(tmp_path: Path):
    return Store(tmp_path / "store").session(DOC, "kim")


def context(session, team=None):
    return ArticleContext.of_state(DOC, "kim", session.spans(), session.relations(), session.state(),
                                   team=team or TeamNames())


def test_korean_matches_take_particles_but_not_longer_words():
    assert [KO[a:b] for a, b in occurrences("푸틴", KO)] == ["푸틴", "푸틴", "푸틴"]
    assert [KO[a:b] for a, b in occurrences("러시아", KO)] == ["러시아"]  # not inside 러시아어
    assert [(a, KO[a:b]) for a, b in occurrences("김정", KO, ["김정은"])] == [(KO.index("김정 씨"), "김정")]


def test_english_matches_respect_word_boundaries_and_case():
    assert [EN[a:b] for a, b in occurrences("Putin", EN)] == ["Putin", "Putin"]  # not Putinism, not PUTIN
    assert [EN[a:b] for a, b in occurrences("US", EN)] == ["US"]
    assert list(occurrences("Kim", EN)) == []  # the start of the longer name Kim Jong-un


def test_a_tag_proposes_the_other_occurrences_in_both_languages(session):
    session.add_span("ko", 0, 2, "entity", "PERSON")
    session.add_span("en", 0, 5, "entity", "PERSON")
    found = suggestions(context(session), ["propagation"])
    assert [t[1] for t in texts(found, "ko")] == ["푸틴", "푸틴"]
    assert [t[0] for t in texts(found, "en")] == [EN.index("Putin's")]
    assert all(s.reason.startswith("same text as PERSON") for s in found)


def test_the_workspace_teaches_labels_and_conflicts_lower_the_score(session):
    team = TeamNames()
    team.add("other", [{"id": "1", "side": "en", "text": "Putin", "layer": "entity", "label": "PERSON"},
                       {"id": "2", "side": "en", "text": "Putin", "layer": "entity", "label": "ORG"},
                       {"id": "3", "side": "en", "text": "Putin", "layer": "entity", "label": "PERSON"}], [])
    found = suggestions(context(session, team), ["propagation"])
    assert {t[2] for t in texts(found, "en")} == {"PERSON"}
    assert all(s.score < 0.95 and "other" in s.reason and "ORG 1×" in s.reason for s in found)


def test_rejected_is_not_offered_again_and_accepted_has_provenance(session, tmp_path):
    session.add_span("ko", 0, 2, "entity", "PERSON")
    first, second = suggestions(context(session), ["propagation"])
    reject(session, [first])
    [made] = accept(session, [second])
    assert made.attrs == {"suggested_by": "propagation"} and made.annotator == "kim"
    assert suggestions(context(session), ["propagation"]) == []
    again = Store(tmp_path / "store").read("kim", "a1")  # durable: another process sees the decision
    assert list(again.rejections) == [first.key]
    session.undo()  # the accept
    session.undo()  # the rejection
    assert [s.key for s in suggestions(context(session), ["propagation"])] == [first.key, second.key]


def test_suggestions_never_overlap_annotations_of_their_layer(session):
    session.add_span("ko", 0, 2, "entity", "PERSON")
    start = KO.index("푸틴이")
    session.add_span("ko", start, start + 3, "entity", "ORG")  # the annotator decided otherwise here
    assert [t[0] for t in texts(suggestions(context(session), ["propagation"]), "ko")] == [KO.index("푸틴의")]


def test_pending_suggestions_are_not_exported(session, tmp_path):
    session.add_span("ko", 0, 2, "entity", "PERSON")
    pending = suggestions(context(session), ["propagation"])
    session.add_pending([(s.key, s.to_json("a1")) for s in pending])
    session.reject([(pending[0].key, "import")])
    out = tmp_path / "out.jsonl"
    run_export("jsonl", [SourceDocument(DOC)], Store(tmp_path / "store"), out)
    [line] = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert [s["text"] for s in line["sides"]["ko"]["spans"]] == ["푸틴"]
    assert len(Store(tmp_path / "store").read("kim", "a1").pending) == 1


def test_another_tools_spans_load_as_pending_suggestions_and_plain_load_names_the_annotator(tmp_path):
    from tandem.annotations.load import load_jsonl
    from tandem.annotations.suggest.sources.imported import from_file

    line = {"article": {"id": "a1"}, "sides": {"en": {"spans": [
        {"id": "p", "start": 0, "end": 5, "text": "Putin", "layer": "entity", "label": "PERSON"},
        {"id": "bad", "start": 0, "end": 3, "text": "Kim", "layer": "entity", "label": "PERSON"}]}},
        "relations": [], "status": {}}
    path = tmp_path / "tool.jsonl"
    path.write_bytes(orjson.dumps(line) + b"\n")
    found, skipped = from_file(path, {"a1": DOC})
    [s] = found["a1"]
    assert (s.source, s.span.text, s.reason) == ("import", "Putin", "imported from tool.jsonl") and len(skipped) == 1
    store = Store(tmp_path / "store")
    session = store.session(DOC, "kim")
    session.add_pending([(s.key, s.to_json("a1"))])
    assert [x.key for x in suggestions(context(session), ["import"])] == [s.key]
    accept(session, [s])
    assert suggestions(context(session), ["import"]) == [] and not store.read("kim", "a1").pending
    report = load_jsonl(path, Store(tmp_path / "plain"), {"a1": DOC}, annotator="lee")
    assert report.spans == 1 and Store(tmp_path / "plain").annotators() == ["lee"]


def propagated(store: Path, side: str, text: str, start: int, end: int, label: str) -> list[int]:
    """Where propagation proposes the name tagged at [start, end) of a one-side text, in order."""
    doc = DocumentText("a", {}, {side: text})
    session = Store(store).session(doc, "kim")
    session.add_span(side, start, end, "entity", label)
    ctx = ArticleContext.of_state(doc, "kim", session.spans(), [], session.state())
    return sorted(s.span.start for s in suggestions(ctx, ["propagation"]))


def test_a_one_syllable_korean_name_is_proposed_only_before_a_title(tmp_path):
    text = "김 위원장은 말했다. 한 관계자는 김씨가 아니라 김 위원장이라고 했다. 김치를 먹었다."
    assert propagated(tmp_path, "ko", text, 0, 1, "PERSON") == [text.index("김 위원장이")]


def test_a_one_syllable_korean_name_before_former_and_a_title_is_proposed(tmp_path):
    text = "최 회장은 말했다. 최 전 회장의 변호인은 최근 입장을 냈다."
    assert propagated(tmp_path, "ko", text, 0, 1, "PERSON") == [text.index("최 전")]  # not 최근


def test_an_english_name_is_not_proposed_as_the_last_word_of_a_longer_name(tmp_path):
    """Ishikawa in "Takashi Ishikawa", Korea in "South Korea" and "Bank of Korea": but after a title, a possessive
    or a sentence's first word, and anywhere in the headline, it is the name itself."""
    text = ("Lee Meets Ishikawa\n\nKorea and Japan met. Prime Minister Takashi Ishikawa spoke. South Korea agreed. "
            "Japan's Ishikawa said so. In Korea, Prime Minister Ishikawa smiled. Premier-elect Ishikawa left. "
            "The Bank of Korea agreed.")
    cases = (("Ishikawa", "PERSON", ["Lee Meets Ishikawa", "Japan's Ishikawa", "Minister Ishikawa",
                                     "Premier-elect Ishikawa"]),
             ("Korea", "GPE", ["\n\nKorea", "In Korea"]))  # not in the Bank of Korea
    for name, label, expected in cases:
        first = text.index(name, text.index("\n\n") + 2 if name == "Korea" else 0)
        starts = propagated(tmp_path / name, "en", text, first, first + len(name), label)
        assert starts == sorted({text.index(e) + len(e) - len(name) for e in expected} - {first})


def test_an_abbreviation_is_proposed_before_a_capitalised_word():
    text = "The U.S. said. U.S. President Biden and U.S. officials."
    assert [text[a:b] for a, b in occurrences("U.S.", text)] == ["U.S.", "U.S.", "U.S."]


def test_an_english_name_is_proposed_before_a_title_and_a_year_before_a_name():
    """A title after a name is no word of it ("Incheon Mayor Yoo"), nor is a name after a year ("2030 World
    Expo"); a capitalised word that is neither still makes a longer name."""
    text = ("Incheon Mayor Yoo Jeong-bok and Incheon Governor-elect Park spoke. Incheon Airport opened. "
            "The 2030 World Expo, 2030. FTC Vice Chairperson Han and FTC Chairperson Lee met.")
    assert [text[a : b + 9] for a, b in occurrences("Incheon", text)] == ["Incheon Mayor Yo", "Incheon Governor"]
    assert [text[a:b] for a, b in occurrences("2030", text)] == ["2030", "2030"]
    assert len(list(occurrences("FTC", text))) == 2


def test_after_a_captain_or_a_storm_word_a_name_is_the_name_itself(tmp_path):
    text = "Crew Safe\n\nThe storm, Maysak, hit. Typhoon Maysak then moved north as Captain Arjun Sen and Captain Sen"
    for name, label, expected in (("Maysak", "EVENT", ["Typhoon Maysak"]), ("Sen", "PERSON", ["Captain Sen"])):
        first = text.index(name)
        starts = propagated(tmp_path / name, "en", text, first, first + len(name), label)
        assert starts == [text.index(e) + len(e) - len(name) for e in expected]


def test_a_claim_follows_its_sentence_to_the_other_side(tmp_path):
    ko = "왓슨 대변인은 “러시아가 포탄을 원한다”고 말했다."
    en = "Spokesman Watson said, “Russia wants shells.”"
    doc = DocumentText("c", {}, {"ko": ko, "en": en})
    session = Store(tmp_path / "s").session(doc, "kim")
    start = ko.index("러시아")
    session.add_span("ko", start, ko.index("”"), "claim", "CLAIM")
    ctx = ArticleContext.of_state(doc, "kim", session.spans(), [], session.state(),
                                  sentence_pairs=[((0, len(ko)), (0, len(en)))])
    [found] = suggestions(ctx, ["projection"])
    assert found.relation.child.text == "Russia wants shells." and found.relation.child.layer == "claim"


@pytest.mark.skipif(not kiwi.available(), reason="kiwipiepy is not installed")
def test_a_name_whose_last_syllable_looks_like_a_particle_is_read_in_its_sentence():
    kiwi.analyser()  # loaded, as in the models' process: name_form then asks it
    headline = "하늘엔터, 걸그룹 루미나 전속계약 해지"  # alone, the analyser reads 루미 + 나 ("or")
    assert name_form("ko", "루미나", (headline, headline.index("루미나"))) == "루미나"
    sentence = "러시아 대통령 푸틴은 말했다"
    assert name_form("ko", "푸틴은", (sentence, sentence.index("푸틴은"))) == "푸틴"  # a sloppy tag loses its 은


def test_what_propagation_keeps_between_refreshes_answers_as_a_fresh_run_would(session):
    """The reader runs the engine after every key with one memo kept between runs: after each change (a longer
    name known to the team, a name tagged here that the team tagged elsewhere, a relabel; Korean and English) the
    answer is the one a run with an empty memo gives (fails when what propagation keeps is kept by less than it
    depends on)."""
    memo: dict = {}
    team = TeamNames()

    def kept_and_fresh():
        def run(memo):
            ctx = ArticleContext.of_state(DOC, "kim", session.spans(), session.relations(), session.state(),
                                          team=team, memo=memo)
            return suggestions(ctx, ["propagation"])

        return run(memo), run({})

    def tagged_elsewhere(side: str, text: str, label: str) -> None:
        team.add("a2", [{"id": text, "side": side, "text": text, "layer": "entity", "label": label}], [])

    session.add_span("ko", KO.index("김정 씨"), KO.index("김정 씨") + 2, "entity", "PERSON")
    kept, fresh = kept_and_fresh()
    assert kept == fresh and (KO.index("김정은"), "김정", "PERSON") in texts(kept, "ko")
    tagged_elsewhere("ko", "김정은", "PERSON")  # a longer name: 김정 is no longer matched inside it
    kept, fresh = kept_and_fresh()
    assert kept == fresh and (KO.index("김정은"), "김정", "PERSON") not in texts(kept, "ko")
    reject(session, [s for s in kept if s.span.text == "김정은"])  # nor once the longer name is rejected here
    kept, fresh = kept_and_fresh()
    assert kept == fresh and (KO.index("김정은"), "김정", "PERSON") not in texts(kept, "ko")

    tagged_elsewhere("en", "Putin", "PERSON")
    kept, fresh = kept_and_fresh()
    assert kept == fresh and any("tagged in a2" in s.reason for s in kept if s.span.text == "Putin")
    putin = session.add_span("en", 0, 5, "entity", "PERSON")  # now tagged here too: the reason says so
    kept, fresh = kept_and_fresh()
    assert kept == fresh and all("in this article" in s.reason for s in kept if s.span.text == "Putin")
    session.relabel(putin.id, "ORG")
    kept, fresh = kept_and_fresh()
    assert kept == fresh and {s.span.label for s in kept if s.span.text == "Putin"} == {"ORG"}


def test_a_suggestion_made_from_another_has_the_key_of_what_it_proposes():
    """Keys are kept once read (the engine reads them at each step): a suggestion, span or relation made from
    another by `replace` has its own, never the one read from the original."""
    from dataclasses import replace

    from tandem.annotations.suggest.proposal import ProposedRelation, ProposedSpan, Suggestion

    span = ProposedSpan("ko", 0, 2, "푸틴", "entity", "PERSON")
    first = Suggestion("propagation", 0.9, "same text", span=span)
    assert first.key == span.key == "ko:0:2:entity:PERSON"
    moved = replace(first, span=replace(span, start=4, end=6))
    assert moved.key == "ko:4:6:entity:PERSON" and first.key == "ko:0:2:entity:PERSON"
    link = ProposedRelation("counterpart", "a", span)
    linked = Suggestion("projection", 0.8, "counterpart", relation=link)
    assert linked.key == link.key
    relabelled = replace(linked, relation=replace(link, child=replace(span, label="ORG")))
    assert relabelled.key != linked.key and "ORG" in relabelled.key


def test_a_name_proposed_inside_a_longer_name_of_its_label_gives_way_to_it():
    """Propagation's 메논 (from a tag) inside the model's 라지브 메논 scores higher, yet the full name is the one
    shown; a name inside a longer proposal of another label still wins on its score."""
    text = "라지브 메논 선장과 메논 씨, 러시아 외무부"

    def proposed(source: str, score: float, words: str, label: str) -> Suggestion:
        start = text.index(words)
        return Suggestion(source, score, "", span=ProposedSpan("ko", start, start + len(words), words, "entity",
                                                               label))  # fmt: skip

    found = [proposed("propagation", 0.95, "메논", "PERSON"), proposed("model", 0.8, "라지브 메논", "PERSON"),
             proposed("propagation", 0.95, "러시아", "GPE"), proposed("model", 0.8, "러시아 외무부", "ORG")]
    kept = {s.span.text for s in _without_conflicts(found)}
    assert kept == {"라지브 메논", "러시아"}
