"""Adjudication of links and attributes: what the team agrees on reaches gold with its attributions and counterpart
links, what it does not is a decision (accept one annotator's, both, or none), and export sees the result."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.annotations.agree.adjudication import Adjudication, AttrKey, Decision, Key, LinkKey, merge_agreed
from tandem.annotations.model import GOLD
from tandem.annotations.record import article_record
from tandem.annotations.store import Store
from tandem.reader.workspace import Workspace, document
from tests.annotations.team import EN_CLAIM, KO_CLAIM, team_workspace


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    return team_workspace(tmp_path / "ws")


def doc_of(ws: Workspace):
    return document(ws.library.article("a2"))


def key(ws: Workspace, side: str, quote: str, layer: str, label: str) -> Key:
    start = doc_of(ws).sides[side].index(quote)
    return Key(side, start, start + len(quote), layer, label)


def gold_links(ws: Workspace) -> set[tuple[str, str, str, str | None]]:
    """Gold's relations as (type, head quote, child quote, cue quote), read as another process would."""
    state = Store(ws.store.root).read(GOLD, "a2")
    text = {i: s["text"] for i, s in state.spans.items()}
    return {(r["type"], text[r["head"]], text[r["child"]], text.get(r["cue"])) for r in state.relations.values()}


def gold_attrs(ws: Workspace) -> dict[str, dict[str, str]]:
    state = Store(ws.store.root).read(GOLD, "a2")
    return {s["text"]: s["attrs"] for s in state.spans.values() if s["attrs"]}


AGREED_LINKS = {("attribution", EN_CLAIM, "Kremlin", "said"), ("counterpart", "푸틴", "Putin", None),
                ("counterpart", "크렘린궁", "Kremlin", None)}


def test_merge_agreed_carries_agreed_links_and_attributes_and_is_idempotent(ws: Workspace):
    merged = merge_agreed(ws.store, doc_of(ws))
    # 8 spans; links: the English attribution and both counterparts; attributes: both sources' kind, the
    # Korean claim's CFS. Left: the Korean attribution (with cue / without) and the English claim's CFS / UFS.
    assert (merged.spans, merged.links, merged.attrs, merged.left) == (8, 3, 3, 4)
    assert gold_links(ws) == AGREED_LINKS
    assert gold_attrs(ws) == {"크렘린궁": {"kind": "official"}, "Kremlin": {"kind": "official"},
                              KO_CLAIM: {"checkworthy": "CFS"}}
    again = merge_agreed(ws.store, doc_of(ws))
    assert (again.total, again.left) == (0, 4)


def test_merge_agreed_never_overwrites_gold(ws: Workspace):
    doc = doc_of(ws)
    with ws.store.session(doc, GOLD) as gold:  # the reviewer already took the Korean claim, as NFS
        k = key(ws, "ko", KO_CLAIM, "claim", "CLAIM")
        gold.add_span(k.side, k.start, k.end, k.layer, k.label, {"checkworthy": "NFS"})
    merged = merge_agreed(ws.store, doc)
    assert merged.spans == 7 and gold_attrs(ws)[KO_CLAIM] == {"checkworthy": "NFS"}
    assert len(Store(ws.store.root).read(GOLD, "a2").spans) == 8  # no second Korean claim


