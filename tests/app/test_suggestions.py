"""Suggestions in the reader, driven by keys: tag a name, its other mentions are suggested; accept, reject, next,
accept all like it, undo — and the store holds exactly the decisions. The model path runs in its own test."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import pytest
from rich.color import Color

from tandem.reader.app.app import TandemApp
from tandem.reader.app.screens.reading import ReadingScreen
from tandem.reader.app.widgets.article_view import ArticleView
from tandem.reader.app.widgets.pickers import Picker

ROOT = Path(__file__).resolve().parents[2]
BILINGUAL = "000_5b22b7d950e5fa8c"


def putins(workspace):
    state = workspace.store.read("alice", BILINGUAL)
    return sorted((s["side"], s["start"], s["attrs"].get("suggested_by", "hand"))
                  for s in state.spans.values() if s["text"] in ("푸틴", "Putin")), set(state.rejections)


async def tag_person(pilot, view: ArticleView, side: str, name: str) -> None:
    """Tag the first mention of `name` on one side PERSON by hand (`e`, then `p`)."""
    view.move_to(side, view.texts[side].find(name))
    await pilot.press("e", "p")
    await pilot.pause()


async def until_models_ready(pilot, screen, seconds: float) -> None:
    """Wait up to `seconds` for the models' findings: they come from a child process, the screen works
    meanwhile."""
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        if screen.pending.models_ready:
            return


async def test_tag_once_then_one_key_per_decision_in_korean_and_english(workspace):
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        view = screen.query_one(ArticleView)
        ko = view.texts["ko"]
        assert screen.pending.items == []  # nothing tagged, models off: nothing to suggest

        await tag_person(pilot, view, "ko", "푸틴")
        korean = [s for s in screen.pending.items if s.span is not None and s.span.side == "ko"]
        assert len(korean) == ko.count("푸틴") - 1 and all(s.span.label == "PERSON" for s in korean)

        await pilot.press("full_stop")  # to the first pending suggestion
        assert (view.cursor.lang, view.cursor.offset) == ("ko", korean[0].span.start)
        assert "suggestion: PERSON “푸틴”" in str(screen.query_one("#status-line").render())
        await pilot.press("A", "A", "X", "A")  # accept, accept, reject, accept: each moves on
        await pilot.pause()
        spans, rejected = putins(workspace)
        assert [origin for side, _, origin in spans if side == "ko"].count("propagation") == 3
        assert len(rejected) == 1

        await pilot.press("u")  # the last accept
        await pilot.pause()
        assert [origin for side, _, origin in putins(workspace)[0]].count("propagation") == 2

        await tag_person(pilot, view, "en", "Putin")
        english = [s for s in screen.pending.items if s.span is not None and s.span.side == "en"]
        first = english[0].span
        view.move_to("en", first.start)
        await pilot.press("asterisk")  # every pending "Putin" PERSON at once
        await pilot.pause()
        spans, _ = putins(workspace)
        assert [origin for side, _, origin in spans if side == "en"].count("propagation") == len(english)
        assert not [s for s in screen.pending.items if s.span is not None and s.span.side == "en"]

        await pilot.press("t")  # hide
        assert screen.show_suggestions is False and screen._suggestion_here() is None


async def test_model_suggestions_appear_once_the_models_are_warm(workspace, monkeypatch):
    monkeypatch.setenv("TANDEM_MODELS", "on")
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        await until_models_ready(pilot, screen, seconds=15)
        assert screen.pending.models_ready
        found = {(s.span.side, s.span.text, s.span.label) for s in screen.pending.items if s.source == "model"}
        assert ("ko", "푸틴", "PERSON") in found and ("en", "White House", "ORG") in found


@pytest.mark.parametrize("models", ["on", "off"])
async def test_the_reader_never_loads_the_korean_analyser_in_its_own_process(workspace, monkeypatch, models):
    from tandem.annotations.suggest import kiwi

    monkeypatch.setenv("TANDEM_MODELS", models)
    monkeypatch.setattr(kiwi, "_kiwi", None)  # as in a fresh process
    for _ in ("cold", "cached"):  # the second time the models' findings and the tokens come from the cache
        monkeypatch.setattr(kiwi, "_remembered", OrderedDict())
        app = TandemApp(workspace, BILINGUAL)
        async with app.run_test(size=(160, 48)) as pilot:
            screen = app.screen
            view = screen.query_one(ArticleView)
            view.move_to("en", view.texts["en"].find("Putin"))
            await pilot.press("e", "p")  # projection tokenises the aligned Korean sentence
            if models == "on":
                await until_models_ready(pilot, screen, seconds=15)
                assert screen.pending.models_ready
                assert kiwi.tokenize(view.texts["ko"][:20]) is not None  # the child's tokens, remembered
            await pilot.pause()
            assert any(s.source == "projection" for s in screen.pending.items)
            await pilot.press("u")
        assert kiwi._kiwi is None


async def test_tag_english_putin_and_accept_its_korean_counterpart_span_and_link_in_one_change(workspace):
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        await tag_person(pilot, view, "en", "Putin")
        [projected] = [s for s in screen.pending.items if s.source == "projection"]
        korean = projected.relation.head  # a counterpart's head is the Korean span
        assert (korean.side, korean.text, korean.label) == ("ko", "푸틴", "PERSON")
        view.move_to("ko", korean.start)
        await pilot.press("A")
        await pilot.pause()
        state = workspace.store.read("alice", BILINGUAL)
        made = [s for s in state.spans.values() if s["side"] == "ko"]
        assert [(s["text"], s["attrs"]) for s in made] == [("푸틴", {"suggested_by": "projection"})]
        [link] = state.relations.values()
        assert (link["type"], link["head"]) == ("counterpart", made[0]["id"])
        await pilot.press("u")  # one undo takes back the span and the link
        await pilot.pause()
        state = workspace.store.read("alice", BILINGUAL)
        assert not state.relations and [s["side"] for s in state.spans.values()] == ["en"]


async def test_the_library_counts_pending_suggestions_per_article(workspace):
    app = TandemApp(workspace, None)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert [e.pending for e in app.screen.all] == [0, 0]  # nothing tagged yet
        await pilot.press("enter")  # the first article: the bilingual one
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        view.move_to("en", view.texts["en"].find("Putin"))
        await pilot.press("e", "p", "q")  # tag, then back to the library
        await pilot.pause()
        await pilot.pause(0.2)
        counts = {e.summary.id: e.pending for e in app.screen.all}
        en = view.texts["en"]
        # the other English Putins and the Korean counterpart here; the English-only article's Putins there
        assert counts[BILINGUAL] >= en.count("Putin") - 1
        assert counts["003_d053796be3089813"] >= 1


async def test_an_attribution_is_accepted_whole_with_one_key_and_undone_with_one(workspace, monkeypatch):
    monkeypatch.setenv("TANDEM_MODELS", "on")
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        await until_models_ready(pilot, screen, seconds=30)
        attributions = [s for s in screen.pending.items if s.source == "attribution" and s.relation.cue is not None
                        and s.relation.head.side == "ko"]  # fmt: skip
        chosen = attributions[0].relation
        view = screen.query_one(ArticleView)
        view.move_to("ko", chosen.cue.start)  # the cue: inside the claim, a name suggested there comes first
        assert screen._suggestion_here().relation == chosen
        assert "attribution CLAIM" in str(screen.query_one("#status-line").render())
        await pilot.press("A")
        await pilot.pause()
        state = workspace.store.read("alice", BILINGUAL)
        made = {(s["layer"], s["label"], s["text"]) for s in state.spans.values()}
        assert made == {("claim", "CLAIM", chosen.head.text), ("source", "SOURCE", chosen.child.text),
                        ("source", "CUE", chosen.cue.text)}  # fmt: skip
        [relation] = state.relations.values()
        assert relation["type"] == "attribution" and relation["cue"]
        await pilot.press("u")
        await pilot.pause()
        state = workspace.store.read("alice", BILINGUAL)
        assert not state.spans and not state.relations


async def test_a_large_article_refreshes_its_suggestions_once_the_keys_pause(workspace, monkeypatch):
    monkeypatch.setattr("tandem.reader.app.suggestions.COMPUTED_AT_ONCE", 0)  # every article counts as large
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        ko = view.texts["ko"]
        await tag_person(pilot, view, "ko", "푸틴")
        assert screen.pending.items == []  # not yet: the refresh waits for the keys to pause
        for _ in range(100):
            await pilot.pause(0.05)
            if screen.pending.items:
                break
        korean = [s for s in screen.pending.items if s.span is not None and s.span.side == "ko"]
        assert len(korean) == ko.count("푸틴") - 1


async def test_T_shows_one_kind_of_suggestion_at_a_time_and_the_walk_keeps_to_it(workspace, monkeypatch):
    monkeypatch.setenv("TANDEM_MODELS", "on")
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        await until_models_ready(pilot, screen, seconds=30)
        kinds = {s.relation is not None and s.relation.type == "attribution" for s in screen.pending.items}
        assert kinds == {True, False}  # names and attributions both pending
        await pilot.press("T")  # names only
        assert screen.pending.shown() and all(s.relation is None or s.relation.type != "attribution"
                                              for s in screen.pending.shown())  # fmt: skip
        assert "names and their counterparts only" in str(screen.query_one("#status-line").render())
        for _ in range(5):  # the walk never lands on an attribution
            await pilot.press("full_stop")
            here = screen._suggestion_here()
            assert here is not None and (here.relation is None or here.relation.type != "attribution")
        await pilot.press("T")  # attributions only
        assert screen.pending.shown() and all(s.relation.type == "attribution" for s in screen.pending.shown())
        await pilot.press("full_stop")
        assert screen._suggestion_here().relation.type == "attribution"
        await pilot.press("T")
        assert screen.pending.shown() == screen.pending.items


async def test_e_on_a_suggestion_takes_its_whole_span_with_its_label_first_in_the_picker(workspace):
    """To take a suggestion with another label is `e` and that label: the span is the suggestion's, not the word
    under the cursor, and the suggestion is gone."""
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        en = view.texts["en"]
        first = en.find("North Korea")
        view.move_to("en", first, select_to=first + len("North Korea"))
        await pilot.press("e", "g")  # GPE
        await pilot.pause()
        second = en.find("North Korea", first + 1)
        assert screen.pending.at("en", second) is not None
        view.move_to("en", second + len("North "))  # on "Korea", the second word
        await pilot.press("e")
        await pilot.pause()
        picker = app.screen.query_one(Picker)
        assert "North Korea" in picker.title and picker.shown[0].label == "GPE"
        await pilot.press("o")  # ORG instead
        await pilot.pause()
        state = workspace.store.read("alice", BILINGUAL)
        made = [(s["start"], s["end"], s["label"]) for s in state.spans.values() if s["start"] == second]
        assert made == [(second, second + len("North Korea"), "ORG")]
        assert screen.pending.at("en", second) is None


async def test_an_attribution_accepted_in_english_proposes_the_korean_one_accepted_and_undone_whole(workspace):
    from tandem.annotations.suggest.proposal import ProposedRelation, ProposedSpan, Suggestion

    doc = workspace.documents()[BILINGUAL]
    en = doc.sides["en"]

    def span(text: str, after: int, layer: str, label: str, attrs=()) -> ProposedSpan:
        start = en.index(text, after)
        return ProposedSpan("en", start, start + len(text), text, layer, label, attrs)

    source = span("White House spokesman John F. Kirby", 0, "source", "SOURCE", (("kind", "official"),))
    claim = span('high-level talks on military cooperation between the two countries were "actively underway,"',
                 source.end, "claim", "CLAIM")
    cue = span("said", source.end, "source", "CUE")
    english = Suggestion("import", 0.9, "imported", relation=ProposedRelation("attribution", claim, source, cue))
    session = workspace.store.session(doc, "alice")
    session.add_pending([(english.key, english.to_json(BILINGUAL))])
    session.close()
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        view.move_to("en", cue.start)
        assert screen._suggestion_here().relation.type == "attribution"
        await pilot.press("A")  # the English attribution
        await pilot.pause()
        [korean] = [s for s in screen.pending.items if s.links]
        rel = korean.relation
        assert (rel.head.side, rel.child.text, rel.cue.text) == ("ko", "존 F. 커비 백악관 대변인", "말했으며")
        view.move_to("ko", rel.child.start)
        assert screen._suggestion_here() == korean
        await pilot.press("A")  # one key: the Korean claim, source, cue, relation and both links
        await pilot.pause()
        state = workspace.store.read("alice", BILINGUAL)
        made = {(s["layer"], s["label"], s["text"]) for s in state.spans.values() if s["side"] == "ko"}
        assert made == {("claim", "CLAIM", rel.head.text), ("source", "SOURCE", rel.child.text),
                        ("source", "CUE", rel.cue.text)}  # fmt: skip
        korean_source = next(s for s in state.spans.values() if s["side"] == "ko" and s["label"] == "SOURCE")
        assert korean_source["attrs"]["kind"] == "official"
        types = sorted(r["type"] for r in state.relations.values())
        assert types == ["attribution", "attribution", "counterpart", "counterpart"]
        await pilot.press("u")  # one undo takes the whole Korean attribution back
        await pilot.pause()
        state = workspace.store.read("alice", BILINGUAL)
        assert [s["side"] for s in state.spans.values()] == ["en"] * 3
        assert [r["type"] for r in state.relations.values()] == ["attribution"]


async def test_the_cursor_index_of_suggestions_follows_an_accept_an_undo_and_the_focus_at_once(workspace):
    """The walk's index is made once per refresh: after an accept the span under the cursor is an annotation
    (drawn and worded as one, no longer a suggestion), after undo a suggestion again, and `T` changes what `.`
    walks without a refresh."""
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        await tag_person(pilot, view, "ko", "푸틴")
        await pilot.press("full_stop")
        offset = view.cursor.offset
        assert screen.pending.at("ko", offset) is not None
        row = view.rows.row_of("ko", offset) - view.scroll_offset.y

        def drawn_background() -> object:
            strip = view.render_line(row)
            segment = next(s for s in strip if "푸틴" in s.text or s.text == "푸")
            return segment.style.bgcolor

        await pilot.press("A")
        await pilot.pause()
        assert screen.pending.at("ko", offset) is None
        view.move_to("ko", offset)
        assert "suggestion" not in str(screen.query_one("#status-line").render())
        assert drawn_background() is not None  # an annotation's colour, as a background

        await pilot.press("u")
        await pilot.pause()
        assert screen.pending.at("ko", offset) is not None
        assert "suggestion: PERSON “푸틴”" in str(screen.query_one("#status-line").render())

        await pilot.press("T", "T")  # attributions only: none here, models off
        assert screen.pending.at("ko", offset) is None
        await pilot.press("full_stop")
        assert "No pending suggestions." in str(screen.query_one("#status-line").render())


def marks_afresh(screen: ReadingScreen) -> dict[str, list[tuple[int, int, str]]]:
    """The marks the view would draw for the pending list if it marked it all again."""
    colour = screen.label_styles.colour
    marks: dict[str, list[tuple[int, int, str]]] = {lang: [] for lang in screen.view.langs}
    for p in screen.pending.shown_spans():
        marks[p.side].append((p.start, p.end, colour(p.layer, p.label)))
    return {lang: sorted(found) for lang, found in marks.items()}


@pytest.mark.parametrize("action", ["accept", "reject", "accept_same"])
@pytest.mark.parametrize(("lang", "name"), [("ko", "푸틴"), ("en", "Putin")])
async def test_a_decision_shows_in_the_keys_frame_and_what_follows_from_it_in_the_next(workspace, lang, name, action):
    """The frame of a decision already leaves out what it decided (and what the new spans settle), with only
    their marks taken off, and the cursor is on the next suggestion; once it is drawn the engine runs, and the
    list is exactly what it computes: after an accept, the accepted name's counterpart on the other side. The
    view marks, each time, what marking the whole list again would."""
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        await tag_person(pilot, view, lang, name)
        await pilot.press("full_stop")
        chosen = screen.pending.at(lang, view.cursor.offset)
        assert chosen is not None and chosen.span is not None and chosen.span.text == name
        before = list(screen.pending.items)
        decided = {id(s) for s in screen.pending.same_as(chosen)} if action == "accept_same" else {id(chosen)}
        marked = sum(map(len, view._suggested.values()))

        getattr(screen, f"action_{action}")()  # the key's work, without the frame that follows it
        assert [s for s in before if id(s) not in decided] == screen.pending.items
        cursor = view.cursor  # on the next suggestion (after `*`, maybe on the other side)
        assert (cursor.lang, cursor.offset) > (lang, chosen.span.start) or cursor.lang != lang
        assert screen.pending.at(cursor.lang, cursor.offset) is not None
        assert sum(map(len, view._suggested.values())) < marked and view._suggested == marks_afresh(screen)
        place = (chosen.span.start, chosen.span.end)
        made = [s.id for s in screen.session.spans(lang) if (s.start, s.end) == place]
        assert len(made) == (action != "reject")

        def counterparts() -> list:
            return [s for s in screen.pending.items if s.relation is not None and made[0] in (s.relation.head,
                                                                                              s.relation.child)]

        if made:
            assert counterparts() == []  # the accepted span's own counterpart is not proposed yet
        await pilot.pause()
        assert screen.pending.items == screen.pending.compute()
        assert view._suggested == marks_afresh(screen)
        if made:
            assert counterparts(), "the counterpart of the accepted span follows in the next frame"


def drawn_styles(view: ArticleView, lang: str, start: int, end: int) -> list:
    """The styles the view draws over [start, end) of `lang` (narrow: one pane; the row must be on screen)."""
    row = view.rows.row_of(lang, start)
    line = view.rows.rows[lang][row]
    styles, at = [], line.start
    for segment in view.render_line(row - view.scroll_offset.y):
        if at < min(end, line.end) and at + len(segment.text) > start:
            styles.append(segment.style)
        at += len(segment.text)
    return styles


@pytest.mark.parametrize(("lang", "name"), [("ko", "푸틴"), ("en", "Putin")])
async def test_a_row_drawn_before_an_accept_or_an_undo_is_drawn_again_with_it_wherever_it_is(workspace, lang, name):
    """The view keeps each drawn row until something on it changes: a suggestion's row drawn, then left (the
    cursor moves on and the view scrolls), shows the annotation once accepted, the suggestion again once undone,
    and a rejected suggestion no more — never the row as it was first drawn (fails when a row's cache outlives the
    annotations or the suggestions on it)."""
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        if lang == "en":
            await pilot.press("tab")
        text = view.texts[lang]
        view.move_to(lang, text.find(name))
        await pilot.press("e", "p")  # PERSON: the other mentions are suggested
        await pilot.pause()
        colour = Color.parse(screen.label_styles.colour("entity", "PERSON"))
        target = [s.span for s in screen.pending.items if s.span is not None and s.span.side == lang][-1]
        after_cursor = (target.side, target.start + 1, target.end)  # the cursor's own style covers the first one

        def suggested() -> bool:  # the label's colour on the text, underlined, under the sentence's tint only
            styles = drawn_styles(view, *after_cursor)
            return bool(styles) and all(s.italic and s.underline and s.bgcolor != colour for s in styles)

        def annotated() -> bool:  # the label's colour as the background
            styles = drawn_styles(view, *after_cursor)
            return bool(styles) and all(s.bgcolor == colour for s in styles)

        async def back_to_target() -> None:
            view.move_to("en" if lang == "ko" else lang, 0)  # far away: the target's row leaves the screen
            await pilot.pause()
            view.move_to(lang, target.start)
            await pilot.pause()

        await back_to_target()
        assert suggested()
        await pilot.press("A")
        await pilot.pause()
        await back_to_target()
        assert annotated() and not suggested()
        await pilot.press("u")
        await pilot.pause()
        await back_to_target()
        assert suggested() and not annotated()
        await pilot.press("X")
        await pilot.pause()
        await back_to_target()
        assert not suggested() and not annotated()


async def test_a_change_redraws_the_rows_it_touches_and_keeps_the_others(workspace):
    """An annotation coming or going redraws its own row, in Korean and English; every other row on the screen is
    kept as drawn (fails when one change invalidates every drawn row)."""
    app = TandemApp(workspace, BILINGUAL)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        ko, en = view.texts["ko"], view.texts["en"]
        changed = [("ko", ko.find("푸틴"), ko.find("푸틴") + 2, "red"),
                   ("en", en.find("Putin"), en.find("Putin") + 5, "red")]
        touched = {view.rows.row_of(lang, start) for lang, start, _, _ in changed}
        height = view.size.height
        before = {y: view.render_line(y) for y in range(height)}
        view.change_annotations(changed)
        after = {y: view.render_line(y) for y in range(height)}
        redrawn = {y for y in range(height) if after[y] is not before[y]}
        assert redrawn == {row - view.scroll_offset.y for row in touched}
        red = Color.parse("red")

        def coloured(y: int) -> bool:
            return any(segment.style.bgcolor == red for segment in view.render_line(y))

        assert all(coloured(row - view.scroll_offset.y) for row in touched)
        view.change_annotations([], changed)
        assert not any(coloured(y) for y in range(height))
        assert all(list(view.render_line(y)) == list(before[y]) for y in range(height))


def test_the_engine_answer_kept_for_a_state_of_the_annotations_is_given_for_that_state_only(workspace):
    """The reader keeps the engine's answers for recent states of the annotations (an undo returns to one): a
    link, an imported suggestion, the team's names or the models becoming ready each make a state of its own, and
    going back to an earlier state gives that state's answer (fails when any of them is left out of what an
    answer is kept by)."""
    from tandem.annotations.suggest.context import TeamNames
    from tandem.annotations.suggest.proposal import ProposedSpan, Suggestion
    from tandem.reader.app.suggestions import PendingSuggestions

    article = workspace.library.article(BILINGUAL)
    session = workspace.open_session(article)
    ko, en = session.doc.sides["ko"], session.doc.sides["en"]
    putin_ko = session.add_span("ko", ko.find("푸틴"), ko.find("푸틴") + 2, "entity", "PERSON")
    putin_en = session.add_span("en", en.find("Putin"), en.find("Putin") + 5, "entity", "PERSON")
    pending = PendingSuggestions(workspace, article, session)

    def links() -> list[tuple[str, str, str]]:
        return [(s.relation.type, s.relation.head, s.relation.child) for s in pending.compute() if s.relation]

    assert links() == [("counterpart", putin_ko.id, putin_en.id)]
    session.link("counterpart", putin_ko.id, putin_en.id)
    assert links() == []  # linked by hand: no longer proposed
    session.undo()
    assert links() == [("counterpart", putin_ko.id, putin_en.id)]

    start = ko.find("정보기관")
    imported = Suggestion("import", 0.9, "imported", span=ProposedSpan("ko", start, start + 4, "정보기관", "entity",
                                                                       "ORG"))
    session.add_pending([(imported.key, imported.to_json(BILINGUAL))])
    assert imported.key in {s.key for s in pending.compute()}
    session.undo()
    assert imported.key not in {s.key for s in pending.compute()}

    team = TeamNames()
    team.add("elsewhere", [{"id": "t1", "side": "en", "text": "Kim Jong-un", "layer": "entity", "label": "PERSON"}],
             [])
    pending.team = team
    assert any(s.span and s.span.text == "Kim Jong-un" for s in pending.compute())
    pending.team = TeamNames()
    assert not any(s.span and s.span.text == "Kim Jong-un" for s in pending.compute())
