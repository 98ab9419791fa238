"""`tandem inspect` at 80 columns: Korean wraps and shortens at spaces, as the reader does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[2]


def test_inspect_wraps_and_shortens_korean_at_spaces_never_inside_a_word(tmp_path):
    article = ROOT / "articles" / "000_5b22b7d950e5fa8c.txt"
    result = subprocess.run([sys.executable, "-m", "tandem.reader", "inspect", str(article)], capture_output=True,
                            text=True, env={**os.environ, "COLUMNS": "80", "TANDEM_CACHE_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    hangul = regex.compile(r"\p{Hangul}+")
    shown = set(hangul.findall(result.stdout))
    words = set(hangul.findall(article.read_text("utf-8"))) | {"한국어"}  # the column heading
    cut = sorted(word for word in shown - words)
    assert cut == [], f"Korean words cut by wrapping: {cut[:10]}"
    assert "인공위성" in shown and "인공위 …" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
