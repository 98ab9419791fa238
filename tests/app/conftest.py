"""What the app's tests share: a workspace of the bundled samples, annotated by alice, in a folder of its own; and
a terminal of full colour, whatever TERM the tests run under (the tests of fewer colours say so)."""

import shutil
from pathlib import Path

import pytest

from tandem.reader.workspace import Workspace, open_workspace

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", root)
    return open_workspace(root, annotator="alice")


@pytest.fixture(autouse=True)
def _full_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    import textual.constants

    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "truecolor")
