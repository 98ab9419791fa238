"""Aligned rows: cell-accurate wrapping of Korean and English, and beads that start on the same row."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tandem.reader.app.widgets.rows import AlignedRows, wrap
from tandem.reader.text.counterparts import SentenceIndex
from tandem.reader.text.library import load_article, source_for_file

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "articles" / "000_5b22b7d950e5fa8c.txt"


def seed():
    return load_article(source_for_file(SEED)[1])


def test_wrap_measures_hangul_as_two_cells_and_breaks_between_eojeol():
    text = "미국 정보기관들이 북러 군사동맹 부활 제체에서"
    lines = wrap(text, 0, 20)
    assert [text[line.start : line.end] for line in lines] == ["미국 정보기관들이 ", "북러 군사동맹 부활 ", "제체에서"]
    assert all(cell_len(text[line.start : line.end]) <= 20 for line in lines)


def test_wrap_never_splits_a_wide_character_and_hard_breaks_long_words():
    text = "가나다라마바사아자차카타파하"
    lines = wrap(text, 100, 5)
    assert [line.start for line in lines] == [100, 102, 104, 106, 108, 110, 112]
    assert all(cell_len(text[line.start - 100 : line.end - 100]) <= 5 for line in lines)


@given(st.text(alphabet=st.sampled_from(list("ab 한국어 😀\u0301,.")), min_size=1, max_size=200),
       st.integers(min_value=2, max_value=40))
def test_wrapped_lines_cover_every_offset_once_and_fit(text, width):
    lines = wrap(text, 0, width)
    assert lines[0].start == 0 and lines[-1].end == len(text)
    for a, b in pairwise(lines):
        assert a.end == b.start
    for line in lines:
        chunk = text[line.start : line.end]
        assert cell_len(chunk) <= max(width, cell_len(chunk[:1]))


def test_every_bead_starts_on_the_same_row_in_both_panes():
    article = seed()
    for width in (30, 57, 78):
        rows = AlignedRows(article, ("ko", "en"), width)
        assert len(rows.rows["ko"]) == len(rows.rows["en"]) == rows.height
        blocks = {lang: dict(rows.blocks[lang]) for lang in ("ko", "en")}
        for lang in ("ko", "en"):
            # The first line of every block sits on a bead's first row or after a blank row inside the bead.
            starts = {rows.row_of(lang, start) for start in blocks[lang]}
            assert set(rows.bead_rows) <= starts | {r for r in rows.bead_rows if not blocks[lang]}
        for n, bead in enumerate(article.alignment, start=1):
            top = rows.bead_rows[n]
            for lang in ("ko", "en"):
                first = getattr(bead, lang)[0] + 1  # +1: the title is block 0
                assert rows.row_of(lang, rows.blocks[lang][first][0]) == top


def test_offsets_map_to_rows_and_columns_and_back():
    article = seed()
    rows = AlignedRows(article, ("ko", "en"), 40)
    text = article.side_text("ko")
    for offset in (0, 36, 100, 500, len(text) - 1):
        line_index = rows.line_index("ko", offset)
        column = rows.column_of(text, "ko", offset)
        assert rows.offset_at(text, "ko", line_index, column) == offset


def test_sentence_counterparts_in_side_offsets():
    article = seed()
    index = SentenceIndex(article)
    ko, en = article.side_text("ko"), article.side_text("en")
    first = index.at("ko", article.paragraph_start("ko", 0) + 3)
    assert ko[first.start : first.end].startswith("미국 정보기관들이")
    (partner,) = index.counterparts(first)
    assert en[partner.start : partner.end].startswith("U.S. intelligence agencies")
    title = index.at("en", 0)
    assert [ko[s.start : s.end] for s in index.counterparts(title)] == [article.title["ko"]]
