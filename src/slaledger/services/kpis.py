"""Use case: KPIs of a contract for a month, with their monthly series.

- A clock-mean KPI (003 KPI2-KPI4, KPI7) is the mean of a clock's elapsed business time
  over the incidents of some classes (and of the kind the clock applies to). An incident
  counts in the month its clock stopped (its duration is final then); incidents whose
  clock still runs are left out.
- A notice-mean KPI (003 KPI5, KPI6) is the mean notice, in the KPI's calendar, between
  the announcement of a maintenance window of some kinds and its start; a window counts
  in the month it started; a window never announced has a notice of zero.
- An availability KPI (003 KPI1) is the figure of the availability commitment it names,
  computed by services/availability.py for the period that ends with each month (the
  commitment's own period: 003's rolling 12 months); it averages nothing, so its count is
  the number of downtime intervals that counted.
- A rolling-12-months KPI computed monthly takes, at the end of each month, the items of
  the twelve months ending with it.
A target in business days is that many typical business days of the KPI's calendar
(2 business days of 09:00-18:00 = 18 hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from slaledger.domain.contract.availability import Period
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.kpis import Direction, Kpi, KpiMeasure, KpiTarget
from slaledger.domain.contract.values import Duration, TimeUnit
from slaledger.domain.incidents.clocks import NEVER
from slaledger.domain.incidents.log import EventLog
from slaledger.domain.maintenance.kinds import resolve
from slaledger.domain.maintenance.verdict import Window
from slaledger.domain.message import Message, Number, Param, Text, msg
from slaledger.domain.obligations.words import duration as duration_words
from slaledger.domain.observations import MaintenanceTable
from slaledger.domain.periods import Month, WindowSeries, rolling_sums
from slaledger.services.availability import (
    AvailabilityError,
    Observations,
    availability_clause,
    availability_for_month,
)
from slaledger.services.incidents import CalendarFor, clock_columns

#: months of history shown with each KPI
SERIES_MONTHS = 12
_WINDOW = {Period.CALENDAR_MONTH: 1, Period.ROLLING_12_MONTHS: 12, Period.CONTRACT_YEAR: 12}
#: months a KPI's window spans, by its period
WINDOW_MONTHS = _WINDOW
#: how a KPI's note names an availability commitment's period (the file's words)
PERIOD_NAMES = {
    Period.CALENDAR_MONTH: msg("kpi.period.calendar-month"),
    Period.ROLLING_12_MONTHS: msg("kpi.period.rolling-12-months"),
    Period.CONTRACT_YEAR: msg("kpi.period.contract-year"),
}


@dataclass(frozen=True)
class KpiPoint:
    month: str
    value: float | None  # seconds for durations, percent for rates
    count: int
    met: bool | None


@dataclass(frozen=True)
class KpiView:
    kpi: str
    name: str
    clause: str
    measure: str
    unit: str  # "seconds" or "percent"
    target: str
    limit: float | None  # the target in the KPI's unit
    value: float | None
    count: int
    met: bool | None
    series: tuple[KpiPoint, ...]
    note: Message | None = None
    #: ``target`` for people ("at-least 99.5", « au moins 99,5 »)
    target_text: Text = ""


@dataclass(frozen=True)
class MaintenanceNotices:
    """Maintenance windows as columns: kind, announcement, start and end instants."""

    kind: tuple[str, ...]
    announced_at: np.ndarray  # int64, NEVER when not announced
    start: np.ndarray
    end: np.ndarray


def maintenance_notices(windows: MaintenanceTable) -> MaintenanceNotices:
    """The columns the notice KPIs read, from a maintenance table."""
    return MaintenanceNotices(
        kind=tuple(str(k) for k in windows.kind),
        announced_at=np.where(windows.announced, windows.announced_at, NEVER),
        start=windows.start,
        end=windows.end,
    )


def maintenance_clauses(
    contract: Contract, maintenance: MaintenanceNotices, calendars: CalendarFor
) -> np.ndarray:
    """The maintenance clause of each window, classified as availability classifies it
    (a generic ``evolutive`` row of 3 business hours is ``evolutive-high``); '' for none."""
    ids = []
    for kind, start, end in zip(
        maintenance.kind, maintenance.start.tolist(), maintenance.end.tolist(), strict=True
    ):
        clause, _ = resolve(Window(kind, int(start), int(end)), contract.maintenance, calendars)
        ids.append(clause.clause.id if clause is not None else "")
    return np.asarray(ids, dtype=object)


def kpis_for_month(
    *,
    contract: Contract,
    month: Month,
    calendars: CalendarFor,
    log: EventLog | None = None,
    kinds: tuple[str, ...] | None = None,
    maintenance: MaintenanceNotices | None = None,
    observations: Observations | None = None,
) -> list[KpiView]:
    """Every KPI the inputs allow, as of the end of ``month``, in the file's order."""
    views = []
    for kpi in contract.kpis:
        view: KpiView | None
        if kpi.measure is KpiMeasure.CLOCK_MEAN and log is not None:
            view = _clock_mean(contract, kpi, log, kinds, month, calendars)
        elif kpi.measure is KpiMeasure.NOTICE_MEAN and maintenance is not None:
            view = _notice_mean(contract, kpi, maintenance, month, calendars)
        elif kpi.measure is KpiMeasure.AVAILABILITY and observations is not None:
            view = _availability(contract, kpi, observations, month, calendars)
        else:
            continue
        if view is not None:
            views.append(view)
    return views


