"""Real processes: two writers on one article lose nothing; writers killed with SIGKILL lose no acknowledged save."""

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tandem.annotations.model import DocumentText
from tandem.annotations.store import Store

WRITER = Path(__file__).parents[1] / "store_helpers" / "writer.py"


def start_writer(store: Path, count: int, reopen_every: int = 0) -> subprocess.Popen:
    args = [sys.executable, str(WRITER), str(store), "article", "kim", str(count), str(reopen_every)]
    return subprocess.Popen(args, stdout=subprocess.PIPE)


def acknowledged(output: bytes) -> set[str]:
    """Ids whose save returned: complete lines only (a kill can cut the last one)."""
    return {line.decode() for line in output.split(b"\n")[:-1]}


def test_three_processes_writing_and_compacting_one_article_lose_nothing(tmp_path: Path):
    writers = [start_writer(tmp_path, 60, reopen_every=5) for _ in range(3)]
    ids = set()
    for writer in writers:
        out, _ = writer.communicate(timeout=60)
        assert writer.returncode == 0
        ids |= acknowledged(out)
    assert len(ids) == 180
    assert set(Store(tmp_path).read("kim", "article").spans) == ids


def test_sigkill_at_random_moments_keeps_every_acknowledged_save(tmp_path: Path):
    rng = random.Random(1)
    expected: set[str] = set()
    for _ in range(10):
        writer = start_writer(tmp_path, 10_000, reopen_every=7)
        time.sleep(rng.uniform(0.3, 0.8))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        expected |= acknowledged(out)
        stored = set(Store(tmp_path).read("kim", "article").spans)  # the store always opens
        assert expected <= stored
    doc = DocumentText("article", {}, {"ko": "", "en": ""})
    assert len(Store(tmp_path).session(doc, "kim").orphans) >= len(expected) > 0  # a session opens, too
