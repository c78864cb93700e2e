"""Interruptions from outages, probe samples and request counts, merged per service."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaledger.domain.interruptions import (
    GapRule,
    Interruptions,
    NoData,
    apply_gap_rule,
    interruptions_from_counts,
    interruptions_from_outages,
    interruptions_from_samples,
    merge_interruptions,
)
from slaledger.domain.intervals import GroupedIntervals

MINUTE = 60


def minutes(*spans: tuple[int, int], service: int = 0) -> GroupedIntervals:
    """Grouped intervals of one service from (first minute, end minute) pairs."""
    return GroupedIntervals.of(
        [service] * len(spans), [a * MINUTE for a, _ in spans], [b * MINUTE for _, b in spans]
    )


def counts(rows, **rules) -> Interruptions:
    """Per-minute counts of service 0 from (minute, total, server_errors) rows."""
    rules.setdefault("error_rate_above", 5)
    return interruptions_from_counts(
        service=[0] * len(rows),
        interval_start=[m * MINUTE for m, _, _ in rows],
        interval_seconds=MINUTE,
        total=[t for _, t, _ in rows],
        server_errors=[e for _, _, e in rows],
        **rules,
    )


# ---------------------------------------------------------------- the threshold
@pytest.mark.parametrize(
    ("total", "errors", "interrupted"),
    [
        (10_000, 500, False),  # 5.0 % is not above 5 %
        (10_000, 501, True),  # 5.01 % is
        (20, 1, False),  # 5 % exactly, small numbers
        (1_000_000_000, 50_000_001, True),  # 5.0000001 %, no float rounding
        (100, 0, False),  # no errors
        (3, 3, True),  # everything failed
    ],
)
def test_an_interval_is_interrupted_only_strictly_above_the_threshold(total, errors, interrupted):
    result = counts([(0, total, errors)])
    assert (len(result.down) == 1) is interrupted


@pytest.mark.parametrize(
    "threshold",
    [5, "5", "5.0", Decimal("5.00"), Fraction(5), 5.0],
    ids=["int", "text", "text-decimal", "decimal", "fraction", "float"],
)
def test_the_threshold_may_be_given_as_any_exact_number(threshold):
    at_five = counts([(0, 10_000, 500), (1, 10_000, 501)], error_rate_above=threshold)
    assert at_five.down == minutes((1, 2))


def test_a_float_threshold_is_read_as_its_shortest_text():
    result = counts([(0, 10_000, 501), (1, 10_000, 502)], error_rate_above=5.01)
    assert result.down == minutes((1, 2))


def test_a_threshold_outside_0_to_100_percent_is_refused():
    with pytest.raises(ValueError, match="0-100"):
        counts([(0, 1, 0)], error_rate_above=101)


# --------------------------------------------------------------- volume and runs
def test_intervals_below_the_minimum_request_volume_are_not_interrupted():
    result = counts([(0, 9, 9), (1, 10, 9)], min_requests=10)
    assert result.down == minutes((1, 2))


def test_consecutive_interrupted_intervals_form_one_run():
    result = counts([(0, 100, 50), (1, 100, 50), (2, 100, 50), (3, 100, 0)])
    assert result.down == minutes((0, 3))


def test_runs_shorter_than_the_minimum_duration_do_not_count():
    rows = [(0, 100, 50), (1, 100, 50), (2, 100, 0), (3, 100, 50), (4, 100, 50), (5, 100, 50)]
    result = counts(rows, min_duration=3 * MINUTE)
    assert result.down == minutes((3, 6))


# ------------------------------------------------------------ empty and missing
@pytest.mark.parametrize(
    ("rule", "down", "unknown"),
    [
        (NoData.UP, [(2, 3)], []),
        (NoData.DOWN, [(1, 3)], []),  # the empty minute joins the interrupted one
        (NoData.UNKNOWN, [(2, 3)], [(1, 2)]),
    ],
)
def test_intervals_without_requests_follow_the_empty_rule(rule, down, unknown):
    result = counts([(0, 10, 0), (1, 0, 0), (2, 10, 5)], empty=rule)
    assert result.down == minutes(*down)
    assert result.unknown == minutes(*unknown)


@pytest.mark.parametrize(
    ("rule", "down", "unknown"),
    [
        (NoData.UP, [], []),
        (NoData.DOWN, [(0, 1), (3, 4), (9, 10)], []),  # before, between and after the rows
        (NoData.UNKNOWN, [], [(0, 1), (3, 4), (9, 10)]),
    ],
)
def test_time_without_any_interval_follows_the_missing_rule(rule, down, unknown):
    result = counts(
        [(1, 10, 0), (2, 10, 0), (4, 10, 0), (5, 10, 0), (6, 10, 0), (7, 10, 0), (8, 10, 0)],
        missing=rule,
        coverage=(0, 10 * MINUTE),
    )
    assert result.down == minutes(*down)
    assert result.unknown == minutes(*unknown)


def test_a_monitoring_gap_counted_as_down_must_still_last_the_minimum_duration():
    result = counts(
        [(0, 10, 0), (2, 10, 0), (3, 10, 10), (5, 10, 0)],
        missing=NoData.DOWN,
        min_duration=2 * MINUTE,
    )
    assert result.down == minutes((3, 5))  # the lone missing minute 1 is too short
    assert result.unknown == minutes()


def test_everything_is_clipped_to_the_coverage_period():
    result = counts([(0, 10, 10), (1, 10, 10), (2, 10, 10)], coverage=(MINUTE, 2 * MINUTE))
    assert result.down == minutes((1, 2))


# -------------------------------------------------------------- shapes of input
def test_services_are_kept_apart_even_at_the_same_minute():
    result = interruptions_from_counts(
        service=[0, 0, 3, 3],
        interval_start=[0, 60, 0, 60],
        interval_seconds=60,
        total=[10, 10, 10, 10],
        server_errors=[10, 0, 0, 10],
        error_rate_above=5,
    )
    assert result.down == GroupedIntervals.of([0, 3], [0, 60], [60, 120])
    assert result.observed.tolist() == [0, 3]


def test_rows_in_any_order_give_the_same_interruptions():
    rows = [(3, 10, 10), (0, 10, 10), (2, 10, 0), (1, 10, 10)]
    assert counts(rows).down == counts(sorted(rows)).down == minutes((0, 2), (3, 4))


def test_interval_lengths_may_differ_row_by_row():
    result = interruptions_from_counts(
        service=[0, 0, 0],
        interval_start=[0, 300, 360],
        interval_seconds=[300, 60, 60],
        total=[10, 10, 10],
        server_errors=[10, 0, 10],
        error_rate_above=5,
    )
    assert result.down == GroupedIntervals.of([0, 0], [0, 360], [300, 420])
    assert result.unknown == GroupedIntervals.empty()


def test_overlapping_intervals_of_one_service_are_refused():
    with pytest.raises(ValueError, match="overlap"):
        interruptions_from_counts(
            service=[0, 0],
            interval_start=[0, 30],
            interval_seconds=60,
            total=[1, 1],
            server_errors=[0, 0],
            error_rate_above=5,
        )


def test_server_errors_above_the_total_are_refused():
    with pytest.raises(ValueError, match="server_errors above total"):
        counts([(0, 5, 6)])


def test_counts_need_integer_columns():
    with pytest.raises(TypeError, match="total"):
        interruptions_from_counts(
            service=[0],
            interval_start=[0],
            interval_seconds=60,
            total=[1.5],
            server_errors=[0],
            error_rate_above=5,
        )


def test_no_rows_observe_nothing():
    result = counts([])
    assert result.down == result.unknown == GroupedIntervals.empty()
    assert result.observed.size == 0


@st.composite
def count_tables(draw):
    rows = []
    for service in (0, 1):
        for minute in range(12):
            if draw(st.booleans()) and draw(st.booleans()):
                continue  # a monitoring gap
            total = draw(st.sampled_from([0, 1, 19, 20, 21, 100]))
            errors = draw(st.integers(0, total))
            rows.append((service, minute, total, errors))
    return rows


def reference(rows, empty, missing, min_requests, min_duration, coverage):
    """Minute by minute, in plain Python."""
    down: dict[int, set[int]] = {}
    unknown: dict[int, set[int]] = {}
    rule = {NoData.DOWN: down, NoData.UNKNOWN: unknown, NoData.UP: {}}
    for service in {r[0] for r in rows}:
        seen = {m for s, m, _, _ in rows if s == service}
        for s, m, total, errors in rows:
            if s != service:
                continue
            if total == 0:
                rule[empty].setdefault(s, set()).add(m)
            elif total >= min_requests and Fraction(errors, total) > Fraction(5, 100):
                down.setdefault(s, set()).add(m)
        for m in range(coverage[0], coverage[1]):
            if m not in seen:
                rule[missing].setdefault(service, set()).add(m)
    for service, ms in down.items():
        runs, run = [], []
        for m in sorted(ms):
            if run and m != run[-1] + 1:
                runs.append(run)
                run = []
            run.append(m)
        runs.append(run)
        down[service] = {m for r in runs if len(r) >= min_duration for m in r}
    return down, unknown


def as_minutes(intervals: GroupedIntervals) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for g, s, e in zip(
        intervals.groups.tolist(), intervals.starts.tolist(), intervals.ends.tolist(), strict=True
    ):
        out.setdefault(g, set()).update(range(s // MINUTE, e // MINUTE))
    return out


@given(
    count_tables(),
    st.sampled_from(list(NoData)),
    st.sampled_from(list(NoData)),
    st.sampled_from([1, 20]),
    st.integers(1, 3),
)
def test_vectorised_counts_agree_with_a_minute_by_minute_reading(
    rows, empty, missing, min_requests, min_duration
):
    coverage = (0, 12)
    result = interruptions_from_counts(
        service=[r[0] for r in rows],
        interval_start=[r[1] * MINUTE for r in rows],
        interval_seconds=MINUTE,
        total=[r[2] for r in rows],
        server_errors=[r[3] for r in rows],
        error_rate_above=5,
        min_requests=min_requests,
        empty=empty,
        missing=missing,
        min_duration=min_duration * MINUTE,
        coverage=(coverage[0] * MINUTE, coverage[1] * MINUTE),
    )
    down, unknown = reference(rows, empty, missing, min_requests, min_duration, coverage)
    assert as_minutes(result.down) == {s: m for s, m in down.items() if m}
    assert as_minutes(result.unknown) == {s: m for s, m in unknown.items() if m}


# -------------------------------------------------------------------- samples
def samples(rows, **options) -> Interruptions:
    """Samples of service 0 from (minute, up) rows."""
    options.setdefault("max_gap", 2 * MINUTE)
    return interruptions_from_samples(
        service=[0] * len(rows),
        at=[m * MINUTE for m, _ in rows],
        up=[u for _, u in rows],
        **options,
    )


def test_a_down_sample_stands_for_the_time_until_the_next_sample():
    result = samples([(0, True), (1, False), (2, False), (3, True)])
    assert result.down == minutes((1, 3))
    assert result.unknown == minutes()


def test_past_the_maximum_gap_the_time_is_unknown():
    result = samples([(0, True), (10, False), (20, True)], max_gap=3 * MINUTE)
    assert result.down == minutes((10, 13))
    assert result.unknown == minutes((3, 10), (13, 20))


def test_a_gap_of_exactly_the_maximum_leaves_nothing_unknown():
    result = samples([(0, True), (2, False)], max_gap=2 * MINUTE)
    assert result.unknown == minutes()
    assert result.down == minutes((2, 4))  # the last sample stands for the maximum gap


def test_with_coverage_the_time_before_the_first_and_after_the_last_sample_is_unknown():
    result = samples([(2, True), (3, False)], max_gap=MINUTE, coverage=(0, 10 * MINUTE))
    assert result.down == minutes((3, 4))
    assert result.unknown == minutes((0, 2), (4, 10))


def test_two_samples_of_one_service_at_the_same_instant_are_refused():
    with pytest.raises(ValueError, match="same instant"):
        samples([(1, True), (1, False)])


def test_samples_in_any_order_give_the_same_interruptions():
    rows = [(3, True), (0, True), (2, False), (1, False)]
    assert samples(rows).down == samples(sorted(rows)).down == minutes((1, 3))


def test_samples_of_different_services_do_not_stand_for_each_other():
    result = interruptions_from_samples(
        service=[0, 1, 0], at=[0, 60, 600], up=[False, True, True], max_gap=300
    )
    assert result.down == GroupedIntervals.of([0], [0], [300])
    assert result.unknown == GroupedIntervals.of([0], [300], [600])


@st.composite
def sample_tables(draw):
    rows = []
    for service in (0, 1):
        instants = draw(st.sets(st.integers(0, 30), max_size=8))
        rows += [(service, at, draw(st.booleans())) for at in instants]
    return draw(st.permutations(rows))


@given(sample_tables(), st.integers(1, 6))
def test_vectorised_samples_agree_with_a_second_by_second_reading(rows, max_gap):
    coverage = (0, 40)
    result = interruptions_from_samples(
        service=[r[0] for r in rows],
        at=[r[1] for r in rows],
        up=[r[2] for r in rows],
        max_gap=max_gap,
        coverage=coverage,
    )
    down: dict[int, set[int]] = {}
    unknown: dict[int, set[int]] = {}
    for service in {r[0] for r in rows}:
        mine = sorted((at, up) for s, at, up in rows if s == service)
        for second in range(*coverage):
            before = [(at, up) for at, up in mine if at <= second]
            if before and second < before[-1][0] + max_gap:
                if not before[-1][1]:
                    down.setdefault(service, set()).add(second)
            else:
                unknown.setdefault(service, set()).add(second)

    def seconds(intervals: GroupedIntervals) -> dict[int, set[int]]:
        out: dict[int, set[int]] = {}
        for g, s, e in zip(
            *(a.tolist() for a in (intervals.groups, intervals.starts, intervals.ends)), strict=True
        ):
            out.setdefault(g, set()).update(range(s, e))
        return out

    assert seconds(result.down) == down
    assert seconds(result.unknown) == unknown


# ------------------------------------------------------------ outages and merge
def test_overlapping_outage_records_merge():
    result = interruptions_from_outages(service=[0, 0], start=[0, 60], end=[120, 180])
    assert result.down == GroupedIntervals.of([0], [0], [180])
    assert result.observed.size == 0


def test_merged_sources_are_down_where_any_source_is_down():
    a = interruptions_from_outages(service=[0], start=[0], end=[60])
    b = counts([(3, 10, 10)])
    assert merge_interruptions([a, b]).down == minutes((0, 1), (3, 4))


def test_merged_time_is_unknown_only_where_every_watching_source_is_blind():
    probes = samples([(0, True), (10, True)], max_gap=2 * MINUTE)  # blind 2-10
    request_counts = counts([(0, 10, 0), (1, 10, 0), (5, 10, 0), (6, 10, 0)])  # blind 2-5
    merged = merge_interruptions([probes, request_counts])
    assert merged.unknown == minutes((2, 5))


def test_a_source_that_does_not_watch_a_service_leaves_its_unknown_time_alone():
    service_0 = counts([(0, 10, 0), (5, 10, 0)])  # blind 1-5
    service_1 = interruptions_from_counts(
        service=[1],
        interval_start=[0],
        interval_seconds=60,
        total=[1],
        server_errors=[0],
        error_rate_above=5,
    )
    merged = merge_interruptions([service_0, service_1])
    assert merged.unknown == minutes((1, 5))
    assert merged.observed.tolist() == [0, 1]


def test_time_seen_down_by_one_source_is_not_unknown():
    outages = interruptions_from_outages(service=[0], start=[2 * MINUTE], end=[3 * MINUTE])
    merged = merge_interruptions([outages, counts([(0, 10, 0), (5, 10, 0)])])
    assert merged.down == minutes((2, 3))
    assert merged.unknown == minutes((1, 2), (3, 5))


@pytest.mark.parametrize(
    ("rule", "down", "excluded"),
    [
        (GapRule.UP, [(0, 1)], []),
        (GapRule.DOWN, [(0, 1), (3, 5)], []),
        (GapRule.EXCLUDED, [(0, 1)], [(3, 5)]),
    ],
)
def test_the_gap_rule_decides_what_unknown_time_counts_as(rule, down, excluded):
    found = Interruptions(minutes((0, 1)), minutes((3, 5)), np.array([0]))
    verdict = apply_gap_rule(found, rule)
    assert verdict.down == minutes(*down)
    assert verdict.excluded == minutes(*excluded)


@pytest.mark.parametrize("seconds", [0, [60, 0]], ids=["one-number", "per-row"])
def test_intervals_without_length_are_refused(seconds):
    with pytest.raises(ValueError, match="interval_seconds"):
        interruptions_from_counts(
            service=[0, 0],
            interval_start=[0, 60],
            interval_seconds=seconds,
            total=[1, 1],
            server_errors=[0, 0],
            error_rate_above=5,
        )


def test_a_maximum_sample_gap_must_be_positive():
    with pytest.raises(ValueError, match="max_gap"):
        samples([(0, True)], max_gap=0)
