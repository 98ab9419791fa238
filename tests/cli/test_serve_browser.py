"""`tandem serve` in a real headless Chromium (Debian's, /usr/bin/chromium; .ci/run installs it): the page connects,
the library and a bilingual article are drawn with a local CJK font for Hangul, and keys pressed in the page tag a
span that lands in the store under the session's annotator — alice's tab and bob's tab apart."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.annotations.test_export_common import REPO
from tests.cli.test_serve import serving

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and not os.environ.get("CI"):  # in CI a missing browser is a failure, not a skip
    pytest.skip("needs Chromium (apt-get install chromium fonts-nanum-coding)", allow_module_level=True)

# the closed network refuses Chromium's own connections: without these flags it waits on them
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip
ARTICLE = "000_5b22b7d950e5fa8c"  # the bilingual sample: its second paragraph starts "미국 정보기관들이"


def tag_first_word_of_second_paragraph(browser, url: str, shots: Path, who: str) -> list[str]:
    """In a fresh tab as WHO: open the bilingual article, move onto 정보기관들, tag it PERSON through the picker;
    the CJK font faces' load states."""
    page = browser.new_page(viewport={"width": 1400, "height": 800})
    page.goto(f"{url}/?annotator={who}")
    page.wait_for_selector("body.-first-byte", timeout=60_000)  # the app's first bytes: past the splash screen
    page.wait_for_timeout(3000)
    faces = page.evaluate("[...document.fonts].filter(f => f.unicodeRange.includes('AC00')).map(f => f.status)")
    page.screenshot(path=str(shots / f"{who}-library.png"))
    page.focus(".xterm-helper-textarea")
    for key, pause in (("Enter", 4000), ("j", 300), ("w", 300), ("e", 1500), ("1", 2000)):
        page.keyboard.press(key)
        page.wait_for_timeout(pause)
    page.screenshot(path=str(shots / f"{who}-tagged.png"))
    page.close()
    return faces


def test_two_browser_tabs_tag_a_korean_span_each_under_their_own_annotator(tmp_path: Path):
    shots = Path(os.environ.get("TANDEM_SHOTS", tmp_path))
    store = tmp_path / "store"
    with serving(REPO / "articles", tmp_path, "--store", str(store)) as (url, _), playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            for who in ("alice", "bob"):
                faces = tag_first_word_of_second_paragraph(browser, url, shots, who)
                assert faces == ["loaded"], f"no local CJK monospace font drew Hangul: {faces}"
        finally:
            browser.close()
    for who in ("alice", "bob"):
        spans = json.loads((store / who / f"{ARTICLE}.json").read_text(encoding="utf-8"))["spans"].values()
        tagged = [(s["annotator"], s["side"], s["text"], s["label"]) for s in spans]
        assert tagged == [(who, "ko", "정보기관들", "PERSON")]
