"""`tandem` on something that is not a usable terminal: one line on stderr and exit code 2, never a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_reader(tmp_path: Path, env: dict[str, str], on_a_terminal: bool) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "TANDEM_CACHE_DIR": str(tmp_path / "cache"), "TANDEM_MODELS": "off", **env}
    args = [sys.executable, "-m", "tandem.reader", str(ROOT / "articles"), "--store", str(tmp_path / "store")]
    if not on_a_terminal:
        return subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=60)
    primary, secondary = os.openpty()
    try:
        return subprocess.run(args, stdin=secondary, stdout=secondary, stderr=subprocess.PIPE, env=env, timeout=60)
    finally:
        os.close(primary)
        os.close(secondary)


@pytest.mark.parametrize(("env", "on_a_terminal", "said"), [
    ({"TERM": "xterm-256color"}, False, "needs a terminal"),
    ({"TERM": "dumb"}, True, "TERM=dumb"),
    ({"TERM": "xterm-256color", "PYTHONIOENCODING": "latin-1"}, True, "not UTF-8"),
])  # fmt: skip
def test_no_usable_terminal_is_one_line_and_exit_2(tmp_path, env, on_a_terminal, said):
    result = run_reader(tmp_path, env, on_a_terminal)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert stderr.count("\n") == 1 and said in stderr and "Traceback" not in stderr
    assert not list((tmp_path / "store").rglob("*.json"))  # no annotation file written
