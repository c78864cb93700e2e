"""Interval algebra, checked against sets of seconds on small ranges."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaledger.domain.intervals import GroupedIntervals, Intervals, normalise

HORIZON = 60

raw_intervals = st.lists(
    st.tuples(st.integers(-5, HORIZON), st.integers(0, 15)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=12,
)
periods = st.lists(
    st.tuples(st.integers(-10, HORIZON + 10), st.integers(0, 40)).map(
        lambda p: (p[0], p[0] + p[1])
    ),
    min_size=1,
    max_size=6,
)
groups = st.integers(0, 3)
raw_grouped = st.lists(
    st.tuples(groups, st.integers(-5, HORIZON), st.integers(0, 15)).map(
        lambda p: (p[0], p[1], p[1] + p[2])
    ),
    max_size=16,
)


def build(pairs: list[tuple[int, int]]) -> Intervals:
    return Intervals.of([s for s, _ in pairs], [e for _, e in pairs])


def seconds(pairs) -> set[int]:
    return {t for s, e in pairs for t in range(s, e)}


def seconds_of(intervals: Intervals) -> set[int]:
    return seconds(zip(intervals.starts.tolist(), intervals.ends.tolist(), strict=True))


def build_grouped(triples: list[tuple[int, int, int]]) -> GroupedIntervals:
    return GroupedIntervals.of(
        [g for g, _, _ in triples], [s for _, s, _ in triples], [e for _, _, e in triples]
    )


def grouped_seconds(triples) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for g, s, e in triples:
        out.setdefault(g, set()).update(range(s, e))
    return {g: ts for g, ts in out.items() if ts}


def grouped_seconds_of(intervals: GroupedIntervals) -> dict[int, set[int]]:
    rows = zip(
        intervals.groups.tolist(), intervals.starts.tolist(), intervals.ends.tolist(), strict=True
    )
    return grouped_seconds(rows)


def assert_normal(intervals: Intervals) -> None:
    assert np.all(intervals.starts < intervals.ends)
    assert np.all(intervals.ends[:-1] < intervals.starts[1:])


# ------------------------------------------------------------------ one timeline
@given(raw_intervals)
def test_normalising_keeps_the_same_seconds_in_sorted_apart_intervals(pairs):
    result = build(pairs)
    assert_normal(result)
    assert seconds_of(result) == seconds(pairs)


@given(raw_intervals, raw_intervals)
def test_union_holds_the_seconds_of_either_set(a, b):
    result = build(a) | build(b)
    assert_normal(result)
    assert seconds_of(result) == seconds(a) | seconds(b)


@given(raw_intervals, raw_intervals)
def test_intersection_holds_the_seconds_of_both_sets(a, b):
    result = build(a) & build(b)
    assert_normal(result)
    assert seconds_of(result) == seconds(a) & seconds(b)


@given(raw_intervals, raw_intervals)
def test_difference_holds_the_seconds_of_the_first_set_only(a, b):
    result = build(a) - build(b)
    assert_normal(result)
    assert seconds_of(result) == seconds(a) - seconds(b)


@given(raw_intervals, st.integers(-10, HORIZON + 10), st.integers(0, 40))
def test_clipping_keeps_the_seconds_inside_the_period(pairs, start, length):
    result = build(pairs).clip(start, start + length)
    assert_normal(result)
    assert seconds_of(result) == seconds(pairs) & set(range(start, start + length))


@given(raw_intervals)
def test_the_total_is_the_number_of_seconds(pairs):
    assert build(pairs).total() == len(seconds(pairs))


@given(raw_intervals, periods)
def test_the_length_within_each_period_counts_its_seconds(pairs, spans):
    result = build(pairs).length_within([a for a, _ in spans], [b for _, b in spans])
    assert result.tolist() == [len(seconds(pairs) & set(range(a, b))) for a, b in spans]


@given(raw_intervals, st.integers(0, 10))
def test_at_least_keeps_only_the_long_enough_intervals(pairs, minimum):
    result = build(pairs).at_least(minimum)
    assert all(length >= minimum for length in result.lengths().tolist())
    assert result.total() == sum(x for x in build(pairs).lengths().tolist() if x >= minimum)


def test_touching_intervals_merge_into_one():
    assert Intervals.of([5, 0], [9, 5]) == Intervals.span(0, 9)


def test_empty_intervals_are_dropped():
    assert Intervals.of([3, 7], [3, 7]) == Intervals.empty()


def test_an_interval_that_ends_before_it_starts_is_rejected():
    with pytest.raises(ValueError, match="ends"):
        normalise([10], [5])


def test_arrays_that_are_not_normal_are_refused_by_the_plain_constructor():
    with pytest.raises(ValueError, match="not normal"):
        Intervals(np.array([0, 5]), np.array([5, 9]))


def test_the_stored_arrays_are_read_only_but_the_callers_are_not():
    starts = np.array([0, 10], dtype=np.int64)
    intervals = Intervals(starts, np.array([5, 20], dtype=np.int64))
    with pytest.raises(ValueError, match="read-only"):
        intervals.starts[0] = 1
    starts[0] = 1  # still the caller's to change


def test_the_length_within_a_month_uses_cumulative_sums_over_many_intervals():
    minute = 60
    downs = Intervals.of(np.arange(0, 90 * 86400, 3600), np.arange(0, 90 * 86400, 3600) + minute)
    months = np.array([0, 31, 60, 90]) * 86400
    assert downs.length_within(months[:-1], months[1:]).tolist() == [
        31 * 24 * minute,
        29 * 24 * minute,
        30 * 24 * minute,
    ]


# ---------------------------------------------------------------------- grouped
@given(raw_grouped)
def test_grouped_normalising_keeps_each_groups_seconds(triples):
    assert grouped_seconds_of(build_grouped(triples)) == grouped_seconds(triples)


@given(raw_grouped, raw_grouped)
def test_grouped_algebra_works_group_by_group(a, b):
    left, right = build_grouped(a), build_grouped(b)
    sa, sb = grouped_seconds(a), grouped_seconds(b)
    every = set(sa) | set(sb)

    def expect(op):
        out = {g: op(sa.get(g, set()), sb.get(g, set())) for g in every}
        return {g: ts for g, ts in out.items() if ts}

    assert grouped_seconds_of(left | right) == expect(set.union)
    assert grouped_seconds_of(left & right) == expect(set.intersection)
    assert grouped_seconds_of(left - right) == expect(set.difference)


@given(raw_grouped, periods)
def test_grouped_lengths_within_periods_count_each_groups_seconds(triples, spans):
    result = build_grouped(triples).length_within(
        [a for a, _ in spans], [b for _, b in spans], group_count=5
    )
    expected = grouped_seconds(triples)
    assert result.shape == (5, len(spans))
    assert result.tolist() == [
        [len(expected.get(g, set()) & set(range(a, b))) for a, b in spans] for g in range(5)
    ]


@given(raw_grouped)
def test_grouped_totals_count_each_groups_seconds(triples):
    expected = grouped_seconds(triples)
    assert build_grouped(triples).totals(5).tolist() == [
        len(expected.get(g, set())) for g in range(5)
    ]


def test_the_same_times_in_two_groups_stay_apart():
    result = GroupedIntervals.of([0, 1], [0, 0], [10, 10])
    assert result.groups.tolist() == [0, 1]
    assert result.group(1) == Intervals.span(0, 10)


def test_far_apart_groups_and_times_that_overflow_the_axis_are_refused():
    with pytest.raises(OverflowError):
        GroupedIntervals.of([0, 2**40], [0, 0], [1, 2**30])


def test_negative_group_codes_are_refused():
    with pytest.raises(ValueError, match="non-negative"):
        GroupedIntervals.of([-1], [0], [1])


@pytest.mark.parametrize(
    ("starts", "ends", "error"),
    [
        ([[0]], [[1]], ValueError),  # two-dimensional
        ([0.5], [1.5], TypeError),  # not whole seconds
        ([0, 1], [2], ValueError),  # lengths differ
    ],
    ids=["2d", "floats", "lengths"],
)
def test_bounds_that_are_not_one_integer_per_interval_are_refused(starts, ends, error):
    with pytest.raises(error):
        Intervals.of(starts, ends)


def test_sets_show_their_first_intervals_and_count_the_rest():
    many = Intervals.of(np.arange(0, 80, 10), np.arange(0, 80, 10) + 5)
    assert (
        repr(many)
        == "Intervals([0, 5), [10, 15), [20, 25), [30, 35), [40, 45), [50, 55), … 2 more)"
    )
    assert len(many) == 8
    assert many != "[0, 5)"


def test_grouped_sets_can_be_selected_measured_and_clipped():
    grouped = GroupedIntervals.of([0, 0, 2], [0, 10, 0], [5, 30, 100])
    assert grouped.present_groups().tolist() == [0, 2]
    assert grouped.at_least(20) == GroupedIntervals.of([0, 2], [10, 0], [30, 100])
    assert grouped.select(np.array([True, False, False])) == GroupedIntervals.of([0], [0], [5])
    assert grouped.clip(3, 12) == GroupedIntervals.of([0, 0, 2], [3, 10, 3], [5, 12, 12])
    assert grouped.lengths().tolist() == [5, 20, 100]
    assert GroupedIntervals.spans([2, 0, 2], 5, 5) == GroupedIntervals.empty()
    assert "2: [0, 100)" in repr(grouped)
    assert grouped != grouped.group(0)


def test_grouped_triples_that_are_not_normal_are_refused_by_the_plain_constructor():
    with pytest.raises(ValueError, match="not normal"):
        GroupedIntervals(np.array([1, 0]), np.array([0, 0]), np.array([1, 1]))
    with pytest.raises(ValueError, match="ends"):
        GroupedIntervals.of([0], [5], [1])
