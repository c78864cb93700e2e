"""Use case: the month-end forecast of an availability clause's budget at an instant
(``domain.forecast``: the model, its assumptions and limits).

The budget is ``budget_at``'s. The daily history is the service's last 365 whole local
days before the instant, each measured as the period is (the same exclusions, removed
time, measured interruptions, suspensions), keeping only the days the measurements
observed (at least ``min_coverage`` of the day, from the contract's effective date and
the service's opening on): their counted downtime is the pool the remaining days are
drawn from. When the credits count only customer-reported outages, the tier lines are
forecast from the days' eligible downtime.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.availability import Window, measure
from slaledger.domain.budget import TIER, BudgetLine
from slaledger.domain.burn import counted_downtime
from slaledger.domain.contract.availability import Availability, Period
from slaledger.domain.contract.contract import Contract
from slaledger.domain.credits import Credit, credit_for
from slaledger.domain.forecast import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    Spread,
    bootstrap_totals,
    linear_projection,
    miss_share,
    spread,
)
from slaledger.domain.intervals import Intervals
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    Observations,
    availability_clause,
    observed_sources,
    period_spans,
)
from slaledger.services.budget import Budget, budget_at
from slaledger.services.incidents import CalendarFor

HISTORY_DAYS = 365


@dataclass(frozen=True)
class LineForecast:
    line: BudgetLine
    #: the line missed (or the tier reached) at the period's end if the pace continues
    projected_exceeded: bool
    #: the probability of missing it (of reaching the tier); None without history
    probability: float | None


@dataclass(frozen=True)
class Forecast:
    budget: Budget
    remaining_seconds: int
    #: if the current burn continues
    projected_down_seconds: int
    projected_availability: Fraction | None
    projected_credit: Credit | None
    #: the days drawn from, and their downtime
    history_days: int
    history_down_seconds: int
    spread: Spread | None
    lines: tuple[LineForecast, ...]
    draws: int
    seed: int


def daily_downtime(
    *,
    contract: Contract,
    clause: Availability,
    at: int,
    observations: Observations,
    calendars: CalendarFor,
    service: str,
    opened: date | None = None,
    eligible_only: bool = False,
    days: int = HISTORY_DAYS,
) -> NDArray[np.int64]:
    """Counted downtime of each observed whole local day of the ``days`` before the day
    of ``at``, oldest first."""
    zone = ZoneInfo(contract.timezone)
    today = datetime.fromtimestamp(at, UTC).astimezone(zone).date()
    bounds = np.asarray(
        [
            int(datetime.combine(today - timedelta(days=k), datetime.min.time(), zone).timestamp())
            for k in range(days, -1, -1)
        ],
        dtype=np.int64,
    )
    window = Window(int(bounds[0]), int(bounds[-1]), Period.CALENDAR_MONTH, "history")
    spans = period_spans(contract, clause, observations, calendars, service, window, opened)
    figure = measure(
        clause, service=service, window=window, spans=spans, eligible_only=eligible_only
    )
    down = counted_downtime(figure.trace).length_within(bounds[:-1], bounds[1:])
    observed = Intervals.empty()
    for _, _, intervals in observed_sources(clause, observations, service):
        observed = observed | intervals
    starts = [d for d in (contract.effective_from, opened) if d is not None]
    if starts:
        first = datetime.combine(max(starts), datetime.min.time(), zone).timestamp()
        observed = observed.clip(int(first), int(bounds[-1]))
    seen = observed.length_within(bounds[:-1], bounds[1:])
    kept = seen * observations.min_coverage.denominator >= (
        (bounds[1:] - bounds[:-1]) * observations.min_coverage.numerator
    )
    result: NDArray[np.int64] = down[kept & (seen > 0)]
    return result


def forecast_at(
    *,
    contract: Contract,
    at: int,
    month: Month,
    observations: Observations,
    calendars: CalendarFor,
    service: str | None = None,
    opened: date | None = None,
    fee: Decimal | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> Forecast:
    """The forecast of the period ending with ``month`` as known at ``at``."""
    budget = budget_at(
        contract=contract, at=at, month=month, observations=observations,
        calendars=calendars, service=service, opened=opened, fee=fee,
    )  # fmt: skip
    clause = availability_clause(contract, service)
    usage, window = budget.usage, budget.window
    remaining = max(0, window.end - max(at, window.start))
    den = usage.denominator_seconds
    common = dict(
        contract=contract, clause=clause, at=at, observations=observations,
        calendars=calendars, service=budget.service, opened=opened,
    )  # fmt: skip
    pool = daily_downtime(**common)  # type: ignore[arg-type]
    totals = bootstrap_totals(
        pool, consumed=usage.consumed_seconds, remaining=remaining, cap=den, draws=draws, seed=seed
    )
    credit_consumed = budget.credit_consumed_seconds
    credit_totals = totals
    if credit_consumed is not None:
        eligible = daily_downtime(**common, eligible_only=True)  # type: ignore[arg-type]
        credit_totals = bootstrap_totals(
            eligible, consumed=credit_consumed, remaining=remaining, cap=den,
            draws=draws, seed=seed,
        )  # fmt: skip
    projected = min(den, linear_projection(usage.consumed_seconds, usage.elapsed_seconds,
                                           usage.period_seconds))  # fmt: skip
    credit_projected = projected
    if credit_consumed is not None:
        credit_projected = min(den, linear_projection(credit_consumed, usage.elapsed_seconds,
                                                      usage.period_seconds))  # fmt: skip
    lines = []
    for line in budget.lines:
        mine, down = (credit_totals, credit_projected) if line.kind == TIER else (totals, projected)
        if line.kind == TIER and credit_consumed is None:
            down = projected
        lines.append(
            LineForecast(
                line=line,
                projected_exceeded=down > line.allowed_seconds,
                probability=None if mine is None else miss_share(mine, line.allowed_seconds),
            )
        )
    schedule = next((s for s in contract.credits if s.clause.id == budget.schedule), None)
    credit = None
    if schedule is not None and den > 0:
        credit = credit_for(schedule, Fraction(100 * (den - credit_projected), den), fee=fee)
    return Forecast(
        budget=budget,
        remaining_seconds=remaining,
        projected_down_seconds=projected,
        projected_availability=None if den <= 0 else Fraction(100 * (den - projected), den),
        projected_credit=credit,
        history_days=int(pool.size),
        history_down_seconds=int(pool.sum()),
        spread=None if totals is None else spread(totals),
        lines=tuple(lines),
        draws=draws,
        seed=seed,
    )
