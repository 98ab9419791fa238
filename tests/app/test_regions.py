"""The reading screen's regions as widgets (search bar, annotation panel, status line), their shared wording, and
what the first screen leaves unimported until it is used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.app import App, ComposeResult

from tandem.reader.app.app import TandemApp
from tandem.reader.app.labels import display_keys, preview
from tandem.reader.app.widgets.annotation_panel import AnnotationPanel
from tandem.reader.app.widgets.article_view import ArticleView
from tandem.reader.app.widgets.search_bar import SearchBar, find_matches, step_match
from tandem.reader.app.widgets.status_line import StatusLine
from tandem.reader.workspace import document

ROOT = Path(__file__).resolve().parents[2]
BILINGUAL = "000_5b22b7d950e5fa8c"


def test_matches_ignore_case_overlap_and_step_round_the_ends():
    assert find_matches("Aaa and aA", "aa") == [(0, 2), (1, 3), (8, 10)]
    assert find_matches("푸틴은 푸틴", "푸틴") == [(0, 2), (4, 6)]
    assert find_matches("anything", "") == []
    matches = [(0, 2), (5, 7), (9, 11)]
    assert step_match(matches, 1, 5) == (9, 11) and step_match(matches, 1, 9) == (0, 2)
    assert step_match(matches, -1, 5) == (0, 2) and step_match(matches, -1, 0) == (9, 11)


def test_shared_wording():
    assert preview("  a  long\nquote ") == "a long quote"
    assert preview("x" * 50) == "x" * 39 + "…"
    assert display_keys("right_square_bracket,pageup") == "] / pageup"


async def test_the_status_line_words_the_place_a_selection_and_why_a_key_did_nothing():
    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield StatusLine(id="status-line")

    async with Host().run_test() as pilot:
        status = pilot.app.query_one(StatusLine)
        status.show_place("ko", 3, 10, None)
        assert str(status.render()) == "한국어 3/10  no changes yet"
        status.saved = "saved ✓ undo"
        status.show_place("en", 0, 10, 4)
        assert str(status.render()) == "selected 4 characters: e entity · c claim · s source  saved ✓ undo"
        status.tell("Nothing to undo.")
        assert str(status.render()) == "Nothing to undo."


async def test_the_search_bar_and_the_panel_are_mounted_when_first_asked_for(workspace):
    article = workspace.library.article(BILINGUAL)
    ko = article.side_text("ko")
    with workspace.store.session(document(article), "alice") as session:
        session.add_span("ko", ko.find("백악관"), ko.find("백악관") + 3, "entity", "ORG")
        session.add_span("ko", ko.find("푸틴"), ko.find("푸틴") + 2, "entity", "PERSON")
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        assert not screen.query(SearchBar) and not screen.query(AnnotationPanel)  # not in the first frame

        await pilot.press("o")
        await pilot.pause()
        panel = screen.query_one(AnnotationPanel)
        assert panel.display and panel.has_focus and panel.option_count == 2
        await pilot.press("down", "down", "enter")  # the second annotation in reading order: 푸틴 after 백악관
        await pilot.pause()
        assert view.has_focus and view.cursor.offset == max(ko.find("백악관"), ko.find("푸틴")) and panel.display
        await pilot.press("o")
        await pilot.pause()
        assert not panel.display and view.has_focus

        await pilot.press("slash", *"푸틴")
        await pilot.pause()
        bar = screen.query_one(SearchBar)
        assert bar.has_focus and view.selection == (ko.find("푸틴"), ko.find("푸틴") + 2)
        assert str(screen.query_one("#status-line").render()).endswith("match(es) in 한국어")
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display and view.has_focus and view.selection is None


def test_the_first_screen_leaves_the_other_screens_and_the_engine_unimported():
    """What the reading screen imports is what its first frame draws; the rest loads when first used."""
    code = (
        "import sys\n"
        "import reader.app.app, reader.app.screens.reading\n"
        "late = ['tandem.reader.app.screens.' + s for s in ('help', 'library', 'review', 'export', 'note_editor')]\n"
        "late += ['tandem.reader.app.widgets.search_bar', 'tandem.reader.app.widgets.annotation_panel', 'pyperclip']\n"
        "late += ['tandem.annotations.agree', 'tandem.annotations.export', 'tandem.annotations.suggest.registry']\n"
        "print(','.join(m for m in late if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == ""
