"""Suite-wide settings: the reader's model suggestions are off unless a test turns them on, so screens and
snapshots do not depend on when a worker thread finishes loading a model."""

import pytest


@pytest.fixture(autouse=True)
def _models_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANDEM_MODELS", "off")  # the tests that want the models turn them on
