"""Adjudication: candidates and decisions in the core, then the review screens driven by keys (Pilot), checked
against the gold spans in the store, the rejection records beside it, the export and the progress counts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.app import App

from tandem.annotations.agree.adjudication import REVIEW_FOLDER, Adjudication, Decision, Key, progress, rejection_store
from tandem.annotations.model import GOLD
from tandem.annotations.record import article_record
from tandem.annotations.store import Store
from tandem.reader.app.screens.review import ReviewListScreen, ReviewScreen
from tandem.reader.app.widgets.pickers import PickerScreen
from tandem.reader.workspace import Workspace, document, open_workspace

A1 = "\n".join([
    "한미 외교장관 회담 열려",
    "Korea and US foreign ministers meet",
    "박진 외교부 장관은 5일 워싱턴에서 블링컨 국무장관과 회담했다.",
    "Foreign Minister Park Jin met Secretary of State Blinken in Washington on the 5th.",
]) + "\n"
A2 = "\n".join([
    "북러 정상회담 열려",
    "Russia and North Korea hold summit",
    "크렘린궁은 푸틴 대통령이 회담했다고 밝혔다.",
    "The Kremlin said President Putin held talks.",
]) + "\n"

WORK = {
    ("kim", "a1"): [("ko", "박진", "PERSON"), ("ko", "워싱턴", "GPE"), ("en", "Park Jin", "PERSON"),
                    ("en", "Washington", "GPE"), ("en", "Blinken", "PERSON")],
    ("lee", "a1"): [("ko", "박진", "PERSON"), ("ko", "워싱턴", "LOC"), ("en", "Park Jin", "PERSON"),
                    ("en", "Washington", "GPE"), ("en", "Secretary of State Blinken", "PERSON")],
    ("kim", "a2"): [("ko", "푸틴", "PERSON")],
    ("lee", "a2"): [("ko", "푸틴", "PERSON"), ("en", "Kremlin", "ORG")],
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "ws"
    root.mkdir()
    (root / "a1.txt").write_text(A1, encoding="utf-8")
    (root / "a2.txt").write_text(A2, encoding="utf-8")
    ws = open_workspace(root, annotator="reviewer")
    for (annotator, article_id), spans in WORK.items():
        doc = document(ws.library.article(article_id))
        with ws.store.session(doc, annotator) as session:
            for side, quote, label in spans:
                start = doc.sides[side].index(quote)
                session.add_span(side, start, start + len(quote), "entity", label)
    return ws


def key(ws: Workspace, side: str, quote: str, label: str, article: str = "a1") -> Key:
    text = document(ws.library.article(article)).sides[side]
    start = text.index(quote)
    return Key(side, start, start + len(quote), "entity", label)


def gold(ws: Workspace, article: str = "a1") -> set[tuple[str, str, str]]:
    """Gold's spans as (side, quote, label), read by a fresh store as another process would."""
    state = Store(ws.store.root).read(GOLD, article)
    return {(s["side"], s["text"], s["label"]) for s in state.spans.values()}


def rejected(ws: Workspace, article: str = "a1") -> set[tuple[str, str, str]]:
    state = rejection_store(Store(ws.store.root)).read(GOLD, article)
    return {(s["side"], s["text"], s["label"]) for s in state.spans.values()}


AGREED = {("ko", "박진", "PERSON"), ("en", "Park Jin", "PERSON"), ("en", "Washington", "GPE")}


# --- the core ---------------------------------------------------------------------------------------------------------


def test_candidates_agreed_ones_pre_accepted_and_progress(workspace: Workspace):
    assert [(p.article, p.disagreements, p.left) for p in progress(workspace.store, workspace.text_of)] == [
        ("a1", 4, 4), ("a2", 1, 1)]
    assert gold(workspace) == set()  # counting writes nothing
    assert not (workspace.store.root / REVIEW_FOLDER).exists()
    adj = Adjudication(workspace.store, document(workspace.library.article("a1")))
    assert gold(workspace) == AGREED
    assert [(c.text, c.key.label, c.holders, c.agreed) for c in adj.candidates] == [
        ("박진", "PERSON", ("kim", "lee"), True),
        ("워싱턴", "GPE", ("kim",), False),
        ("워싱턴", "LOC", ("lee",), False),
        ("Park Jin", "PERSON", ("kim", "lee"), True),
        ("Secretary of State Blinken", "PERSON", ("lee",), False),
        ("Blinken", "PERSON", ("kim",), False),
        ("Washington", "GPE", ("kim", "lee"), True),
    ]
    assert adj.left == 4
    adj.close()


