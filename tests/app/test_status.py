"""One status rule everywhere: an annotator with spans and no status set is "in progress" in the library, in the
reading screen's header and for `export --status` alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson

from tandem.annotations.export import ExportFilter, ExportOptions
from tandem.reader.app.app import TandemApp
from tandem.reader.app.widgets.article_header import ArticleHeader
from tandem.reader.workspace import export_workspace, open_workspace

ROOT = Path(__file__).resolve().parents[2]
BILINGUAL, ENGLISH = "000_5b22b7d950e5fa8c", "003_d053796be3089813"


def exported(workspace, tmp_path: Path, status: str) -> list[str]:
    out = tmp_path / f"{status}.jsonl"
    export_workspace(workspace, "jsonl", out, ExportFilter(statuses=(status,)), ExportOptions())
    return [orjson.loads(line)["article"]["id"] for line in out.read_bytes().splitlines()]


async def test_the_library_the_reading_header_and_export_agree(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", root)
    workspace = open_workspace(root, annotator="alice")
    article = workspace.library.article(BILINGUAL)
    with workspace.open_session(article) as session:  # spans, no status set
        session.add_span("en", 0, 7, "entity", "EVENT")
    with workspace.open_session(workspace.library.article(ENGLISH)) as session:
        session.set_status("done")
    app = TandemApp(workspace, None)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert {e.summary.id: e.status for e in app.screen.all} == {BILINGUAL: "in_progress", ENGLISH: "done"}
        await pilot.press("enter")
        await pilot.pause()
        assert "[in progress]" in str(app.screen.query_one(ArticleHeader).render())
    assert exported(workspace, tmp_path, "in_progress") == [BILINGUAL]
    assert exported(workspace, tmp_path, "done") == [ENGLISH]
    assert exported(workspace, tmp_path, "new") == []
