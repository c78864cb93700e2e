"""The forecast model: the projection, and the bootstrap against exact probabilities."""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest

from slaledger.domain.forecast import (
    DAY,
    bootstrap_totals,
    brier,
    linear_projection,
    miss_share,
    spread,
)


def test_the_projection_continues_the_pace_so_far() -> None:
    assert linear_projection(600, elapsed=10 * DAY, period=30 * DAY) == 1800
    assert linear_projection(600, elapsed=0, period=30 * DAY) == 600
    assert linear_projection(600, elapsed=30 * DAY, period=30 * DAY) == 600


def test_the_bootstrap_agrees_with_the_exact_probability() -> None:
    """Three remaining days drawn from {0, 0, 0, 600}: the total passes 1 000 s of
    downtime (400 consumed) only when at least one day of 600 is drawn: 1 - (3/4)^3."""
    pool = [0, 0, 0, 600]
    totals = bootstrap_totals(pool, consumed=400, remaining=3 * DAY, cap=10**9, draws=200_000)
    assert totals is not None
    exact = sum(1 for days in product(pool, repeat=3) if 400 + sum(days) > 900) / len(pool) ** 3
    assert exact == pytest.approx(1 - 0.75**3)
    assert miss_share(totals, 900) == pytest.approx(exact, abs=0.005)


def test_a_partial_day_scales_its_draw_and_the_cap_holds() -> None:
    totals = bootstrap_totals([1000], consumed=0, remaining=DAY + DAY // 2, cap=10**9, draws=10)
    assert totals is not None
    assert np.all(totals == 1500)
    capped = bootstrap_totals([1000], consumed=0, remaining=5 * DAY, cap=2500, draws=10)
    assert capped is not None
    assert np.all(capped == 2500)


def test_the_same_seed_gives_the_same_forecast_and_another_seed_another() -> None:
    pool = list(range(0, 3600, 37))
    first = bootstrap_totals(pool, consumed=0, remaining=10 * DAY, cap=10**9, seed=5)
    again = bootstrap_totals(pool, consumed=0, remaining=10 * DAY, cap=10**9, seed=5)
    other = bootstrap_totals(pool, consumed=0, remaining=10 * DAY, cap=10**9, seed=6)
    assert first is not None and again is not None and other is not None  # noqa: PT018
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_without_history_there_is_no_distribution() -> None:
    assert bootstrap_totals([], consumed=10, remaining=DAY, cap=100) is None
    ended = bootstrap_totals([50], consumed=10, remaining=0, cap=100, draws=4)
    assert ended is not None
    assert ended.tolist() == [10, 10, 10, 10]


def test_spread_and_brier() -> None:
    found = spread(np.arange(101, dtype=np.float64))
    assert (found.p10, found.p50, found.p90) == (10, 50, 90)
    assert brier([1.0, 0.0], [True, False]) == 0
    assert brier([0.5, 0.5], [True, False]) == 0.25
    assert brier([], []) is None
