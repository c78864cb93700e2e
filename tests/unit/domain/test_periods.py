"""Months in a time zone and rolling windows."""

from __future__ import annotations

import numpy as np
import pytest

from slaledger.domain.periods import Month, month_bounds, rolling_sums


@pytest.mark.parametrize(
    ("zone", "minutes"),
    [
        ("Europe/Paris", 44_580),  # the spring change takes an hour from March
        ("UTC", 44_640),
        ("America/New_York", 44_580),
    ],
)
def test_march_2024_lasts_its_real_minutes(zone, minutes):
    bounds = month_bounds(Month(2024, 3), 1, zone)
    assert (bounds[1] - bounds[0]) // 60 == minutes


def test_october_2024_in_paris_has_an_extra_hour():
    bounds = month_bounds(Month(2024, 10), 1, "Europe/Paris")
    assert (bounds[1] - bounds[0]) // 60 == 31 * 1440 + 60


def test_a_rolling_window_sums_the_last_twelve_months_at_each_month_end():
    zone = "Europe/Paris"
    at = np.asarray([Month(2024, m).start(zone) for m in range(1, 13)], dtype=np.int64)
    values = np.arange(1, 13, dtype=np.int64) * 100
    series = rolling_sums(values, at, last=Month(2025, 1), months=2, window=12, zone=zone)
    assert [str(m) for m in series.months] == ["2024-12", "2025-01"]
    assert series.sums.tolist() == [7800, 7700]  # January 2024 leaves the window
    assert series.counts.tolist() == [12, 11]


def test_an_empty_window_has_no_mean():
    series = rolling_sums(
        np.zeros(0, dtype=np.int64),
        np.zeros(0, dtype=np.int64),
        last=Month(2024, 2),
        months=1,
        window=1,
        zone="UTC",
    )
    assert series.counts.tolist() == [0]
    assert np.isnan(series.means[0])


def test_a_rolling_window_across_a_leap_february_counts_the_29th():
    zone = "UTC"
    leap_day = np.asarray([Month(2024, 2).start(zone) + 28 * 86_400], dtype=np.int64)
    series = rolling_sums(
        np.asarray([5]), leap_day, last=Month(2024, 2), months=1, window=1, zone=zone
    )
    assert series.sums.tolist() == [5]


@pytest.mark.parametrize("text", ["2024-13", "2024-3", "March", "2024-03-01"])
def test_a_month_that_does_not_exist_is_refused(text):
    with pytest.raises(ValueError, match=r"month|YYYY-MM"):
        Month.parse(text)
