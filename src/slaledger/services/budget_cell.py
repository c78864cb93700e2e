"""The contracts list's error-budget cell: what it shows of a contract's current month
(``services.budget``), and until when that stays true without a write.

A cell shows the main line's downtime consumed and left (or missed by), else the downtime
consumed, and the first credit tier not reached yet. Between two instants at which an
input is dated (an outage's start or end, its report, a maintenance window, an
observed period, a contract event, the effective date, the opening) nothing the
budget reads changes but "now", and the figures the cell is drawn from only move one
way with it: the downtime consumed grows, the denominator (reference less the time
removed so far) shrinks. So when they are equal at the evaluation instant and just
before the next dated input (or the month's end), the cell is the same all along:
``steady_cell`` returns it with that instant (``until``). When they differ (an
interruption, a maintenance window, unknown time counted as down are in progress),
``until`` is None: the cell changes by the second and is computed at each read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np

from slaledger.domain.budget import TIER, BudgetLine, Spent
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.values import Money
from slaledger.domain.periods import Month
from slaledger.services.availability import AvailabilityError, Observations
from slaledger.services.budget import Budget, budget_at
from slaledger.services.budget_burn import main_line
from slaledger.services.fees import FeeBook, choose_fee
from slaledger.services.incidents import CalendarFor


@dataclass(frozen=True)
class CellLine(Spent):
    """What the cell shows of a budget line (its even-spend point moves with "now" and
    is not shown)."""

    kind: str
    label: str
    allowed_seconds: int
    consumed_seconds: int
    credit_percent: Decimal | None = None
    credit_days: Decimal | None = None
    money: Decimal | None = None


@dataclass(frozen=True)
class BudgetCell:
    """The month's budget as the contracts list shows it."""

    #: the target (else allowance) line; None when the clause states neither
    main: CellLine | None
    #: the first credit tier not reached yet
    at_risk: CellLine | None
    #: the downtime consumed so far (shown when there is no main line)
    consumed_seconds: int
    currency: str | None


@dataclass(frozen=True)
class SteadyCell:
    """A cell (None: the contract commits to no availability, or its budget cannot be
    computed) and the instant (epoch seconds) before which it stays the same without a
    write; ``until`` None: it changes now (computed at each read)."""

    cell: BudgetCell | None
    until: int | None


def _line(line: BudgetLine) -> CellLine:
    return CellLine(
        kind=line.kind, label=line.label, allowed_seconds=line.allowed_seconds,
        consumed_seconds=line.consumed_seconds, credit_percent=line.credit_percent,
        credit_days=line.credit_days, money=line.money,
    )  # fmt: skip


def cell_of(budget: Budget, currency: str | None) -> BudgetCell:
    tiers = [line for line in budget.lines if line.kind == TIER and not line.exceeded]
    main = main_line(budget)
    return BudgetCell(
        main=None if main is None else _line(main),
        at_risk=_line(tiers[0]) if tiers else None,
        consumed_seconds=budget.usage.consumed_seconds,
        currency=currency,
    )


def _moving(budget: Budget) -> tuple[object, ...]:
    """What the cell is drawn from and moves with "now" (one way each)."""
    usage = budget.usage
    lines = tuple((line.allowed_seconds, line.consumed_seconds) for line in budget.lines)
    return (
        usage.denominator_seconds, usage.consumed_seconds, budget.credit_consumed_seconds,
        budget.guaranteed, lines,
    )  # fmt: skip


def steady_cell(
    *,
    contract: Contract,
    month: Month,
    at: int,
    observations: Observations,
    calendars: CalendarFor,
    opened: date | None = None,
    explicit: Money | None = None,
    book: FeeBook | None = None,
) -> SteadyCell:
    """The cell of the period ending with ``month`` as known at ``at``, and until when
    it holds (see the module's docstring)."""
    end = month.end(contract.timezone)
    if not contract.availability:
        return SteadyCell(None, end)
    chosen = choose_fee(contract=contract, service=None, month=month, explicit=explicit, book=book)
    fee = None if chosen is None else chosen.fee

    def at_instant(moment: int) -> Budget:
        return budget_at(
            contract=contract, at=min(moment, end), month=month, observations=observations,
            calendars=calendars, opened=opened, fee=None if fee is None else fee.amount,
        )  # fmt: skip

    try:
        now = at_instant(at)
    except AvailabilityError:
        return SteadyCell(None, end)
    cell = cell_of(now, None if fee is None else fee.currency)
    if at >= end:
        return SteadyCell(cell, None)
    until = min([end, *(t for t in dated(contract, observations, opened) if t > at)])
    if until - 1 > at and _moving(at_instant(until - 1)) != _moving(now):
        return SteadyCell(cell, None)
    return SteadyCell(cell, until)


def dated(contract: Contract, observations: Observations, opened: date | None) -> Iterator[int]:
    """Every instant (epoch seconds) an input of the budget is dated at."""
    zone = ZoneInfo(contract.timezone)
    for day in (contract.effective_from, opened):
        if day is not None:
            yield int(datetime(day.year, day.month, day.day, tzinfo=zone).timestamp())
    outages = observations.outages
    if outages is not None:
        yield from _values(outages.start, outages.end, outages.reported_at[outages.reported])
        for cover in outages.covers:
            yield from (cover[1], cover[2])
    maintenance = observations.maintenance
    if maintenance is not None:
        announced = maintenance.announced_at[maintenance.announced]
        yield from _values(maintenance.start, maintenance.end, announced)
    samples = observations.samples
    if samples is not None:
        yield from _values(samples.at)
    counts = observations.counts
    if counts is not None:
        yield from _values(counts.interval_start, counts.interval_start + counts.interval_seconds)
    for event in observations.contract_events:
        yield int(event.at.timestamp())
        if event.end is not None:
            yield int(event.end.timestamp())


def _values(*arrays: np.ndarray) -> Iterator[int]:
    for array in arrays:
        yield from (int(v) for v in np.unique(array))
