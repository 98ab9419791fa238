"""The Korean analyser's tokens where it may not load: a reader's own process answers from the tokens the models'
process read for the open article."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from tandem.annotations.suggest import kiwi

needs_kiwi = pytest.mark.skipif(not kiwi.available(), reason="kiwipiepy is not installed")

# Written for these tests (not taken from any article).
TEXT = "푸틴 대통령은 평양에 도착했다.\n\n최동훈 감독은 부산에서 기자들을 만났다."


@needs_kiwi
def test_tokens_read_elsewhere_answer_for_any_stretch_on_token_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    found = kiwi.read(TEXT)
    sentence = "최동훈 감독은 부산에서 기자들을 만났다."
    direct = [(t.form, t.tag, t.start, t.len) for t in kiwi.analyser().tokenize(sentence)]
    monkeypatch.setattr(kiwi, "_remembered", OrderedDict())  # as in the reader's process, before the child answers
    monkeypatch.setattr(kiwi, "_kiwi", None)
    kiwi.forbid_loading()
    assert kiwi.tokenize(sentence) is None and kiwi.analyser() is None  # nothing remembered, nothing loaded
    kiwi.remember(TEXT, found)
    assert [tuple(t) for t in kiwi.tokenize(sentence)] == direct  # offsets relative to the sentence
    assert [t.form for t in kiwi.tokenize("평양에")] == ["평양", "에"]
    assert kiwi.tokenize("양에 도") is None  # starts inside 평양
    assert kiwi.tokenize("서울에") is None  # not in the text
    assert kiwi._kiwi is None  # never loaded


def test_without_an_analyser_or_tokens_there_is_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kiwi, "_kiwi", None)
    kiwi.forbid_loading()
    assert kiwi.tokenize(TEXT) is None
    assert kiwi.read(TEXT) == []


@needs_kiwi
def test_a_stretch_of_a_side_read_whole_is_read_as_in_its_side(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = kiwi.read_side(TEXT)
    analyse = kiwi.analyser().tokenize
    monkeypatch.setattr(kiwi.analyser(), "tokenize", lambda text: pytest.fail(f"analysed {text!r} again"))
    sentence = "최동훈 감독은 부산에서 기자들을 만났다."
    at = TEXT.index(sentence)
    expected = [(t.form, t.tag, t.start - at, t.len) for t in whole if t.start >= at]
    assert [tuple(t) for t in kiwi.tokenize(sentence)] == expected
    assert kiwi.read(TEXT) == [[t.form, t.tag, t.start, t.len] for t in whole]  # the child's read: no second analysis
    monkeypatch.setattr(kiwi.analyser(), "tokenize", analyse)
    assert [t.form for t in kiwi.tokenize("서울에 갔다")][:2] == ["서울", "에"]  # elsewhere: the analyser


def test_only_the_last_texts_read_are_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(kiwi._REMEMBERED_TEXTS + 5):
        kiwi.remember(f"{n}번째 기사", [[str(n), "SN", 0, len(str(n))]])
    assert len(kiwi._remembered) == kiwi._REMEMBERED_TEXTS
    assert "0번째 기사" not in kiwi._remembered and f"{kiwi._REMEMBERED_TEXTS + 4}번째 기사" in kiwi._remembered
