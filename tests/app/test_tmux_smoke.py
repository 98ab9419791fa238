"""The real `tandem` binary in a real terminal (tmux): start, read, tag, quit, and the store holds the tag."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tandem.annotations.store import Store

ROOT = Path(__file__).resolve().parents[2]
TANDEM = Path(sys.executable).parent / "tandem"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None or not TANDEM.exists(), reason="needs tmux")


class Terminal:
    """One tmux session on a private socket, sized like a user's terminal."""

    def __init__(self, command: str, size: tuple[int, int], env: dict[str, str]) -> None:
        self.socket = f"tandem-test-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        self._tmux("new-session", "-d", "-x", str(size[0]), "-y", str(size[1]), "-s", "main",
                   f"env -i {exports} {command}; echo TANDEM-EXIT=$?; sleep 30")  # -i: no inherited COLUMNS

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", "main", key)
            time.sleep(0.15)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-J", "-t", "main")  # -J: wrapped lines joined

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def workspace(tmp_path):
    root = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", root)
    return root


def env_for(tmp_path: Path) -> dict[str, str]:
    return {"TANDEM_ANNOTATOR": "smoke", "TANDEM_CACHE_DIR": str(tmp_path / "cache"), "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}


def test_read_tag_and_quit_at_160x48(workspace, tmp_path):
    terminal = Terminal(f"{TANDEM} {workspace}", (160, 48), env_for(tmp_path))
    try:
        terminal.wait_for("2 of 2 articles")
        terminal.keys("Enter")
        screen = terminal.wait_for("U.S. intelligence agencies")
        assert "▶ 한국어" in screen and "미국 정보기관들이" in screen and "│" in screen
        terminal.keys("/", "푸틴", "Enter", "e")
        terminal.wait_for("PERSON")
        terminal.keys("1")
        terminal.wait_for("saved ✓")
        terminal.keys("q")
        terminal.wait_for("2 of 2 articles")
        terminal.keys("q")
        terminal.wait_for("TANDEM-EXIT=0")
    finally:
        terminal.close()
    spans = Store(workspace / ".tandem").read("smoke", "000_5b22b7d950e5fa8c").spans.values()
    assert [(s["text"], s["label"]) for s in spans] == [("푸틴", "PERSON")]


def test_one_article_at_80x24_toggles_languages(workspace, tmp_path):
    terminal = Terminal(f"{TANDEM} {workspace / '000_5b22b7d950e5fa8c.txt'}", (80, 24), env_for(tmp_path))
    try:
        screen = terminal.wait_for("미국 정보기관들이")
        assert "▶ 한국어" in screen and "tab: other language" in screen and "U.S. intelligence" not in screen
        terminal.keys("Tab")
        screen = terminal.wait_for("▶ English")
        assert "U.S. intelligence" in screen
        terminal.keys("q")
        terminal.wait_for("TANDEM-EXIT=0")
    finally:
        terminal.close()


def test_bad_file_is_one_line_and_exit_2_in_a_real_terminal(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    terminal = Terminal(f"{TANDEM} {bad}", (80, 24), env_for(tmp_path))
    try:
        screen = terminal.wait_for("TANDEM-EXIT=2")
        assert f"tandem: {bad}: empty file" in screen and "Traceback" not in screen
    finally:
        terminal.close()
