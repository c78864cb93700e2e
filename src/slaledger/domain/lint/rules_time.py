"""Rules on time: zone abbreviations that ignore daylight saving, figures that have no
calendar to be counted in."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from dataclasses import is_dataclass
from datetime import UTC, date, datetime, timedelta

from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.clocks import When
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.kpis import Kpi, KpiMeasure
from slaledger.domain.contract.values import Duration
from slaledger.domain.lint.finding import Draft
from slaledger.domain.lint.walk import walk
from slaledger.domain.message import Day, Items, Param, msg

#: abbreviations that name one fixed offset from UTC, in hours
FIXED_OFFSETS: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "MET": 1,
    "MEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "IST": 5.5,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
    "ACST": 9.5,
    "AWST": 8,
    "NZST": 12,
    "NZDT": 13,
    "AST": -4,
    "ADT": -3,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
}


def _offset(hours: float) -> str:
    sign = "+" if hours >= 0 else "−"
    whole = abs(hours)
    return f"UTC{sign}{int(whole):02d}:{round((whole % 1) * 60):02d}"


def ambiguous_timezones(contract: Contract) -> Iterator[Draft]:
    # the dates of a DST change move from year to year: name them for the contract's first
    # year; without an effective date, say how long the gap lasts, with no year's dates
    year = contract.effective_from.year if contract.effective_from else _ANY_YEAR
    for hours in contract.service_hours:
        stated = (hours.stated_timezone or "").strip().upper()
        if stated not in FIXED_OFFSETS or hours.calendar not in contract.calendars:
            continue
        zone_name = contract.calendars[hours.calendar].timezone
        fixed = FIXED_OFFSETS[stated]
        days = _offsets_by_day(zone_name, year)
        differing = [day for day, offset in days if offset != fixed]
        if not differing:
            continue
        offsets = sorted({offset for _, offset in days})
        if len(offsets) > 1:
            first, last = differing[0], differing[-1]
            when = (
                msg(
                    "lint.dst-dates",
                    year=str(year),
                    first=Day(first, pattern="d MMMM"),
                    last=Day(last, pattern="d MMMM"),
                )
                if contract.effective_from
                else msg("lint.dst-days", days=len(differing))
            )
            detail = msg(
                "lint.dst-observed",
                offsets=Items(tuple(map(_offset, offsets)), "and"),
                when=when,
            )
        else:
            detail = msg("lint.fixed-offset", offset=_offset(offsets[0]))
        yield Draft(
            hours.clause,
            msg(
                "lint.ambiguous-timezone",
                stated=hours.stated_timezone or "",
                offset=_offset(fixed),
                calendar=hours.calendar,
                zone=zone_name,
                detail=detail,
            ),
            f"{hours.clause.where}.stated_timezone",
        )


#: a year to count the length of the gap with, when the contract gives none (only the
#: number of days is said, never this year's dates)
_ANY_YEAR = 2025


def _offsets_by_day(zone_name: str, year: int) -> list[tuple[date, float]]:
    zone = zoneinfo.ZoneInfo(zone_name)
    out = []
    day = date(year, 1, 1)
    while day.year == year:
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC).astimezone(zone)
        delta = noon.utcoffset() or timedelta(0)
        out.append((day, delta.total_seconds() / 3600))
        day += timedelta(days=1)
    return out


def missing_calendars(contract: Contract) -> Iterator[Draft]:
    yield from _clocks(contract)
    for kpi in contract.kpis:
        inherits = _kpi_inherits(contract, kpi.measure, kpi.clock, kpi.classes)
        if kpi.calendar is None and not inherits:
            yield Draft(
                kpi.clause,
                msg("lint.kpi-without-calendar", kpi=kpi.clause.id),
                f"{kpi.clause.where}.calendar",
            )
    for clause in contract.clauses():
        yield from _business_days_without_calendar(contract, clause)


def _clocks(contract: Contract) -> Iterator[Draft]:
    for clock in contract.clocks:
        uncounted = [r for r in clock.targets if clock.calendar_for(r) is None]
        if uncounted or (not clock.targets and clock.calendar is None):
            names = sorted({r.class_id for r in uncounted})
            classes: Param = Items(tuple(names), "comma") if names else msg("lint.every-class")
            yield Draft(
                clock.clause,
                msg("lint.clock-without-calendar", clock=clock.id, classes=classes),
                uncounted[0].where if uncounted else f"{clock.clause.where}.calendar",
            )
        split = [r for r in clock.targets if r.when is not When.ANY]
        if split and clock.service_hours is None:
            yield Draft(
                clock.clause,
                msg("lint.clock-without-service-hours", clock=clock.id),
                f"{clock.clause.where}.service_hours",
            )


def _kpi_inherits(
    contract: Contract, measure: KpiMeasure, clock_id: str | None, classes: tuple[str, ...]
) -> bool:
    if measure is KpiMeasure.CLOCK_MEAN:
        clock = next((c for c in contract.clocks if c.clause.id == clock_id), None)
        if clock is None:
            return False
        rows = [r for r in clock.targets if not classes or r.class_id in classes]
        return all(clock.calendar_for(r) for r in rows) if rows else clock.calendar is not None
    return False


def _business_days_without_calendar(contract: Contract, clause: object) -> Iterator[Draft]:
    info: ClauseInfo = clause.clause  # type: ignore[attr-defined]
    inherited = getattr(clause, "calendar", None)
    if (
        isinstance(clause, Kpi)
        and inherited is None
        and _kpi_inherits(contract, clause.measure, clause.clock, clause.classes)
    ):
        inherited = "(the clock's)"
    yield from _durations(info, clause, info.where, inherited)


def _durations(info: ClauseInfo, obj: object, path: str, calendar: str | None) -> Iterator[Draft]:
    own = getattr(obj, "calendar", None)
    calendar = own if isinstance(own, str) else calendar
    for owner, name, here, value in walk(obj, path):
        if owner is not obj:
            continue
        if isinstance(value, Duration) and value.is_business and calendar is None:
            yield Draft(
                info,
                msg(
                    "lint.business-days-without-calendar",
                    duration=str(value),
                    name=name.replace("_", " "),
                    field=name,
                ),
                here,
            )
        children = value if isinstance(value, tuple) else (value,)
        for index, child in enumerate(children):
            if is_dataclass(child) and not isinstance(child, type):
                where = getattr(child, "where", "") or (
                    f"{here}[{index}]" if isinstance(value, tuple) else here
                )
                yield from _durations(info, child, where, calendar)
