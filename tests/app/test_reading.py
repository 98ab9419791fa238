"""The reader, driven by keys as a user would (Textual Pilot), checked against what the store holds afterwards."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from textual import events

from tandem.annotations.model import Status
from tandem.reader.app.app import TandemApp
from tandem.reader.app.screens.library import LibraryScreen
from tandem.reader.app.screens.reading import ReadingScreen
from tandem.reader.app.widgets.article_view import ArticleView
from tandem.reader.app.widgets.pickers import Picker
from tandem.reader.workspace import open_workspace

ROOT = Path(__file__).resolve().parents[2]
BILINGUAL = "000_5b22b7d950e5fa8c"
ENGLISH = "003_d053796be3089813"


def stored(workspace, article_id):
    state = workspace.store.read("alice", article_id)
    spans = sorted((s["side"], s["text"], s["layer"], s["label"]) for s in state.spans.values())
    return state, spans


async def search(pilot, text):
    await pilot.press("slash")
    await pilot.press(*text)
    await pilot.press("enter")
    await pilot.pause()


async def test_korean_and_english_flow_search_tag_relabel_link_undo_redo_quit(workspace):
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        view = screen.query_one(ArticleView)
        ko = view.texts["ko"]

        await search(pilot, "푸틴")
        assert view.selection == (ko.find("푸틴"), ko.find("푸틴") + 2)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one(Picker).is_open
        await pilot.press("1")  # PERSON
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("1")  # the first other label of the layer: ORG
        await pilot.pause()

        await pilot.press("tab")
        await search(pilot, "Putin")
        await pilot.press("e", "1")
        await pilot.pause()
        await pilot.press("l")  # link "Putin" to its Korean counterpart: the suggestion comes first
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        state, spans = stored(workspace, BILINGUAL)
        assert spans == [("en", "Putin", "entity", "PERSON"), ("ko", "푸틴", "entity", "ORG")]
        (relation,) = state.relations.values()
        by_id = {s["id"]: s for s in state.spans.values()}
        assert relation["type"] == "counterpart"
        assert (by_id[relation["head"]]["text"], by_id[relation["child"]]["text"]) == ("푸틴", "Putin")

        await pilot.press("u")
        await pilot.pause()
        assert stored(workspace, BILINGUAL)[0].relations == {}
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(stored(workspace, BILINGUAL)[0].relations) == 1
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)
    state, spans = stored(workspace, BILINGUAL)
    assert spans == [("en", "Putin", "entity", "PERSON"), ("ko", "푸틴", "entity", "ORG")]
    assert len(state.relations) == 1


async def test_english_claim_source_attribution_note_delete_done(workspace):
    app = TandemApp(workspace, ENGLISH)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        await search(pilot, "Dmitry Peskov")
        await pilot.press("s", "1")  # SOURCE (the source layer also has CUE)
        await pilot.pause()
        await pilot.press("1")  # its kind, offered at once: official
        await pilot.pause()
        await pilot.press("escape", "left_parenthesis")  # back to the start of the sentence
        await pilot.press("c")  # one claim label: no picker; no selection: the sentence
        await pilot.pause()
        await pilot.press("escape")  # its check-worthiness, offered: skipped
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("1")  # the source
        await pilot.pause()
        await pilot.press("1")  # the cue: the nearest speech verb, "acknowledged"
        await pilot.pause()
        await pilot.press("w", "w", "w")  # off the source (the innermost span), still on the claim
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"check later", "enter")
        await pilot.pause()
        state, spans = stored(workspace, ENGLISH)
        claim = next(s for s in state.spans.values() if s["layer"] == "claim")
        source = next(s for s in state.spans.values() if s["label"] == "SOURCE")
        assert claim["text"].startswith("Dmitry Peskov, the presidential press secretary practically acknowledged")
        assert claim["note"] == "check later" and claim["attrs"] == {}  # never set without asking
        assert source["attrs"] == {"kind": "official"}
        (relation,) = state.relations.values()
        assert relation["type"] == "attribution" and relation["head"] == claim["id"]
        assert state.spans[relation["cue"]]["text"] == "acknowledged"

        await search(pilot, "Dmitry")
        await pilot.press("escape", "x")  # delete the source under the cursor: its attribution goes too
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert view.cursor.lang == "en"
    state, spans = stored(workspace, ENGLISH)
    assert sorted(s[2:] for s in spans) == [("claim", "CLAIM"), ("source", "CUE")]
    assert state.relations == {} and state.status["status"] == Status.DONE


async def test_entity_on_a_korean_word_drops_the_particle_and_copy_never_crashes(workspace, monkeypatch):
    import pyperclip

    def no_clipboard(text):
        raise pyperclip.PyperclipException("no clipboard")

    monkeypatch.setattr(pyperclip, "copy", no_clipboard)
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        ko = view.texts["ko"]
        view.move_to("ko", ko.find("뉴욕타임스는") + 1)
        await pilot.press("e", "2")  # ORG
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert any("Copied ORG annotation" in n.message for n in app._notifications)
    assert stored(workspace, BILINGUAL)[1] == [("ko", "뉴욕타임스", "entity", "ORG")]


async def test_narrow_terminal_shows_one_pane_and_tab_toggles(workspace):
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        assert view.visible_langs == ("ko",)
        await pilot.press("tab")
        await pilot.pause()
        assert view.visible_langs == ("en",)
        assert view.rows.width == view.scrollable_content_region.width


async def test_cursor_moves_by_grapheme_and_never_lands_inside_a_character(tmp_path, monkeypatch):
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "ws"
    root.mkdir()
    (root / "emoji.txt").write_text("Flags and faces\n\n한국 👍🏽 뉴스 🇰🇷 end.\n\nSecond paragraph here.", "utf-8")
    app = TandemApp(open_workspace(root, annotator="alice"), "emoji")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        text = view.texts["ko"]
        view.move_to("ko", text.find("👍"))
        seen = []
        for _ in range(8):
            seen.append(view.cursor.offset)
            await pilot.press("right")
        boundaries = {m.start() for m in regex.finditer(r"\X", text)} | {len(text)}
        assert set(seen) <= boundaries  # never between a skin-tone modifier or a flag's halves
        assert text.find("👍") + 1 not in seen and text.find("🇰🇷") + 1 not in seen
        await pilot.press("shift+left", "shift+left")
        start, end = view.selection
        assert start in boundaries and end in boundaries and end > start


async def test_library_filters_sorts_opens_and_goes_to_the_next_article(workspace):
    app = TandemApp(workspace)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        assert len(library.shown) == 2
        await pilot.press("slash", *"경향")
        await pilot.pause()
        assert [e.summary.id for e in library.shown] == [ENGLISH]
        await pilot.press("escape")
        await pilot.pause()
        assert len(library.shown) == 2
        await pilot.press("o")
        assert library.sort == "published"
        await pilot.press("o", "o", "o")
        assert library.sort == "id"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen) and app.screen.article.id == BILINGUAL
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert app.screen.article.id == ENGLISH
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_help_and_command_palette_list_every_action(workspace):
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for action in ("Entity", "Claim", "Source", "Attribute", "Link", "Undo", "Redo", "Search", "Next word"):
            assert action in titles
        await pilot.press("question_mark")
        await pilot.pause()
        groups = app.screen.groups
        assert {"Move and select", "Annotate", "Read", "Everywhere"} <= set(groups)
        assert ("e", "Entity") in groups["Annotate"] and ("] ", "Next annotation") not in groups["Annotate"]
        assert ("]", "Next annotation") in groups["Annotate"] and ("w", "Next word") in groups["Move and select"]


async def test_library_opens_the_review_list(workspace):
    from tandem.reader.app.screens.review import ReviewListScreen

    app = TandemApp(workspace)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ReviewListScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_command_palette_offers_export_and_opens_the_dialog(workspace):
    from tandem.reader.app.screens.export import ExportScreen

    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        (export,) = [c for c in app.get_system_commands(app.screen) if c.title == "Export…"]
        export.callback()
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)


async def test_user_keymap_and_workspace_label_schema(workspace, tmp_path):
    from tandem.reader.app.keymap import load_keymap

    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"annotate.entity" = "E"\n', "utf-8")
    (workspace.root / "tandem-schema.toml").write_text(
        '[layers.entity]\nstrip_particles = true\nlabels = [\n'
        '  { name = "PERSON", key = "p", colour = "#e06c75" },\n'
        '  { name = "VESSEL", key = "v", colour = "#c678dd", description = "Ships and submarines" },\n]\n',
        "utf-8",
    )
    reopened = open_workspace(workspace.root, annotator="alice")
    app = TandemApp(reopened, BILINGUAL, load_keymap(keymap))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await search(pilot, "핵잠수함")
        await pilot.press("e")  # remapped away: nothing happens
        await pilot.pause()
        assert not app.screen.query_one(Picker).is_open
        await pilot.press("E")
        await pilot.pause()
        picker = app.screen.query_one(Picker)
        assert [c.value for c in picker.choices] == ["PERSON", "VESSEL"]
        await pilot.press("2")
        await pilot.pause()
    assert stored(reopened, BILINGUAL)[1] == [("ko", "핵잠수함", "entity", "VESSEL")]


def test_a_broken_keymap_is_one_line_and_exit_2(tmp_path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text("[keys\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "tandem.reader", str(ROOT / "articles" / f"{BILINGUAL}.txt")],
                            capture_output=True, text=True,
                            env={**os.environ, "TANDEM_KEYMAP": str(keymap), "TANDEM_CACHE_DIR": str(tmp_path)})
    assert result.returncode == 2 and str(keymap) in result.stderr and "Traceback" not in result.stderr


async def test_decoding_warnings_are_shown_when_the_article_opens(tmp_path, monkeypatch):
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "ws"
    root.mkdir()
    data = (ROOT / "articles" / f"{BILINGUAL}.txt").read_bytes().split(b"\n")
    data[5] = data[5][:9] + b"\xff" + data[5][9:]
    (root / "damaged.txt").write_bytes(b"\n".join(data))
    app = TandemApp(open_workspace(root, annotator="alice"), "damaged")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert any("undecodable byte" in n.message and "line(s) 6" in n.message for n in app._notifications)


@pytest.mark.parametrize("command", [["open"], ["export", "--format", "jsonl", "--out", "out.jsonl"], ["agree"]])
def test_a_corrupted_store_file_is_one_line_exit_2_and_left_untouched(tmp_path, command):
    root = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", root)
    broken = root / ".tandem" / "bob" / f"{BILINGUAL}.json"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b'{"spans": {"1": {broken')
    target = root / f"{BILINGUAL}.txt" if command == ["open"] else root
    args = [sys.executable, "-m", "tandem.reader", command[0], str(target), *command[1:], "--annotator", "bob"]
    result = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "TANDEM_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and str(broken) in result.stderr and "Traceback" not in result.stderr
    assert broken.read_bytes() == b'{"spans": {"1": {broken'
    assert not (tmp_path / "out.jsonl").exists()


async def test_label_keys_pick_at_once_and_other_letters_filter(workspace):
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await search(pilot, "뉴욕타임스")
        await pilot.press("e", "o")  # ORG's key
        await pilot.pause()
        await pilot.press("tab")
        await search(pilot, "Vladivostok")
        await pilot.press("e", "x", "p")  # x is no label's key: it starts the filter, so p filters too
        await pilot.pause()
        picker = app.screen.query_one(Picker)
        assert picker.is_open and picker.needle == "xp" and picker.shown == []
        await pilot.press("backspace", "backspace", "g")  # the filter emptied again: g is GPE's key
        await pilot.pause()
        assert not picker.is_open
    assert stored(workspace, BILINGUAL)[1] == [
        ("en", "Vladivostok", "entity", "GPE"),
        ("ko", "뉴욕타임스", "entity", "ORG"),
    ]


async def test_pane_titles_say_where_the_view_is_after_keys_and_scrolling(workspace):
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = app.screen.query_one("#pane-titles")

        def where() -> str:
            return str(titles.render()).split()[-1]

        assert where() == "Top"
        await pilot.press("G")
        await pilot.pause()
        assert where() == "Bot"
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one(ArticleView).scroll_to(y=5, animate=False)  # as the mouse wheel does: no cursor move
        await pilot.pause()
        assert where().endswith("%") and 0 < int(where()[:-1]) < 100


async def test_a_key_that_does_nothing_says_why_in_the_status_line_until_the_next_move(workspace):
    app = TandemApp(workspace, ENGLISH)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#status-line")
        await pilot.press("u")
        await pilot.pause()
        assert str(status.render()) == "Nothing to undo."
        await pilot.press("x")
        await pilot.pause()
        assert str(status.render()) == "No annotation under the cursor."
        await pilot.press("j")
        await pilot.pause()
        assert str(status.render()).startswith("English ")
        assert not app._notifications  # said where the annotator looks, not in a toast over the text


async def test_the_collector_switched_off_for_start_up_is_back_on_once_the_screen_is_up(workspace):
    thresholds = gc.get_threshold()
    gc.disable()  # as `tandem open` does before importing Textual
    try:
        app = TandemApp(workspace, BILINGUAL)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_threshold()[2] > thresholds[2]  # full collections wait for a pause in typing
        assert gc.get_threshold() == thresholds  # and the interpreter's own policy is back once the app is gone
    finally:
        gc.enable()


async def test_a_label_typed_right_after_the_layer_key_is_not_lost(workspace):
    """A fast typist's `e1`: both keys are queued before the picker opens; the `1` must still pick."""
    app = TandemApp(workspace, ENGLISH)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(events.Key("e", "e"))
        app.post_message(events.Key("1", "1"))
        await pilot.pause()
        await pilot.pause()
        assert not app.screen.query_one(Picker).is_open
        _, spans = stored(workspace, ENGLISH)
        assert [(layer, label) for _, _, layer, label in spans] == [("entity", "PERSON")]


async def test_bracket_keys_jump_between_annotations_of_the_active_side(workspace):
    app = TandemApp(workspace, ENGLISH)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        session = app.screen.session
        text = view.texts["en"]
        first, second = text.index("weapons"), text.index("nuclear")
        for start, word in ((second, "nuclear"), (first, "weapons")):
            session.add_span("en", start, start + len(word), "entity", "ORG")
        app.screen._reload()
        await pilot.press("right_square_bracket")
        assert view.cursor.offset == first
        await pilot.press("right_square_bracket")
        assert view.cursor.offset == second
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert str(app.screen.query_one("#status-line").render()) == "No more annotations this way."
        await pilot.press("left_square_bracket")
        assert view.cursor.offset == first

