"""An attribution accepted on one side proposes its counterpart on the other: the claim, the source found through
the counterpart evidence and widened as that side writes a source, the cue, the relation and the two counterpart
links — one suggestion, accepted in one change and undone in one. Both directions, on one hand-made article, on
the bundled bilingual article (one file) and on a Korean file and an English file."""

from pathlib import Path

from tandem.annotations.model import DocumentText
from tandem.annotations.store import Store
from tandem.annotations.suggest.context import ArticleContext
from tandem.annotations.suggest.decisions import accept
from tandem.annotations.suggest.proposal import ProposedRelation, ProposedSpan, Suggestion
from tandem.annotations.suggest.registry import suggestions
from tandem.reader.text.library import load_article, source_for_file
from tandem.reader.workspace import document, segments
from tandem.reader.workspace import sentences as sentences_of

ROOT = Path(__file__).resolve().parents[3]
KO = "존 커비 백악관 대변인은 “러시아가 포탄을 원한다”고 말했다."
EN = "White House spokesman John Kirby said, “Russia wants shells.”"
DOC = DocumentText("c", {}, {"ko": KO, "en": EN})
PAIRS = [((0, len(KO)), (0, len(EN)))]


def attribute(session, side, text, claim, source, cue, kind="official"):
    c = session.add_span(side, text.index(claim), text.index(claim) + len(claim), "claim", "CLAIM")
    s = session.add_span(side, text.index(source), text.index(source) + len(source), "source", "SOURCE",
                         {"kind": kind})
    q = session.add_span(side, text.index(cue), text.index(cue) + len(cue), "source", "CUE")
    session.link("attribution", c.id, s.id, q.id)
    return c, s, q


def projected(session, doc, pairs, sentences=None, sources=("projection",)):
    ctx = ArticleContext.of_state(doc, "kim", session.spans(), session.relations(), session.state(),
                                  sentence_pairs=pairs, sentences=sentences or {})
    return [s for s in suggestions(ctx, list(sources)) if s.links]


def ends(found):
    rel = found.relation
    return rel.head.text, rel.child.text, rel.cue.text if rel.cue else None


def test_english_attribution_proposes_the_korean_one_with_its_title_and_links(tmp_path):
    session = Store(tmp_path / "s").session(DOC, "kim")
    claim, source, _ = attribute(session, "en", EN, "Russia wants shells.", "White House spokesman John Kirby", "said")
    [found] = projected(session, DOC, PAIRS)
    assert ends(found) == ("러시아가 포탄을 원한다", "존 커비 백악관 대변인", "말했다")
    assert dict(found.relation.child.attrs) == {"kind": "official"}  # the kind carries over
    heads = {(link.type, link.child) for link in found.links}
    assert heads == {("counterpart", claim.id), ("counterpart", source.id)}  # the Korean end is each link's head
    assert {link.head.layer for link in found.links} == {"claim", "source"}


def test_korean_attribution_proposes_the_english_one(tmp_path):
    session = Store(tmp_path / "s").session(DOC, "kim")
    claim, source, _ = attribute(session, "ko", KO, "러시아가 포탄을 원한다", "존 커비 백악관 대변인", "말했다")
    [found] = projected(session, DOC, PAIRS)
    assert ends(found) == ("Russia wants shells.", "White House spokesman John Kirby", "said")
    assert {(link.head, link.child.layer) for link in found.links} == {(claim.id, "claim"), (source.id, "source")}


def test_indirect_speech_takes_the_clause_without_its_joining_words(tmp_path):
    ko = "왓슨 대변인은 북한이 러시아에 포탄을 판매했다고 밝혔다."
    en = "Spokesman Watson said that North Korea sold shells to Russia."
    doc = DocumentText("i", {}, {"ko": ko, "en": en})
    session = Store(tmp_path / "s").session(doc, "kim")
    attribute(session, "en", en, "North Korea sold shells to Russia", "Spokesman Watson", "said")
    [found] = projected(session, doc, [((0, len(ko)), (0, len(en)))])
    assert ends(found) == ("북한이 러시아에 포탄을 판매했다", "왓슨 대변인", "밝혔다")
    session2 = Store(tmp_path / "t").session(doc, "kim")
    attribute(session2, "ko", ko, "북한이 러시아에 포탄을 판매했다", "왓슨 대변인", "밝혔다")
    [found] = projected(session2, doc, [((0, len(ko)), (0, len(en)))])
    assert ends(found) == ("North Korea sold shells to Russia", "Spokesman Watson", "said")


def test_accepting_makes_spans_relation_and_links_in_one_undoable_change(tmp_path):
    session = Store(tmp_path / "s").session(DOC, "kim")
    attribute(session, "en", EN, "Russia wants shells.", "White House spokesman John Kirby", "said")
    [found] = projected(session, DOC, PAIRS)
    accept(session, [found])
    korean = {(s.layer, s.label, s.text) for s in session.spans("ko")}
    assert korean == {("claim", "CLAIM", "러시아가 포탄을 원한다"), ("source", "SOURCE", "존 커비 백악관 대변인"),
                      ("source", "CUE", "말했다")}  # fmt: skip
    types = sorted(r.type for r in session.relations())
    assert types == ["attribution", "attribution", "counterpart", "counterpart"]
    assert projected(session, DOC, PAIRS) == []  # nothing left to propose
    session.undo()
    assert session.spans("ko") == [] and sorted(r.type for r in session.relations()) == ["attribution"]


