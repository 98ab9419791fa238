"""Reading and moving (issue 18): tab keeps the alignment, page keys move by a screen, the status line keeps the
confirmation. Driven by keys (Pilot)."""

from __future__ import annotations

from rich.cells import cell_len

from tandem.reader.app.app import TandemApp
from tandem.reader.app.widgets.article_view import ArticleView
from tests.app.test_reading import BILINGUAL, ENGLISH, search


async def test_tab_at_80_columns_lands_on_the_counterpart_of_the_sentence_under_the_cursor(workspace):
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        await search(pilot, "김정은 위원장이 과거")
        await pilot.press("escape")
        sentence = view.sentence_at_cursor()
        partners = view.sentences.counterparts(sentence)
        assert partners and view.is_narrow
        await pilot.press("tab")
        await pilot.pause()
        assert view.active == "en" and any(p.start <= view.cursor.offset < p.end for p in partners)
        row = view.rows.row_of("en", view.cursor.offset)
        assert view.scroll_offset.y <= row < view.scroll_offset.y + view.size.height  # and shows it
        await pilot.press("tab")
        await pilot.pause()
        assert view.active == "ko" and view.sentence_at_cursor() == sentence  # back where it was


async def test_space_and_page_down_move_by_a_screen_keeping_the_cursor_row(workspace):
    app = TandemApp(workspace, ENGLISH)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        await pilot.press("j", "j", "j")
        height = view.scrollable_content_region.height
        for key in ("space", "pagedown"):
            top = view.scroll_offset.y
            screen_row = view.rows.row_of("en", view.cursor.offset) - top
            await pilot.press(key)
            await pilot.pause()
            assert view.scroll_offset.y == top + height
            assert view.rows.row_of("en", view.cursor.offset) - view.scroll_offset.y == screen_row
        await pilot.press("pageup")
        await pilot.pause()
        assert view.scroll_offset.y == height


async def test_the_status_line_keeps_saved_visible_when_the_description_is_long(workspace):
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await search(pilot, "푸틴")
        await pilot.press("escape", "e", "p", "m", *("a long note " * 8), "enter")
        await pilot.pause()
        line = app.screen.query_one("#status-line")
        shown = str(line.render())
        assert shown.startswith("entity PERSON · “푸틴”") and "…" in shown
        assert shown.endswith("saved ✓ note") and cell_len(shown) <= 80


def entity_paints(app):
    """How each entity label is drawn on this terminal, brought down to the colours it shows (as Rich does)."""
    from rich.color import Color, ColorSystem

    styles, system = app.screen.label_styles, ColorSystem.STANDARD
    labels = [label.name for label in app.workspace.schema.layers["entity"].labels]
    paints = [styles.paint("entity", label).partition(" ") for label in labels]
    return [(Color.parse(colour).downgrade(system).number, mark) for colour, _, mark in paints]


async def test_on_16_colours_every_label_keeps_its_own_colour_and_mark_and_the_user_is_told_once(workspace,
                                                                                                   monkeypatch):
    from rich.console import Console

    monkeypatch.setattr(Console, "color_system", property(lambda self: "standard"))
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        paints = entity_paints(app)
        assert len({colour for colour, _ in paints}) == len(paints)  # seven labels, seven colours
        assert len(set(paints)) == len(paints) and len({mark for _, mark in paints}) == len(paints)
        await pilot.press("greater_than_sign")  # another article: not told again
        await pilot.pause()
        assert sum("16 colours" in n.message for n in app._notifications) == 1


async def test_with_no_color_labels_are_told_apart_by_a_text_style(workspace, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        marks = [mark for _, mark in entity_paints(app)]
        assert len(set(marks)) == len(marks)
        assert any("no colours (NO_COLOR)" in n.message for n in app._notifications)


async def test_on_a_full_colour_terminal_labels_keep_the_schema_colours_and_nothing_is_said(workspace, monkeypatch):
    from rich.console import Console

    monkeypatch.setattr(Console, "color_system", property(lambda self: "truecolor"))
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        person = app.workspace.schema.layers["entity"].label("PERSON")
        assert app.screen.label_styles.paint("entity", "PERSON") == person.colour
        assert not any("colours" in n.message for n in app._notifications)