def test_accept_reject_relabel_undo_and_rivals(workspace: Workspace):
    adj = Adjudication(workspace.store, document(workspace.library.article("a1")))
    rivals = adj.accept(key(workspace, "ko", "워싱턴", "GPE"), reject_rivals=True)
    assert [c.key.label for c in rivals] == ["LOC"]
    assert gold(workspace) == AGREED | {("ko", "워싱턴", "GPE")}
    assert rejected(workspace) == {("ko", "워싱턴", "LOC")} and adj.left == 2
    adj.undo()  # one step: the accept and the rival's rejection
    assert gold(workspace) == AGREED and rejected(workspace) == set() and adj.left == 4
    adj.redo()
    assert adj.left == 2
    # Rejecting a pre-accepted span takes it out of gold and is remembered: reopening does not put it back.
    adj.reject(key(workspace, "en", "Washington", "GPE"))
    adj.close()
    adj = Adjudication(workspace.store, document(workspace.library.article("a1")))
    assert ("en", "Washington", "GPE") not in gold(workspace)
    assert adj.candidate(key(workspace, "en", "Washington", "GPE")).decision == Decision.REJECTED
    # Accepting it again drops the rejection record.
    adj.accept(key(workspace, "en", "Washington", "GPE"))
    assert ("en", "Washington", "GPE") in gold(workspace) and ("en", "Washington", "GPE") not in rejected(workspace)
    new = adj.relabel(key(workspace, "en", "Secretary of State Blinken", "PERSON"), "entity", "ORG")
    assert adj.candidate(new).decision == Decision.ACCEPTED and adj.candidate(new).holders == ()
    assert ("en", "Secretary of State Blinken", "ORG") in gold(workspace)
    assert ("en", "Secretary of State Blinken", "PERSON") in rejected(workspace)
    adj.close()


def test_one_annotator_is_no_agreement_and_gold_stays_out_of_exports(workspace: Workspace):
    doc = document(workspace.library.article("a2"))
    with workspace.store.session(doc, "lee") as session:
        session.delete(next(s.id for s in session.spans() if s.label == "ORG"))
    for path in (workspace.store.root / "kim").glob("a2.*"):
        path.unlink()  # kim's work on a2 gone: lee alone
    adj = Adjudication(workspace.store, doc)
    assert [(c.text, c.agreed, c.decision) for c in adj.candidates] == [("푸틴", False, Decision.OPEN)]
    assert gold(workspace, "a2") == set()
    adj.reject(adj.candidates[0].key)
    adj.close()
    assert REVIEW_FOLDER.startswith(".") and "gold" in workspace.store.annotators()
    assert not any(a.startswith(".") for a in workspace.store.annotators())
    record = article_record(doc, workspace.store, [GOLD])
    assert record["sides"]["ko"]["spans"] == [] and record["relations"] == []


# --- the screens ------------------------------------------------------------------------------------------------------


class Host(App[None]):
    """A bare app that shows one screen, as TandemApp would push it."""

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def on_mount(self) -> None:
        self.push_screen(self.make())


