"""Use case: how often the mid-month forecast was right, over past months.

For each month, the forecast is made at local 00:00 on ``day`` (the 15th by default)
from what was known then (``forecast_at``: the observations up to that instant, the
daily history before it), and compared with the period's budget at its end
(``budget_at`` at the period's last instant). For every line (target, allowance, credit
tiers) the forecast *says missed* when its probability is at least one half; it is
*right* when that is what happened. The same is scored for the projection "if the
current burn continues", and for the naive forecast "nothing more will be missed than
is already" (the budget's ``exceeded`` at the instant), the baseline to beat. The Brier
score grades the probabilities themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from slaledger.domain.contract.contract import Contract
from slaledger.domain.forecast import DEFAULT_DRAWS, DEFAULT_SEED, brier
from slaledger.domain.periods import Month
from slaledger.services.availability import Observations
from slaledger.services.budget import budget_at
from slaledger.services.forecast import forecast_at
from slaledger.services.incidents import CalendarFor


@dataclass(frozen=True)
class BacktestRow:
    month: Month
    kind: str
    label: str
    probability: float | None
    said_missed: bool | None
    projected_missed: bool
    missed_at_instant: bool
    missed: bool


@dataclass(frozen=True)
class Score:
    """How a set of rows was forecast: shares right (None: no row)."""

    lines: int
    missed: float | None
    bootstrap_right: float | None
    projection_right: float | None
    naive_right: float | None
    brier: float | None


def score(rows: list[BacktestRow]) -> Score:
    def share(right: list[bool]) -> float | None:
        return None if not right else sum(right) / len(right)

    return Score(
        lines=len(rows),
        missed=share([r.missed for r in rows]),
        bootstrap_right=share([r.said_missed == r.missed for r in rows]),
        projection_right=share([r.projected_missed == r.missed for r in rows]),
        naive_right=share([r.missed_at_instant == r.missed for r in rows]),
        brier=brier([r.probability or 0.0 for r in rows], [r.missed for r in rows]),
    )


@dataclass(frozen=True)
class BacktestSummary:
    rows: tuple[BacktestRow, ...]

    @property
    def all_lines(self) -> Score:
        """Every line with a forecast probability."""
        return score([r for r in self.rows if r.probability is not None])

    @property
    def open_lines(self) -> Score:
        """The lines not yet missed at mid-month: the question worth a forecast."""
        return score(
            [r for r in self.rows if r.probability is not None and not r.missed_at_instant]
        )


def backtest(
    *,
    contract: Contract,
    months: list[Month],
    observations: Observations,
    calendars: CalendarFor,
    service: str | None = None,
    opened: date | None = None,
    day: int = 15,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> BacktestSummary:
    zone = ZoneInfo(contract.timezone)
    rows: list[BacktestRow] = []
    for month in months:
        at = int(datetime(month.year, month.month, day, tzinfo=zone).timestamp())
        found = forecast_at(
            contract=contract, at=at, month=month, observations=observations,
            calendars=calendars, service=service, opened=opened, draws=draws, seed=seed,
        )  # fmt: skip
        end = found.budget.window.end
        actual = budget_at(
            contract=contract, at=end, month=month, observations=observations,
            calendars=calendars, service=service, opened=opened,
        )  # fmt: skip
        final = {(line.kind, line.label): line for line in actual.lines}
        for forecast in found.lines:
            line = forecast.line
            outcome = final.get((line.kind, line.label))
            if outcome is None:
                continue  # the line moved (time removed since): nothing to compare
            p = forecast.probability
            rows.append(
                BacktestRow(
                    month=month,
                    kind=line.kind,
                    label=line.label,
                    probability=p,
                    said_missed=None if p is None else p >= 0.5,
                    projected_missed=forecast.projected_exceeded,
                    missed_at_instant=line.exceeded,
                    missed=outcome.exceeded,
                )
            )
    return BacktestSummary(tuple(rows))
