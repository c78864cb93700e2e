"""domain.coverage: what the measurements observed of a period, and when that is no data."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from slaledger.adapters.i18n import english
from slaledger.domain.coverage import (
    DataState,
    count_intervals,
    coverage_of,
    sample_intervals,
)
from slaledger.domain.intervals import Intervals

DAY = 86_400
MONTH = 30 * DAY
NOW = 10 * MONTH


def full(start: int = 0, end: int = MONTH) -> list[tuple[str, str, Intervals]]:
    return [("counts", "counts.csv", Intervals.span(start, end))]


def test_a_period_observed_throughout_is_complete() -> None:
    coverage = coverage_of(start=0, end=MONTH, observed=full(), now=NOW)
    assert coverage.state is DataState.COMPLETE
    assert coverage.share == 1
    assert coverage.has_figure


def test_no_source_at_all_is_no_data_not_a_perfect_month() -> None:
    coverage = coverage_of(start=0, end=MONTH, observed=[], now=NOW)
    assert coverage.state is DataState.NONE
    assert not coverage.has_figure
    assert "no measurement" in english(coverage.reason)


def test_a_source_with_nothing_in_the_period_is_no_data() -> None:
    other_month = full(MONTH, 2 * MONTH)
    coverage = coverage_of(start=0, end=MONTH, observed=other_month, now=NOW)
    assert coverage.state is DataState.NONE
    assert coverage.sources[0].observed_seconds == 0


def test_a_future_period_is_no_data_whatever_the_declarations() -> None:
    coverage = coverage_of(start=NOW, end=NOW + MONTH, observed=full(NOW, NOW + MONTH), now=NOW)
    assert coverage.state is DataState.NONE
    assert "not begun" in english(coverage.reason)


def test_a_period_before_the_contract_takes_effect_is_no_data() -> None:
    coverage = coverage_of(start=0, end=MONTH, observed=full(), now=NOW, effective_from=MONTH)
    assert coverage.state is DataState.NONE
    assert "before the contract takes effect" in english(coverage.reason)


def test_the_running_month_is_partial_on_what_was_observed_so_far() -> None:
    half = MONTH // 2
    coverage = coverage_of(start=0, end=MONTH, observed=full(0, half), now=half)
    assert coverage.state is DataState.PARTIAL
    assert coverage.measurable_seconds == half
    assert "not over" in english(coverage.reason)


def test_below_the_threshold_is_insufficient_and_above_it_partial() -> None:
    seen = full(0, int(MONTH * 0.85))
    low = coverage_of(start=0, end=MONTH, observed=seen, now=NOW)
    assert low.state is DataState.INSUFFICIENT
    assert "insufficient data" in english(low.reason)
    assert "90 %" in english(low.reason)
    relaxed = coverage_of(start=0, end=MONTH, observed=seen, now=NOW, min_share=Fraction(8, 10))
    assert relaxed.state is DataState.PARTIAL


def test_sources_overlap_once_and_each_is_reported() -> None:
    observed = [
        ("samples", "probe", Intervals.span(0, 20 * DAY)),
        ("outages", "export", Intervals.span(10 * DAY, MONTH)),
    ]
    coverage = coverage_of(start=0, end=MONTH, observed=observed, now=NOW)
    assert coverage.observed_seconds == MONTH
    assert [s.observed_seconds for s in coverage.sources] == [20 * DAY, 20 * DAY]


def test_a_sample_stands_until_the_next_for_at_most_the_interval() -> None:
    at = np.asarray([0, 60, 120, 1000], dtype=np.int64)
    seen = sample_intervals(at, 300)
    # 0-60, 60-120, 120-420 (then a gap), 1000-1300
    assert seen.total() == 60 + 60 + 300 + 300
    assert sample_intervals(np.zeros(0, dtype=np.int64), 300).total() == 0


def test_counts_observe_only_the_intervals_they_have_rows_for() -> None:
    """A minute without a row is a minute nobody counted (a monitoring gap, as the
    interruption rules read it), so it lowers coverage; touching rows make one stretch."""
    seen = count_intervals(np.asarray([0, 60, 600]), np.asarray([60, 60, 60]))
    assert seen.total() == 180
    assert seen == Intervals.of([0, 600], [120, 660])
    assert count_intervals(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)).total() == 0


@given(
    st.lists(st.tuples(st.integers(0, 400), st.integers(1, 200)), max_size=12),
    st.integers(0, 300),
    st.integers(1, 400),
    st.integers(0, 800),
)
def test_observed_seconds_match_a_second_by_second_count(rows, start, length, now) -> None:
    """Brute force: mark every observed second of the measurable part, and compare."""
    end = start + length
    intervals = Intervals.of([s for s, _ in rows], [s + n for s, n in rows])
    coverage = coverage_of(
        start=start, end=end, observed=[("counts", "x", intervals)], now=now,
        min_share=Fraction(1, 2),
    )  # fmt: skip
    seconds = set()
    for first, size in rows:
        seconds.update(t for t in range(first, first + size) if start <= t < min(end, now))
    assert coverage.observed_seconds == len(seconds)
    if start >= now or not seconds:
        assert coverage.state is DataState.NONE
    elif len(seconds) == length:
        assert coverage.state is DataState.COMPLETE
    elif 2 * len(seconds) < min(end, now) - start:
        assert coverage.state is DataState.INSUFFICIENT
    else:
        assert coverage.state is DataState.PARTIAL
