"""Month-end forecasts of an error budget (docs/budgets.md, "Forecasts").

Two forecasts of the period's counted downtime at its end, from what is consumed at an
instant:

- **if the current burn continues** (``linear_projection``): the downtime so far, spread
  over the elapsed part of the period, continued at the same pace to its end::

      projected = consumed * period / elapsed

- **the probability of missing each line** (``bootstrap_totals``, ``miss_share``): the
  remaining time is cut into days; each day's downtime is drawn, with replacement, from
  the service's own days of the last 12 months (their counted downtime in the contract's
  terms); ``draws`` such futures give a distribution of the period's final downtime, and
  the share of them above a line's allowance is the probability of missing it. A last
  partial day takes a drawn day's downtime scaled to its length.

What it assumes: days are independent and alike (no trend, no season, no weekday
effect, no memory of an ongoing incident beyond what is consumed), and the past year's
days are the population of future ones. Its limits: with a short history (a new
service) or a quiet year, a bad day that never happened has probability zero; a rare
long outage dominates when it is in the pool. Seeded (``seed``): a forecast is the same
each time it is asked.

Pure: arrays in, arrays out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

DAY = 86_400
DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 21

F64 = NDArray[np.float64]


def linear_projection(consumed: int, elapsed: int, period: int) -> int:
    """The downtime at the period's end if the pace so far continues (the downtime
    consumed when nothing has elapsed), in whole seconds, rounded down."""
    if elapsed <= 0 or period <= elapsed:
        return consumed
    return consumed * period // elapsed


def bootstrap_totals(
    daily: NDArray[np.int64] | list[int],
    *,
    consumed: int,
    remaining: int,
    cap: int,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> F64 | None:
    """``draws`` final downtimes: ``consumed`` plus, for each remaining day, a day drawn
    from ``daily`` (seconds of counted downtime per past day); at most ``cap`` (the
    period's measured seconds). None without a past day to draw from."""
    pool = np.asarray(daily, dtype=np.float64)
    if pool.size == 0:
        return None
    if remaining <= 0:
        return np.full(draws, float(min(consumed, cap)))
    rng = np.random.default_rng(seed)
    whole, part = divmod(remaining, DAY)
    total = np.full(draws, float(consumed))
    if whole:
        total += rng.choice(pool, size=(draws, whole), replace=True).sum(axis=1)
    if part:
        total += rng.choice(pool, size=draws, replace=True) * (part / DAY)
    result: F64 = np.minimum(total, float(cap))
    return result


def miss_share(totals: F64, allowed: int) -> float:
    """The share of futures whose downtime is above ``allowed`` (the line is missed)."""
    return float(np.mean(totals > allowed))


@dataclass(frozen=True)
class Spread:
    """Quantiles of the final downtime, in seconds."""

    p10: float
    p50: float
    p90: float


def spread(totals: F64) -> Spread:
    p10, p50, p90 = np.quantile(totals, [0.1, 0.5, 0.9])
    return Spread(float(p10), float(p50), float(p90))


def brier(probabilities: list[float], outcomes: list[bool]) -> float | None:
    """The mean squared distance between forecast probabilities and what happened
    (0 is perfect; always saying 50 % scores 0.25)."""
    if not probabilities:
        return None
    p = np.asarray(probabilities, dtype=np.float64)
    o = np.asarray(outcomes, dtype=np.float64)
    return float(np.mean((p - o) ** 2))
