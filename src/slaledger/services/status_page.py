"""Use case: a contract's customer status page — each service's state now, its last
90 days as daily bars, this month's and last month's figure against the target, the
incidents and maintenance windows of the last 90 days (and those announced ahead).

Every figure is the contract's own: each month touched is measured by
``availability_for_month`` (the same exclusions, maintenance, suspensions, rounding as
the statement), and each day's bar re-measures that month's trace over the local day
(``domain.availability.measure`` with the clause's formula), so a bar is not a ping
ratio: maintenance the contract removes leaves the day's denominator, excused time counts
as available. A day of a month without data (no figure) has no bar value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import numpy as np

from slaledger.domain.availability import NOT_ELIGIBLE, Measure, Spans, Window, measure
from slaledger.domain.contract.availability import Availability, Period
from slaledger.domain.contract.contract import Contract
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    AvailabilityError,
    Observations,
    availability_for_month,
    shown_rounding,
)
from slaledger.services.incidents import CalendarFor, IncidentView

#: days of bars on the page
DAYS = 90
#: a service's state now
STATES = ("operational", "down", "maintenance", "unknown")
OPERATIONAL, DOWN, MAINTENANCE, UNKNOWN = STATES


@dataclass(frozen=True)
class DayBar:
    day: date
    start: int
    end: int
    #: the day's figure by the contract's formula; None: no figure (no data, or a day
    #: the contract lifts the guarantee from)
    availability: Fraction | None
    shown: Decimal | None
    down_seconds: int
    removed_seconds: int
    met: bool | None


@dataclass(frozen=True)
class ServiceStatus:
    service: str
    name: str
    clause: str
    state: str
    days: tuple[DayBar, ...]
    month: Measure | None  # this month so far
    last_month: Measure | None


@dataclass(frozen=True)
class StatusIncident:
    id: str
    priority: str | None
    started: int | None
    resolved: int | None


@dataclass(frozen=True)
class StatusMaintenance:
    service: str
    kind: str
    start: int
    end: int
    announced_at: int | None

    def running(self, at: int) -> bool:
        return self.start <= at < self.end


@dataclass(frozen=True)
class StatusView:
    contract: str
    title: str
    zone: str
    at: int
    month: Month
    last_month: Month
    services: tuple[ServiceStatus, ...]
    incidents: tuple[StatusIncident, ...]
    maintenance: tuple[StatusMaintenance, ...]


def status_view(
    *,
    contract: Contract,
    observations: Observations,
    calendars: CalendarFor,
    at: int,
    incidents: Sequence[IncidentView] = (),
    opened: date | None = None,
    days: int = DAYS,
    bar_days: int | None = None,
) -> StatusView:
    """The status page of ``contract`` as known at ``at`` (epoch seconds): the incidents
    and windows of the last ``days`` days, and ``bar_days`` (default: ``days``) daily
    bars (the feed and the badge need one)."""
    zone = ZoneInfo(contract.timezone)
    known = Observations(
        observations.outages, observations.samples, observations.counts,
        observations.maintenance, now=at, min_coverage=observations.min_coverage,
        contract_events=observations.contract_events,
    )  # fmt: skip
    today = datetime.fromtimestamp(at, zone).date()
    since = _midnight(today - timedelta(days=days - 1), zone)
    shown = days if bar_days is None else bar_days
    first = today - timedelta(days=shown - 1)
    month = Month(today.year, today.month)
    windows = _maintenance(known, since)
    names = {s.id: s.name for s in contract.services}
    services = []
    for clause in contract.availability:
        service = clause.service or ""
        monthly, by_month = _calendar_months(contract, clause)
        figures = _months(monthly, by_month, known, calendars, opened, first, today)
        bars = tuple(
            _day(contract, clause, figures.get(Month(d.year, d.month)), d, zone)
            for d in (first + timedelta(days=n) for n in range(shown))
        )
        current = _figure(contract, clause, known, calendars, opened, month)
        services.append(
            ServiceStatus(
                service=service,
                name=names.get(service, service) or contract.title,
                clause=clause.clause.id,
                state=_state(current, windows, service, at),
                days=bars,
                month=current,
                last_month=_figure(contract, clause, known, calendars, opened, month.shift(-1)),
            )
        )
    recent = [
        StatusIncident(v.incident, v.priority, v.started, v.resolved_at)
        for v in incidents
        if v.started is not None and v.started <= at and (v.open or (v.resolved_at or 0) >= since)
    ]
    recent.sort(key=lambda i: -(i.started or 0))
    return StatusView(
        contract=contract.id,
        title=contract.title,
        zone=contract.timezone,
        at=at,
        month=month,
        last_month=month.shift(-1),
        services=tuple(services),
        incidents=tuple(recent),
        maintenance=tuple(windows),
    )


def _midnight(day: date, zone: ZoneInfo) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=zone).timestamp())


def _figure(
    contract: Contract, clause: Availability, observations: Observations,
    calendars: CalendarFor, opened: date | None, month: Month,
) -> Measure | None:  # fmt: skip
    try:
        return availability_for_month(
            contract=contract, month=month, observations=observations, calendars=calendars,
            service=clause.service, opened=opened,
        )  # fmt: skip
    except AvailabilityError:
        return None


def _calendar_months(contract: Contract, clause: Availability) -> tuple[Contract, Availability]:
    """The contract with ``clause`` measured by calendar month (its exclusions, its
    formula unchanged): each day's bar comes from its own month's trace and coverage,
    whatever period the clause judges (a rolling year without its first months of data
    still has days with data)."""
    if clause.period is Period.CALENDAR_MONTH:
        return contract, clause
    changed = dataclasses.replace(clause, period=Period.CALENDAR_MONTH)
    others = tuple(changed if c is clause else c for c in contract.availability)
    return dataclasses.replace(contract, availability=others), changed


def _months(
    contract: Contract, clause: Availability, observations: Observations,
    calendars: CalendarFor, opened: date | None, first: date, last: date,
) -> dict[Month, Measure]:  # fmt: skip
    """The figure of each month the days touch (its period's trace covers its days)."""
    month, end = Month(first.year, first.month), Month(last.year, last.month)
    found = {}
    while month <= end:
        figure = _figure(contract, clause, observations, calendars, opened, month)
        if figure is not None:
            found[month] = figure
        month = month.shift(1)
    return found


def _spans(figure: Measure) -> Spans:
    trace = figure.trace
    return Spans(
        np.asarray([t.start for t in trace], dtype=np.int64),
        np.asarray([t.end for t in trace], dtype=np.int64),
        tuple(t.category for t in trace),
        tuple(t.reason for t in trace),
        tuple(t.clause for t in trace),
        tuple(t.source for t in trace),
        np.asarray([t.effect != NOT_ELIGIBLE for t in trace], dtype=np.bool_),
    )


def _day(
    contract: Contract, clause: Availability, figure: Measure | None, day: date, zone: ZoneInfo
) -> DayBar:
    start, end = _midnight(day, zone), _midnight(day + timedelta(days=1), zone)
    if figure is None or figure.availability is None or not figure.guaranteed:
        return DayBar(day, start, end, None, None, 0, 0, None)
    window = Window(start, end, Period.CALENDAR_MONTH, day.isoformat())
    measured = measure(
        clause, service=figure.service, window=window, spans=_spans(figure),
        shown_rounding=shown_rounding(contract, clause),
    )  # fmt: skip
    return DayBar(
        day, start, end, measured.availability, measured.shown, measured.down_seconds,
        measured.removed_seconds, measured.met,
    )  # fmt: skip


def _maintenance(observations: Observations, since: int) -> list[StatusMaintenance]:
    """Windows ending after ``since`` (the recent, the running, the announced ahead),
    the latest first."""
    table = observations.maintenance
    if table is None or len(table.start) == 0:
        return []
    found = [
        StatusMaintenance(
            service=table.services[int(table.service[i])] if table.services else "",
            kind=str(table.kind[i]),
            start=int(table.start[i]),
            end=int(table.end[i]),
            announced_at=int(table.announced_at[i]) if bool(table.announced[i]) else None,
        )
        for i in np.flatnonzero(table.end > since)
    ]
    return sorted(found, key=lambda w: -w.start)


def _state(
    figure: Measure | None, windows: Sequence[StatusMaintenance], service: str, at: int
) -> str:
    """Down when counted downtime runs at ``at``; in maintenance when a window of the
    service runs; else operational (unknown without a figure for the month)."""
    if figure is not None:
        for entry in figure.trace:
            if entry.start <= at - 1 < entry.end and entry.effect == "counted":
                return DOWN
    if any(w.running(at) and w.service in (service, "") for w in windows):
        return MAINTENANCE
    if figure is None or figure.availability is None:
        return UNKNOWN
    return OPERATIONAL
