"""The reader's collector policy: full collections between keys, never in one; the interpreter's put back."""

from __future__ import annotations

import gc

import pytest

from tandem.reader.app import collector
from tandem.reader.app.collector import IdleCollector


@pytest.fixture
def policy():
    before = gc.get_threshold()
    policy = IdleCollector()
    policy.start()
    yield policy
    policy.stop()
    assert gc.get_threshold() == before


def test_the_oldest_generation_is_left_to_the_policy(policy):
    assert gc.get_threshold()[2] > 1_000_000


def test_a_full_collection_runs_only_after_a_moment_without_keys(policy, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(collector, "monotonic", lambda: now[0])
    policy.key_pressed()
    gc.collect(1)  # the middle generation collected: the full pass has work
    assert gc.get_count()[2] > 0
    now[0] += collector.IDLE_SECONDS / 2
    assert not policy.collect_if_idle()  # a key came a moment ago
    now[0] += collector.IDLE_SECONDS
    assert policy.collect_if_idle()
    assert gc.get_count()[2] == 0
    assert not policy.collect_if_idle()  # nothing new since
