"""`tandem adjudicate WORKSPACE --agreed` through the real CLI, in a subprocess, on a Korean and English article."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tandem.annotations.agree.adjudication import progress
from tandem.annotations.model import GOLD
from tandem.annotations.store import Store
from tandem.reader.workspace import Workspace, document
from tests.annotations.team import KO_CLAIM, team_workspace


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    return team_workspace(tmp_path / "ws")


def adjudicate(ws: Workspace, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tandem.reader", "adjudicate", str(ws.root), *args], capture_output=True,
                          text=True, timeout=120, env=dict(os.environ))  # fmt: skip


def test_merges_what_all_agree_on_says_what_is_left_and_a_second_run_merges_nothing(ws: Workspace):
    done = adjudicate(ws, "--agreed")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "a2: merged 8 spans, 3 links, 3 attributes; 4 disagreements left",
        "merged 8 spans, 3 links, 3 attributes into gold over 1 annotated article; 4 disagreements left for the "
        "review (R in the library)"]
    state = Store(ws.store.root).read(GOLD, "a2")
    assert len(state.spans) == 8 and {r["type"] for r in state.relations.values()} == {"attribution", "counterpart"}
    assert [p.left for p in progress(ws.store, ws.text_of)] == [4]  # what the review screen will show
    again = adjudicate(ws, "--agreed", "--json")
    assert again.returncode == 0, again.stderr
    data = json.loads(again.stdout)
    assert data["total"] == {"spans": 0, "links": 0, "attrs": 0, "left": 4} and data["skipped"] == []


def test_a_decision_already_in_gold_is_kept(ws: Workspace):
    doc = document(ws.library.article("a2"))
    start = doc.sides["ko"].index(KO_CLAIM)
    with ws.store.session(doc, GOLD) as gold:
        gold.add_span("ko", start, start + len(KO_CLAIM), "claim", "CLAIM", {"checkworthy": "NFS"})
    done = adjudicate(ws, "--agreed")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("a2: merged 7 spans, 3 links, 2 attributes; 4 disagreements left")
    claims = [s for s in Store(ws.store.root).read(GOLD, "a2").spans.values() if s["text"] == KO_CLAIM]
    assert [c["attrs"] for c in claims] == [{"checkworthy": "NFS"}]
    links = Store(ws.store.root).read(GOLD, "a2").relations.values()
    assert sum(r["head"] == claims[0]["id"] for r in links) == 0  # kim's link has a cue, lee's none: not agreed


def test_bad_use_is_one_line_and_exit_2(ws: Workspace):
    done = adjudicate(ws)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "--agreed" in done.stderr
    assert not (ws.store.root / GOLD).exists()
    team_workspace(ws.root, article_id="a3")
    (ws.root / "a3.txt").unlink()
    done = adjudicate(ws, "--agreed")
    assert done.returncode == 0 and "a3: annotated but not in the workspace; left out" in done.stderr