def _clock_mean(
    contract: Contract,
    kpi: Kpi,
    log: EventLog,
    kinds: tuple[str, ...] | None,
    month: Month,
    calendars: CalendarFor,
) -> KpiView | None:
    clock = next((c for c in contract.clocks if kpi.clock in (c.clause.id, c.name)), None)
    if clock is None:
        return None
    at = month.end(contract.timezone)
    columns, *_ = clock_columns(
        contract=contract, clock=clock, log=log, at=at, calendars=calendars, kinds=kinds
    )
    wanted = columns.applicable.copy()
    if kpi.classes:
        wanted &= np.isin(columns.classes.astype(str), list(kpi.classes))
    stopped = (columns.stopped != NEVER) & wanted
    series = rolling_sums(
        columns.result.elapsed[stopped],
        columns.stopped[stopped],
        last=month,
        months=SERIES_MONTHS,
        window=_WINDOW[kpi.period],
        zone=contract.timezone,
    )
    return _view(kpi, series, _limit_seconds(kpi, calendars, month.year))


def _notice_mean(
    contract: Contract,
    kpi: Kpi,
    maintenance: MaintenanceNotices,
    month: Month,
    calendars: CalendarFor,
) -> KpiView | None:
    if not kpi.calendar:
        return None
    clauses = maintenance_clauses(contract, maintenance, calendars)
    chosen = np.isin(clauses, list(kpi.maintenance_kinds))
    start = maintenance.start[chosen].astype(np.int64)
    announced = maintenance.announced_at[chosen].astype(np.int64)
    announced = np.where(announced == NEVER, start, np.minimum(announced, start))
    notice = calendars(kpi.calendar).seconds_between_array(announced, start)
    series = rolling_sums(
        notice,
        start,
        last=month,
        months=SERIES_MONTHS,
        window=_WINDOW[kpi.period],
        zone=contract.timezone,
    )
    return _view(kpi, series, _limit_seconds(kpi, calendars, month.year))


def _availability(
    contract: Contract,
    kpi: Kpi,
    observations: Observations,
    month: Month,
    calendars: CalendarFor,
) -> KpiView | None:
    try:
        clause = next(
            (a for a in contract.availability if a.clause.id == kpi.availability), None
        ) or availability_clause(contract, None)
    except AvailabilityError:
        return None
    limit = kpi.target.percent if isinstance(kpi.target.percent, Decimal) else None
    limit_value = float(limit) if limit is not None else None
    points = []
    for back in range(SERIES_MONTHS - 1, -1, -1):
        point_month = month.shift(-back)
        figure = availability_for_month(
            contract=contract,
            month=point_month,
            observations=observations,
            calendars=calendars,
            service=clause.service,
        )
        # shown as every surface shows the figure; judged on the exact one
        shown, exact = figure.shown, figure.availability
        value = None if shown is None else float(shown)
        counted = sum(1 for entry in figure.trace if entry.effect == "counted")
        met = _met(None if exact is None else float(exact), limit_value, kpi.target.direction)
        points.append(KpiPoint(str(point_month), value, counted, met))
    note = msg("kpi.note.availability", clause=clause.clause.id, period=PERIOD_NAMES[clause.period])
    return _summary(kpi, points, limit_value, unit="percent", note=note)


def _limit_seconds(kpi: Kpi, calendars: CalendarFor, year: int) -> float | None:
    """The KPI's target in seconds of its calendar ("2 business days" = 2 typical days)."""
    duration = kpi.target.duration
    if not isinstance(duration, Duration):
        return None
    if duration.fixed_seconds is not None:
        return float(duration.fixed_seconds)
    if duration.unit is TimeUnit.BUSINESS_DAY and kpi.calendar:
        return float(duration.amount) * calendars(kpi.calendar).typical_day_seconds(year)
    return float(duration.nominal_seconds)


#: the KPI's target in seconds, for the budgets (``services/clock_budget.py``)
def limit_seconds(kpi: Kpi, calendars: CalendarFor, year: int) -> float | None:
    return _limit_seconds(kpi, calendars, year)


def _met(value: float | None, limit: float | None, direction: Direction) -> bool | None:
    if value is None or limit is None:
        return None
    return value <= limit if direction is Direction.AT_MOST else value >= limit


def _view(kpi: Kpi, series: WindowSeries, limit: float | None) -> KpiView:
    points = []
    for index, point_month in enumerate(series.months):
        count = int(series.counts[index])
        mean = float(series.means[index]) if count else None
        points.append(
            KpiPoint(str(point_month), mean, count, _met(mean, limit, kpi.target.direction))
        )
    note = None if points[-1].count else msg("kpi.note.nothing-to-average")
    return _summary(kpi, points, limit, unit="seconds", note=note)


def _summary(
    kpi: Kpi, points: list[KpiPoint], limit: float | None, *, unit: str, note: Message | None
) -> KpiView:
    """The KPI as of its last month, with the series that leads to it."""
    last = points[-1]
    return KpiView(
        kpi=kpi.clause.id,
        name=kpi.name,
        clause=kpi.clause.article,
        measure=kpi.measure.value,
        unit=unit,
        target=kpi.target.describe(),
        limit=limit,
        value=last.value,
        count=last.count,
        met=last.met,
        series=tuple(points),
        note=note,
        target_text=target_text(kpi.target),
    )


def target_text(target: KpiTarget) -> Message:
    """A KPI's target for people: its direction in words, the value as the file writes it
    (a percentage's decimal mark in the reader's language)."""
    value = target.duration if target.duration is not None else target.percent
    shown: Param = str(value)
    if isinstance(value, Decimal):
        shown = Number(value)
    elif isinstance(value, Duration):
        # the file's notation in English ("2.5h"), the duration in words in French
        shown = msg("duration.as-written", text=str(value), words=duration_words(value))
    if target.direction is Direction.AT_LEAST:
        return msg("kpi.target.at-least", value=shown)
    return msg("kpi.target.at-most", value=shown)
