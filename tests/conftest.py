"""Suite-wide settings: the reader's model suggestions are off unless a test turns them on, so screens and
snapshots do not depend on when a worker thread finishes loading a model."""

from collections import OrderedDict

import pytest

from tandem.annotations.suggest import kiwi


@pytest.fixture(autouse=True)
def _models_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANDEM_MODELS", "off")  # the tests that want the models turn them on
    # a reader forbids loading the Korean analyser in its process for good; a test's reader must not forbid it to
    # the tests after it, nor leave them tokens remembered from its article
    monkeypatch.setattr(kiwi, "_may_load", kiwi._may_load)
    monkeypatch.setattr(kiwi, "_remembered", OrderedDict())
