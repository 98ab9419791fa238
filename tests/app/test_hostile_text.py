"""Text from files shown in the reader as text: markup is not obeyed, control characters never reach the terminal,
bidi overrides are visible (the README: "Escape control characters and markup everywhere text from a file is
printed"; the same `printable` helper as the command line).

A hostile article (its title and its file name, hence its id) and a hostile store (a span's label and note, an
annotator's name) are shown on every screen that names them: the library, the reading screen's header, status
line, annotation list and note editor, the review list and review screen, and the notifications."""

from __future__ import annotations

import html
import re
from pathlib import Path

import orjson
from textual.widget import Widget
from textual.widgets import OptionList

from tandem.reader.app.app import TandemApp
from tandem.reader.app.screens.reading import ReadingScreen
from tandem.reader.app.widgets.article_header import ArticleHeader
from tandem.reader.app.widgets.status_line import StatusLine
from tandem.reader.workspace import document, open_workspace

ROOT = Path(__file__).resolve().parents[2]
MARKUP = "[link=https://evil.example]x[/link][bold red]"
HOSTILE = f"{MARKUP}\x1b]0;owned\x07\u202eevil"


def _plain(widget: Widget) -> str:
    """The text a widget renders, its styles aside."""
    rendered = widget.render()
    return getattr(rendered, "plain", str(rendered))


def _screen_text(app: TandemApp) -> str:
    """What the terminal shows, as text (from the screenshot: one <text> per run of one style)."""
    svg = app.export_screenshot()
    assert "\x1b" not in svg and "\x07" not in svg
    return html.unescape("".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")


def _hostile_workspace(tmp_path: Path):
    root = tmp_path / "ws"
    root.mkdir()
    body = ("The White House said on Monday that talks with its allies had gone on for a week and would go on for "
            "another, and that the president would speak about them in the evening. ") * 3
    lines = [f"Talks {MARKUP} \u202eevil title", "", body, "", body.replace("Monday", "Tuesday")]
    (root / "[b]id\u202e.txt").write_text("\n".join(lines), "utf-8")
    ws = open_workspace(root, annotator="alice")
    article_id = "[b]id\\u202e"  # as the library names it: the override shown, never obeyed
    doc = document(ws.library.article(article_id))
    start = doc.sides["en"].index("White House")
    for annotator, end in (("alice", 11), ("[bold]bob", 5)):  # two annotators who disagree: a review
        with ws.store.session(doc, annotator) as s:
            span = s.add_span("en", start, start + end, "entity", "ORG")
            s.set_note(span.id, HOSTILE)
    for snapshot in (root / ".tandem").glob("*/*.json"):
        data = orjson.loads(snapshot.read_bytes())
        for record in data["spans"].values():
            record["label"] = HOSTILE
        snapshot.write_bytes(orjson.dumps(data))
    return open_workspace(root, annotator="alice")


async def test_hostile_title_id_label_and_note_show_as_text(tmp_path, monkeypatch):
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    workspace = _hostile_workspace(tmp_path)
    app = TandemApp(workspace)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        library = _screen_text(app)
        assert "\u202e" not in library
        assert "[b]id\\u202e" in library and f"{MARKUP} \\u202eevil title" in library
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        header = app.screen.query_one(ArticleHeader)
        assert f"{MARKUP} \\u202eevil title" in _plain(header)
        await search(pilot, "White House")
        await pilot.press("escape")
        await pilot.pause()
        status = _plain(app.screen.query_one(StatusLine))
        assert "\\x1b]0;owned\\x07" in status and MARKUP in status and "\u202e" not in status
        _screen_text(app)
        await pilot.press("m")  # the note editor
        await pilot.pause()
        title = _plain(app.screen.query_one("#note-title"))
        assert MARKUP in title and "\u202e" not in title
        _screen_text(app)
    for notification in app._notifications:
        assert "\x1b" not in notification.message and "\u202e" not in notification.message


async def test_a_bidi_override_in_the_article_text_is_drawn_visibly_and_offsets_stay(tmp_path, monkeypatch):
    """U+202E inside a paragraph would draw the rest of the line backwards: the panes show U+FFFD in its cell,
    and a tag after it stores the stored text's offsets."""
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "ws"
    root.mkdir()
    (root / "bidi.txt").write_text("Title\n\nThe minister \u202eSeoul\u202c said 서울\u2066시\u2069 agreed.\n", "utf-8")
    workspace = open_workspace(root, annotator="alice")
    app = TandemApp(workspace, "bidi")
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        shown = _screen_text(app)
        assert not {"\u202e", "\u202c", "\u2066", "\u2069"} & set(shown)
        assert "The minister \ufffdSeoul\ufffd said 서울\ufffd시\ufffd agreed." in shown
        view = app.screen.view
        text = document(workspace.library.article("bidi")).sides["en"]
        start = text.index("Seoul")
        view.move_to("en", start, select_to=start + 5)
        await pilot.press("e", "g")
        await pilot.pause()
    [span] = workspace.store.read("alice", "bidi").spans.values()
    assert (span["start"], span["end"], span["text"]) == (start, start + 5, "Seoul")


async def test_hostile_labels_and_annotators_in_the_review_show_as_text(tmp_path, monkeypatch):
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    app = TandemApp(_hostile_workspace(tmp_path))
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        await pilot.press("R")  # the review list
        for _ in range(50):
            await pilot.pause(0.1)
            if "[bold]bob" in _screen_text(app):
                break
        listing = _screen_text(app)
        assert "[bold]bob" in listing and "[b]id\\u202e" in listing and "\u202e" not in listing
        await pilot.press("enter")  # the article's review
        await pilot.pause(0.5)
        review = _screen_text(app)
        assert "\\x1b]0;owned\\x07" in review and MARKUP in review and "[bold]bob" in review
        header = _plain(app.screen.query_one("#review-header"))
        assert f"{MARKUP} \\u202eevil title" in header and "[bold]bob, alice" in header
        candidates = "".join(str(option.prompt) for option in app.screen.query_one("#candidates", OptionList).options)
        assert "\\x1b]0;owned\\x07" in candidates and "\u202e" not in candidates


async def search(pilot, text):
    await pilot.press("slash", *text, "enter")
    await pilot.pause()
