"""Annotation runs: each character styled by the innermost span over it, found without scanning every span."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from tandem.reader.app.widgets.painting import SpanRuns, _span_style

COLOURS = ["red", "blue", "green"]
spans_strategy = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 40), st.sampled_from(COLOURS)).map(
        lambda t: (t[0], t[0] + t[1], t[2])
    ),
    max_size=25,
)


def expected_style(spans: list[tuple[int, int, str]], position: int):
    """The reference: the shortest span covering `position` (ties: earliest start, then end, then colour),
    underlined when more than one covers it."""
    covering = sorted(s for s in spans if s[0] <= position < s[1])
    if not covering:
        return None
    shortest = min(covering, key=lambda s: s[1] - s[0])
    return _span_style(shortest[2], len(covering) > 1)


@given(spans_strategy, st.integers(0, 100), st.integers(1, 30))
def test_runs_style_every_character_as_the_reference_does(spans, start, length):
    runs = list(SpanRuns(spans).runs(start, start + length))
    assert runs[0][0] == start and runs[-1][1] == start + length
    assert all(a < b for a, b, _ in runs) and all(r[1] == n[0] for r, n in pairwise(runs))
    for a, b, style in runs:
        for position in range(a, b):
            assert style == expected_style(spans, position), (position, spans)


def test_a_long_span_reaches_lines_far_from_its_start():
    runs = SpanRuns([(0, 5000, "red"), (4990, 4995, "blue")])
    assert list(runs.runs(4000, 4010)) == [(4000, 4010, _span_style("red", False))]
    assert [style for _, _, style in runs.runs(4989, 4996)] == [
        _span_style("red", False), _span_style("blue", True), _span_style("red", False)]


@given(spans_strategy, st.lists(st.integers(0, 24)), st.integers(0, 100), st.integers(1, 30))
def test_runs_kept_by_adding_and_removing_equal_runs_built_afresh(spans, removals, start, length):
    kept = SpanRuns()
    for span in spans:
        kept.add(span)
    remaining = list(spans)
    for n in removals:
        if remaining:
            kept.remove(remaining.pop(n % len(remaining)))
    assert len(kept) == len(remaining)
    assert list(kept.runs(start, start + length)) == list(SpanRuns(remaining).runs(start, start + length))
    assert sorted(kept.overlapping(start, start + length)) == sorted(
        s for s in remaining if s[0] < start + length and s[1] > start)


@given(spans_strategy, st.integers(0, 100), st.sampled_from([1, -1]))
def test_next_start_is_the_nearest_start_on_that_side(spans, offset, direction):
    starts = sorted({s[0] for s in spans})
    ahead = [p for p in starts if (p > offset if direction > 0 else p < offset)]
    expected = (ahead[0] if direction > 0 else ahead[-1]) if ahead else None
    assert SpanRuns(spans).next_start(offset, direction) == expected