def test_no_source_counterpart_falls_back_to_the_claim_alone(tmp_path):
    session = Store(tmp_path / "s").session(DOC, "kim")
    attribute(session, "en", EN, "Russia wants shells.", "White House spokesman John Kirby", "said")
    doc = DocumentText("c", {}, {"ko": "“러시아가 포탄을 원한다”고 한다.", "en": EN})
    ctx = ArticleContext.of_state(doc, "kim", session.spans(), session.relations(), session.state(),
                                  sentence_pairs=[((0, len(doc.sides["ko"])), (0, len(EN)))])
    [found] = suggestions(ctx, ["projection"])
    assert not found.links and found.relation.type == "counterpart"  # the claim's counterpart, as before


def test_the_sides_own_attribution_is_joined_not_doubled(tmp_path):
    session = Store(tmp_path / "s").session(DOC, "kim")
    attribute(session, "en", EN, "Russia wants shells.", "White House spokesman John Kirby", "said")
    [mine] = projected(session, DOC, PAIRS)
    rel = mine.relation
    wider = ProposedSpan("ko", rel.head.start, rel.head.end + 2, KO[rel.head.start : rel.head.end + 2], "claim",
                         "CLAIM")  # the other side's rules end the claim elsewhere
    own = Suggestion("attribution", 0.9, "direct: quote + 말했다",
                     relation=ProposedRelation("attribution", wider, rel.child, rel.cue))
    from tandem.annotations.suggest.registry import _joined

    [joined] = _joined([mine, own])
    assert joined.relation.head == wider and joined.evidence == ("attribution",)  # its edges, both evidences
    assert any(link.head == wider for link in joined.links)  # the claim link moved onto its claim
    assert joined.score > max(mine.score, own.score) and "quote + 말했다" in joined.reason
    assert Suggestion.from_json(joined.to_json("c")) == joined  # the --json object carries the links


def _article(paths):
    _, source = source_for_file(paths[0])
    parsed = load_article(source)
    pairs = [(s.side("ko"), s.side("en")) for s in segments(parsed, "sentence")]
    return document(parsed), pairs, sentences_of(parsed)


def test_on_the_bundled_article_both_directions(tmp_path):
    doc, pairs, sentences = _article([ROOT / "articles" / "000_5b22b7d950e5fa8c.txt"])
    en, ko = doc.sides["en"], doc.sides["ko"]
    session = Store(tmp_path / "s").session(doc, "kim")
    start = en.index("White House spokesman John F. Kirby")
    claim = 'high-level talks on military cooperation between the two countries were "actively underway,"'
    assert en.index(claim) > start
    attribute(session, "en", en, claim, "White House spokesman John F. Kirby", "said")
    found = [s for s in projected(session, doc, pairs, sentences) if "커비" in s.relation.child.text]
    assert [s.relation.child.text for s in found] == ["존 F. 커비 백악관 대변인"]
    assert found[0].relation.head.side == "ko" and len(found[0].links) == 2
    session2 = Store(tmp_path / "t").session(doc, "kim")
    attribute(session2, "ko", ko, '양국 간의 군사협력 고위급 회담이 "활발히 진행되고 있다"', "존 F. 커비 백악관 대변인",
              "말했으며")  # fmt: skip
    back = [s for s in projected(session2, doc, pairs, sentences) if "Kirby" in s.relation.child.text]
    assert [s.relation.child.text for s in back] == ["White House spokesman John F. Kirby"]
    assert back[0].relation.head.text.startswith("high-level talks") and back[0].relation.cue.text == "said"


def test_on_a_korean_file_and_an_english_file(tmp_path):
    korean = "북러 회담\n\n에이드리언 왓슨 대변인은 “김정은이 러시아를 방문할 것”이라고 말했다.\n"
    (tmp_path / "x.ko.txt").write_text(korean, encoding="utf-8")
    (tmp_path / "x.en.txt").write_text("North Korea-Russia talks\n\nSpokesman Adrian Watson said, “Kim Jong-un "
                                       "will visit Russia.”\n", encoding="utf-8")  # fmt: skip
    doc, pairs, sentences = _article([tmp_path / "x.ko.txt", tmp_path / "x.en.txt"])
    ko, en = doc.sides["ko"], doc.sides["en"]
    session = Store(tmp_path / "s").session(doc, "kim")
    attribute(session, "ko", ko, "김정은이 러시아를 방문할 것", "에이드리언 왓슨 대변인", "말했다")
    [found] = projected(session, doc, pairs, sentences)
    assert ends(found) == ("Kim Jong-un will visit Russia.", "Spokesman Adrian Watson", "said")
    session2 = Store(tmp_path / "t").session(doc, "kim")
    attribute(session2, "en", en, "Kim Jong-un will visit Russia.", "Spokesman Adrian Watson", "said")
    [found] = projected(session2, doc, pairs, sentences)
    assert ends(found) == ("김정은이 러시아를 방문할 것", "에이드리언 왓슨 대변인", "말했다")
