"""The Export… dialog: picks a format and filters, exports in a worker thread, shows where it wrote."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
from textual.app import App
from textual.widgets import Button, Input, ProgressBar, Select, Static

from tandem.reader.app.screens.export import ExportScreen
from tests.annotations.test_export_common import make_workspace


class Host(App):
    def __init__(self, screen: ExportScreen) -> None:
        super().__init__()
        self.dialog = screen
        self.result: object = "not closed"

    def on_mount(self) -> None:
        self.push_screen(self.dialog, lambda value: setattr(self, "result", value))


async def export(pilot) -> None:
    """Press Export and wait until its result shows. The press reaches the screen as a message after the click,
    and on a loaded machine the worker may start later still: wait for the result line to change, not for
    workers (waiting for workers can return before the one for this press exists)."""
    result = pilot.app.dialog.query_one("#export-result", Static)
    before = str(result.render())
    await pilot.click("#export-go")
    for _ in range(200):
        await pilot.pause(0.05)
        if str(result.render()) != before and not str(result.render()).startswith("Exporting"):
            break
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.asyncio
async def test_export_screen_exports_and_shows_the_path(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    workspace = make_workspace(tmp_path / "articles")
    app = Host(ExportScreen(workspace))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.dialog
        screen.query_one("#export-format", Select).value = "spans"
        await pilot.pause()
        out = screen.query_one("#export-out", Input)
        assert out.value.endswith(os.path.join("exports", "tandem.spans.jsonl"))  # follows the format
        screen.query_one("#export-by", Input).value = "gold"
        await export(pilot)
        written = Path(out.value)
        result = str(screen.query_one("#export-result", Static).render())
        assert f"Wrote {written}" in result
        rows = [orjson.loads(line) for line in written.read_bytes().splitlines()]
        assert {r["_annotator_id"] for r in rows} == {"gold", None}  # None: articles nobody touched
        bar = screen.query_one("#export-progress", ProgressBar)
        assert bar.progress == bar.total == 3
        assert not screen.query_one("#export-go", Button).disabled
        screen.query_one("#export-by", Input).value = "nobody"
        await export(pilot)
        assert "Export failed: no annotations by nobody" in str(screen.query_one("#export-result", Static).render())
        await pilot.press("escape")
        await pilot.pause()
    assert app.result == written


@pytest.mark.asyncio
@pytest.mark.parametrize(("fmt", "names"), [("labelstudio", ["tandem.labelstudio.json", "labeling_config.xml"]),
                                            ("brat", ["tandem-brat.zip"])])  # fmt: skip
async def test_in_a_browser_the_export_is_delivered_not_written(tmp_path: Path, monkeypatch, fmt, names):
    import io
    import zipfile

    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(Host, "is_web", property(lambda self: True))  # as under `tandem serve`'s web driver
    delivered: list[tuple[str, bytes]] = []
    monkeypatch.setattr(Host, "deliver_binary", lambda self, file, save_filename=None, **kw: delivered.append(
        (save_filename, file.read())))  # fmt: skip
    workspace = make_workspace(tmp_path / "articles")
    app = Host(ExportScreen(workspace))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.dialog
        screen.query_one("#export-format", Select).value = fmt
        await pilot.pause()
        out = Path(screen.query_one("#export-out", Input).value)
        await export(pilot)
        assert "Sent to the browser: " + ", ".join(names) in str(screen.query_one("#export-result", Static).render())
        await pilot.press("escape")
        await pilot.pause()
    assert [name for name, _ in delivered] == names
    assert not out.exists() and app.result is None  # nothing on the server's disk
    if fmt == "brat":
        archive = zipfile.ZipFile(io.BytesIO(delivered[0][1]))
        assert "annotation.conf" in archive.namelist() and any(n.endswith(".ann") for n in archive.namelist())
    else:
        assert delivered[0][1].startswith(b"[") and delivered[1][1].startswith(b"<View>")
