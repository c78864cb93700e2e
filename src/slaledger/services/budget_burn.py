"""Use case: how a period's error budget burnt down, day by day, against the even-spend
line (the dashboard's burn-down chart).

The budget at an instant (``services.budget``) carries the period's trace as known then;
each point re-measures that trace up to a local midnight (the same precedence of
removed, excused and counted time), so the chart's last point is the budget's own
figure. The line followed is the clause's target (else its allowance): ``allowed`` is
the budget at the instant, and the even-spend line goes from ``allowed`` at the start of
the period to nothing at its end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from slaledger.domain.budget import ALLOWANCE, TARGET, BudgetLine
from slaledger.domain.contract.contract import Contract
from slaledger.services.availability import availability_clause
from slaledger.services.budget import Budget, _before

#: at most this many points on a chart (a contract year is sampled, not drawn daily)
MOST_POINTS = 62


@dataclass(frozen=True)
class BurnPoint:
    """The budget at ``at`` (epoch seconds): spent, left (negative once over), and what
    a steady burn would have left."""

    at: int
    consumed_seconds: int
    remaining_seconds: int
    even_remaining_seconds: Fraction


@dataclass(frozen=True)
class BurnDown:
    line: BudgetLine  # the target (or allowance) line the chart follows
    start: int
    end: int
    at: int
    points: tuple[BurnPoint, ...]


def main_line(budget: Budget) -> BudgetLine | None:
    """The line the period is judged on: the target, else the allowance."""
    for kind in (TARGET, ALLOWANCE):
        for line in budget.lines:
            if line.kind == kind:
                return line
    return None


def sample_instants(start: int, end: int, zone: str) -> list[int]:
    """Local midnights from ``start`` to ``end`` (both included), thinned to at most
    ``MOST_POINTS`` (every k-th day), ``end`` always last."""
    tz = ZoneInfo(zone)
    first = datetime.fromtimestamp(start, tz)
    days, day = [], first.date()
    while True:
        instant = int(datetime(day.year, day.month, day.day, tzinfo=tz).timestamp())
        if instant >= end:
            break
        if instant >= start:
            days.append(instant)
        day += timedelta(days=1)
    stride = max(1, -(-len(days) // (MOST_POINTS - 1)))
    chosen = days[::stride]
    if not chosen or chosen[0] != start:
        chosen.insert(0, start)
    return [*chosen, end] if chosen[-1] != end else chosen


def burn_down(*, contract: Contract, budget: Budget, service: str | None = None) -> BurnDown | None:
    """The budget's period up to its instant, point by point; None without a target or
    allowance line (nothing to burn)."""
    line = main_line(budget)
    if line is None:
        return None
    clause = availability_clause(contract, service)  # the clause the budget measured
    window = budget.window
    until = min(max(budget.at, window.start), window.end)
    allowed = line.allowed_seconds
    points = []
    for instant in sample_instants(window.start, until, contract.timezone):
        so_far = _before(clause, budget.figure, instant, eligible_only=False)
        elapsed = Fraction(instant - window.start, max(window.seconds, 1))
        points.append(
            BurnPoint(
                at=instant,
                consumed_seconds=so_far.down_seconds,
                remaining_seconds=allowed - so_far.down_seconds,
                even_remaining_seconds=allowed * (1 - elapsed),
            )
        )
    return BurnDown(line, window.start, window.end, until, tuple(points))