async def settle(app: App, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def header(screen: ReviewScreen) -> str:
    return str(screen.query_one("#review-header").render())


async def test_review_screen_keys_write_exactly_the_expected_gold(workspace: Workspace):
    app = Host(lambda: ReviewScreen(workspace, workspace.library.article("a1")))
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert gold(workspace) == AGREED
        assert (screen.left, screen.workspace_left) == (4, 5)
        assert "4 disagreements left in this article · 5 in the workspace" in header(screen)
        assert screen._current().text == "워싱턴" and screen._current().key.label == "GPE"  # first open one
        await pilot.press("a")  # accept kim's GPE; the cursor moves on to lee's LOC
        assert screen._current().key.label == "LOC"
        await pilot.press("x")  # reject it; on to lee's "Secretary of State Blinken"
        assert screen._current().text == "Secretary of State Blinken"
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("1")  # the first label offered: ORG (the candidate's own PERSON is left out)
        await pilot.pause()
        assert screen._current().key.label == "ORG" and screen.left == 1
        await pilot.press("right_square_bracket")
        assert screen._current().text == "Blinken"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.left == 0 and screen.workspace_left == 1
        assert "0 disagreements left in this article · 1 in the workspace" in header(screen)
        expected = AGREED | {("ko", "워싱턴", "GPE"), ("en", "Secretary of State Blinken", "ORG"),
                             ("en", "Blinken", "PERSON")}
        assert gold(workspace) == expected
        assert rejected(workspace) == {("ko", "워싱턴", "LOC"), ("en", "Secretary of State Blinken", "PERSON")}
        await pilot.press("u")
        assert screen.left == 1 and ("en", "Blinken", "PERSON") not in gold(workspace)
        await pilot.press("ctrl+r")
        assert screen.left == 0 and gold(workspace) == expected
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
    record = article_record(document(workspace.library.article("a1")), workspace.store, [GOLD])
    exported = {(side, s["text"], s["label"]) for side, content in record["sides"].items() for s in content["spans"]}
    assert exported == expected


async def test_review_list_shows_progress_and_opens_a_review(workspace: Workspace):
    app = Host(lambda: ReviewListScreen(workspace))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(app, pilot)
        listing = app.screen
        assert [(r.article, r.left) for r in listing.rows] == [("a1", 4), ("a2", 1)]
        assert "5 disagreements left in the workspace" in str(listing.query_one("#review-list-header").render())
        await pilot.press("down", "enter")  # a2
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.article.id == "a2"
        assert review._current().text == "Kremlin"
        await pilot.press("x")
        assert review.left == 0 and review.workspace_left == 4
        await pilot.press("q")
        await settle(app, pilot)
        assert app.screen is listing
        assert [(r.article, r.left) for r in listing.rows] == [("a1", 4), ("a2", 0)]
    assert os.path.isdir(workspace.store.root / REVIEW_FOLDER)


async def test_review_screen_decides_links_and_attributes_and_gold_exports_them(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch):
    """The team agrees on spans, three links and most attributes; the keys decide the rest, and `export --by gold`
    has the attributions (with their cues) and the counterpart links."""
    import json
    import subprocess
    import sys

    from tests.annotations.team import EN_CLAIM, KO_CLAIM, team_workspace

    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    ws = team_workspace(tmp_path / "ws")
    app = Host(lambda: ReviewScreen(ws, ws.library.article("a2")))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.left == 4
        listed = [str(option.prompt) for option in screen.candidates._options]
        assert any("counterpart “푸틴” → “Putin”" in row and row.startswith("✓") for row in listed)
        assert screen._current().key.name == "checkworthy"  # the first open one: kim's CFS on the English claim
        await pilot.press("A")  # accept CFS, reject lee's UFS; on to the Korean attribution without a cue
        assert screen.left == 2 and screen._current().child_text == "크렘린궁" and screen._current().key.cue is None
        await pilot.press("x")  # reject it; on to kim's, with the cue
        assert screen._current().key.cue is not None
        await pilot.press("e")  # a link has no label to edit: nothing changes
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and screen.left == 1
        await pilot.press("a")
        assert screen.left == 0 and "saved ✓ accepted attribution" in str(
            screen.query_one("#review-status").render())
        await pilot.press("q")
        await pilot.pause()
    out = tmp_path / "gold.jsonl"
    done = subprocess.run([sys.executable, "-m", "tandem.reader", "export", str(ws.root), "--format", "jsonl", "--out",
                           str(out), "--by", "gold"], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, TANDEM_CACHE_DIR=str(tmp_path / "cache")))  # fmt: skip
    assert done.returncode == 0, done.stderr
    (line,) = [json.loads(x) for x in out.read_text().splitlines()]
    text = {s["id"]: s["text"] for side in line["sides"].values() for s in side["spans"]}
    links = {(r["type"], text[r["head"]], text[r["child"]], text.get(r["cue"] or "")) for r in line["relations"]}
    assert links == {("attribution", KO_CLAIM, "크렘린궁", "밝혔다"), ("attribution", EN_CLAIM, "Kremlin", "said"),
                     ("counterpart", "푸틴", "Putin", None), ("counterpart", "크렘린궁", "Kremlin", None)}
    claims = {s["text"]: s["attrs"] for side in line["sides"].values() for s in side["spans"] if s["layer"] == "claim"}
    assert claims == {KO_CLAIM: {"checkworthy": "CFS"}, EN_CLAIM: {"checkworthy": "CFS"}}
