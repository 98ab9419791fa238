"""The models' processes: one per language for a batch (`FindingsAhead`), each answering as this process would."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.annotations.suggest import background, kiwi
from tandem.annotations.suggest.background import FindingsAhead
from tandem.annotations.suggest.context import ModelCache
from tandem.annotations.suggest.sources import model

pytestmark = pytest.mark.skipif(bool(model.missing()), reason="the suggest extra is not installed")

SIDES = {"ko": "푸틴 대통령은 14일 평양에서 김정은 위원장과 만났다고 타스통신이 전했다.",
         "en": "President Putin met Kim Jong-un in Pyongyang on the 14th, TASS reported."}  # fmt: skip
SENTENCES = {side: [[0, len(text)]] for side, text in SIDES.items()}


def test_a_batch_gets_each_side_from_its_own_process_as_this_process_finds_it(tmp_path: Path) -> None:
    ahead = FindingsAhead(ModelCache(tmp_path / "cache"), ["names", "tokens"])
    try:
        ahead.ask(SIDES, SENTENCES)
        ahead.ask({"ko": "서울에서 열린 회의."}, {"ko": [[0, 10]]})  # a Korean-only article, asked meanwhile
        assert ahead.wait(SIDES)
        assert ahead.wait({"ko": "서울에서 열린 회의."})
    finally:
        ahead.stop()
    for side, text in SIDES.items():
        assert ahead.cache.get(model.cache_kind(side), text, lambda: None) == model.find(side, text)
    assert [tuple(t) for t in ahead.cache.get(kiwi.CACHE_KIND, SIDES["ko"], lambda: None)] == [
        tuple(t) for t in background._found("tokens", "ko", SIDES["ko"], [])]


def test_a_batch_whose_models_process_dies_is_told_so(tmp_path: Path) -> None:
    ahead = FindingsAhead(ModelCache(tmp_path / "cache"), ["names"])
    ahead.stop()  # nothing started yet: nothing to stop
    ahead.ask(SIDES, SENTENCES)
    ahead.stop()  # killed while loading: no answer comes
    assert not ahead.wait(SIDES)
