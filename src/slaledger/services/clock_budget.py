"""Use cases: the budget of each rolling mean KPI (how much more restore time before
it is missed), and the open incidents' clocks at risk ordered by the money at stake
(``domain.clock_budget``: the arithmetic; docs/budgets.md).

A KPI's window is the one ``services/kpis.py`` uses (12 months for a rolling-12-months
KPI, ending with the month of the instant); an incident counts in it once its clock
stopped within the window, at or before the instant; an incident whose clock runs at
the instant is open. Only clock-mean KPIs with an "at most" target have such a budget.

A clock's stake: the incident is taken as an outage of the availability clause's
service going on until the clock's deadline; the time from the instant to the deadline
(within the period, in the clause's calendar when it has one: time outside it burns
nothing) is added to the period's downtime consumed (the credit tiers' downtime when
they count only reported outages), and the credit tiers it reaches give the money.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np

from slaledger.domain.clock_budget import MeanHeadroom, Stake, stake
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.kpis import Direction, KpiMeasure
from slaledger.domain.incidents.clocks import NEVER
from slaledger.domain.incidents.log import CODE, EventLog
from slaledger.domain.periods import Month
from slaledger.services.alert_clocks import clock_thresholds
from slaledger.services.availability import Observations, availability_clause
from slaledger.services.budget import Budget, budget_at
from slaledger.services.incidents import CalendarFor, clock_columns
from slaledger.services.kpis import WINDOW_MONTHS, limit_seconds

RUNNING, AT_RISK, BREACHED = "running", "at-risk", "breached"


@dataclass(frozen=True)
class KpiBudget:
    kpi: str
    name: str
    clause: str
    clock: str
    classes: tuple[str, ...]
    window_start: int
    at: int
    headroom: MeanHeadroom


def _month_of(at: int, zone: str) -> Month:
    local = datetime.fromtimestamp(at, UTC).astimezone(ZoneInfo(zone))
    return Month(local.year, local.month)


def kpi_budgets(
    *,
    contract: Contract,
    at: int,
    log: EventLog,
    calendars: CalendarFor,
    kinds: tuple[str, ...] | None = None,
) -> list[KpiBudget]:
    """The restore-time budget of every clock-mean KPI with an "at most" target."""
    found = []
    month = _month_of(at, contract.timezone)
    for kpi in contract.kpis:
        if (
            kpi.measure is not KpiMeasure.CLOCK_MEAN
            or kpi.target.direction is not Direction.AT_MOST
        ):
            continue
        clock = next((c for c in contract.clocks if kpi.clock in (c.clause.id, c.name)), None)
        limit = limit_seconds(kpi, calendars, month.year)
        if clock is None or limit is None:
            continue
        columns, *_ = clock_columns(
            contract=contract, clock=clock, log=log, at=at, calendars=calendars, kinds=kinds
        )
        wanted = columns.applicable.copy()
        if kpi.classes:
            wanted &= np.isin(columns.classes.astype(str), list(kpi.classes))
        start = log.first(CODE[clock.start.value], at=at)
        window_start = month.shift(-(WINDOW_MONTHS[kpi.period] - 1)).start(contract.timezone)
        stopped = columns.stopped
        counted = wanted & (stopped != NEVER) & (stopped >= window_start) & (stopped <= at)
        running = wanted & (stopped == NEVER) & (start != NEVER) & (start <= at)
        elapsed = columns.result.elapsed
        found.append(
            KpiBudget(
                kpi=kpi.clause.id,
                name=kpi.name,
                clause=kpi.clause.article,
                clock=clock.clause.id,
                classes=tuple(kpi.classes),
                window_start=window_start,
                at=at,
                headroom=MeanHeadroom(
                    counted=int(counted.sum()),
                    open=int(running.sum()),
                    total_seconds=int(elapsed[counted].sum()),
                    open_seconds=int(elapsed[running].sum()),
                    limit_seconds=int(limit),
                ),
            )
        )
    return found


@dataclass(frozen=True)
class ClockRisk:
    incident: str
    clock: str
    clock_title: str
    target: str | None
    status: str
    at_risk_at: int | None
    deadline: int
    #: downtime the outage adds by the deadline (counted seconds within the period)
    extra_seconds: int
    stake: Stake | None


def at_risk(
    *,
    contract: Contract,
    at: int,
    log: EventLog,
    calendars: CalendarFor,
    kinds: tuple[str, ...] | None = None,
    observations: Observations | None = None,
    service: str | None = None,
    opened: date | None = None,
    fee: Decimal | None = None,
    risk_share: float = 0.75,
) -> tuple[list[ClockRisk], Budget | None]:
    """The clocks of open incidents (with a target), most money at stake first, then
    the nearest deadline; with the budget their stakes come from (None without an
    availability clause or observations)."""
    thresholds, info = clock_thresholds(
        contract=contract, log=log, at=at, calendars=calendars, risk_share=risk_share,
        kinds=kinds,
    )  # fmt: skip
    budget = None
    if observations is not None and contract.availability:
        budget = budget_at(
            contract=contract, at=at, month=_month_of(at, contract.timezone),
            observations=observations, calendars=calendars, service=service,
            opened=opened, fee=fee,
        )  # fmt: skip
    rows = []
    for t in thresholds:
        if t.stopped_at is not None or t.deadline is None:
            continue
        status = RUNNING
        if t.deadline <= at:
            status = BREACHED
        elif t.at_risk_at is not None and t.at_risk_at <= at:
            status = AT_RISK
        extra, found = 0, None
        if budget is not None:
            extra = _counted_until(contract, calendars, service, budget, at, t.deadline)
            consumed = budget.credit_consumed_seconds
            if consumed is None:
                consumed = budget.usage.consumed_seconds
            found = stake(budget.lines, consumed, extra)
        clock = info[(t.incident, t.clock)]
        rows.append(
            ClockRisk(
                incident=t.incident, clock=t.clock, clock_title=clock.title,
                target=clock.target, status=status, at_risk_at=t.at_risk_at,
                deadline=t.deadline, extra_seconds=extra, stake=found,
            )
        )  # fmt: skip
    rows.sort(key=lambda r: (-(r.stake.money if r.stake else 0), r.deadline, r.incident, r.clock))
    return rows, budget


def _counted_until(
    contract: Contract, calendars: CalendarFor, service: str | None, budget: Budget,
    at: int, deadline: int,
) -> int:  # fmt: skip
    end = min(deadline, budget.window.end)
    if end <= at:
        return 0
    clause = availability_clause(contract, service)
    if clause.calendar:
        counted = calendars(clause.calendar).seconds_between_array(
            np.asarray([at], dtype=np.int64), np.asarray([end], dtype=np.int64)
        )
        return int(counted[0])
    return end - at
