"""What a user sees (SVG snapshots) at 160×48 and 80×24, in Korean and English.

Update after a deliberate change with `.venv/bin/python -m pytest tests/test_snapshots.py --snapshot-update`,
then look at the SVGs in `tests/__snapshots__/` before committing them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tandem.reader.app.app import TandemApp
from tandem.reader.workspace import document, open_workspace

ROOT = Path(__file__).resolve().parents[2]
BILINGUAL = "000_5b22b7d950e5fa8c"
ENGLISH = "003_d053796be3089813"
SIZES = {"wide": (160, 48), "narrow": (80, 24)}


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", root)
    workspace = open_workspace(root, annotator="alice")
    article = workspace.library.article(BILINGUAL)
    ko, en = article.side_text("ko"), article.side_text("en")
    with workspace.store.session(document(article), "alice") as session:
        putin_ko = session.add_span("ko", ko.find("푸틴"), ko.find("푸틴") + 2, "entity", "PERSON")
        session.add_span("ko", ko.find("백악관"), ko.find("백악관") + 3, "entity", "ORG")
        start = ko.find("미국 백악관 국가안보회의")
        session.add_span("ko", start, start + 14, "source", "SOURCE", {"kind": "official"})
        session.add_span("ko", ko.find("NSC"), ko.find("NSC") + 3, "entity", "ORG")  # nested in the source
        putin_en = session.add_span("en", en.find("Putin"), en.find("Putin") + 5, "entity", "PERSON")
        session.link("counterpart", putin_ko.id, putin_en.id)
    return workspace


@pytest.mark.parametrize("size", SIZES)
def test_library(snap_compare, workspace, size):
    assert snap_compare(TandemApp(workspace), terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_reading_korean_and_english_with_annotations(snap_compare, workspace, size):
    async def onto_putin(pilot):
        await pilot.press("j", "j", "j", "j", "j", "j", "w", "w", "w", "w")  # some way into the article

    assert snap_compare(TandemApp(workspace, BILINGUAL), terminal_size=SIZES[size], run_before=onto_putin)


@pytest.mark.parametrize("size", SIZES)
def test_reading_english_only(snap_compare, workspace, size):
    assert snap_compare(TandemApp(workspace, ENGLISH), terminal_size=SIZES[size])


def test_reading_english_pane_of_a_bilingual_article_narrow(snap_compare, workspace):
    assert snap_compare(TandemApp(workspace, BILINGUAL), terminal_size=SIZES["narrow"], press=["tab", "j", "j"])


def test_label_picker(snap_compare, workspace):
    assert snap_compare(TandemApp(workspace, BILINGUAL), terminal_size=SIZES["narrow"], press=["j", "j", "e"])


def test_help(snap_compare, workspace):
    assert snap_compare(TandemApp(workspace, BILINGUAL), terminal_size=SIZES["wide"], press=["question_mark"])