def test_review_decides_links_and_attributes(ws: Workspace):
    adj = Adjudication(ws.store, doc_of(ws))
    ko_claim, ko_source = key(ws, "ko", KO_CLAIM, "claim", "CLAIM"), key(ws, "ko", "크렘린궁", "source", "SOURCE")
    with_cue = LinkKey("attribution", ko_claim, ko_source, key(ws, "ko", "밝혔다", "source", "CUE"))
    without = LinkKey("attribution", ko_claim, ko_source)
    open_ones = [c for c in adj.candidates if c.is_open_disagreement]
    assert [(c.key, c.holders) for c in open_ones] == [
        (AttrKey(key(ws, "en", EN_CLAIM, "claim", "CLAIM"), "checkworthy", "CFS"), ("kim",)),
        (AttrKey(key(ws, "en", EN_CLAIM, "claim", "CLAIM"), "checkworthy", "UFS"), ("lee",)),
        (without, ("lee",)), (with_cue, ("kim",))]  # links after spans; no cue first
    assert adj.candidate(with_cue).text == KO_CLAIM and adj.candidate(with_cue).child_text == "크렘린궁"
    # Both annotators' links: accept one, then the other.
    adj.accept(with_cue)
    adj.accept(without)
    assert gold_links(ws) == AGREED_LINKS | {("attribution", KO_CLAIM, "크렘린궁", "밝혔다"),
                                             ("attribution", KO_CLAIM, "크렘린궁", None)}
    adj.undo()
    # None: rejecting it takes it out of gold and is remembered when the review is opened again.
    adj.reject(with_cue)
    assert ("attribution", KO_CLAIM, "크렘린궁", "밝혔다") not in gold_links(ws)
    adj.close()
    adj = Adjudication(ws.store, doc_of(ws))
    assert adj.candidate(with_cue).decision == Decision.REJECTED
    # One annotator's, rejecting the rival: the accepted attribute value is gold's; the other is decided too.
    cfs = AttrKey(key(ws, "en", EN_CLAIM, "claim", "CLAIM"), "checkworthy", "CFS")
    assert [c.key.value for c in adj.accept(cfs, reject_rivals=True)] == ["UFS"]
    assert gold_attrs(ws)[EN_CLAIM] == {"checkworthy": "CFS"}
    accepted = adj.accept(without, reject_rivals=True)
    assert accepted == [] and adj.left == 0  # the rival with the cue is already rejected
    adj.close()
    record = article_record(doc_of(ws), ws.store, [GOLD])
    assert {r["type"] for r in record["relations"]} == {"attribution", "counterpart"} and len(record["relations"]) == 4


def test_rejecting_an_end_takes_its_links_and_accepting_it_brings_the_agreed_ones_back(ws: Workspace):
    adj = Adjudication(ws.store, doc_of(ws))
    putin = key(ws, "en", "Putin", "entity", "PERSON")
    counterpart = LinkKey("counterpart", key(ws, "ko", "푸틴", "entity", "PERSON"), putin)
    assert adj.candidate(counterpart).decision == Decision.ACCEPTED and adj.candidate(counterpart).agreed
    adj.reject(putin)
    assert adj.candidate(counterpart).decision == Decision.REJECTED
    assert ("counterpart", "푸틴", "Putin", None) not in gold_links(ws)
    adj.accept(putin)  # accepting the span carries the agreed link again
    assert ("counterpart", "푸틴", "Putin", None) in gold_links(ws)
    adj.reject(counterpart)
    adj.undo()
    assert adj.candidate(counterpart).decision == Decision.ACCEPTED
    adj.close()


def test_accepting_a_link_accepts_its_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """lee alone linked 푸틴 to Putin (kim tagged both, no link): accepting the link puts it and its ends in gold."""
    from tests.annotations.team import spans

    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    ws = team_workspace(tmp_path / "ws", {"kim": (spans("CFS")[3:4], []),
                                          "lee": (spans("CFS")[3:4] + spans("CFS")[7:], [
                                              ("counterpart", "푸틴", "Putin", None)])})
    adj = Adjudication(ws.store, doc_of(ws))
    link = LinkKey("counterpart", key(ws, "ko", "푸틴", "entity", "PERSON"), key(ws, "en", "Putin", "entity", "PERSON"))
    assert adj.candidate(link).holders == ("lee",) and not adj.candidate(link).agreed
    adj.accept(link)
    assert gold_links(ws) == {("counterpart", "푸틴", "Putin", None)} and adj.left == 0
    adj.undo()  # one step: the link and the span it needed
    assert gold_links(ws) == set() and adj.left == 2
    adj.close()
