"""Recurring maintenance windows: a contract's RRULE plus an offset, expanded in a range.

IMRI's patch window is "the Sunday after the second Tuesday of each month at 04:00 for
1 hour": the anchor rule ``FREQ=MONTHLY;BYDAY=+2TU`` plus an offset of 5 days, a local
start time and a maximum length. The subset of RFC 5545 expanded here: FREQ DAILY,
WEEKLY, MONTHLY or YEARLY; INTERVAL, COUNT, UNTIL; BYMONTH; BYMONTHDAY; BYDAY (with an
ordinal for MONTHLY, or YEARLY with BYMONTH). Anything else is refused by name, never
ignored. INTERVAL and COUNT count from ``dtstart`` (the contract gives no start of its
own: the first day of the asked range, or the contract's effective date).

For calendar applications the rule plus offset is rewritten as one RRULE when that is
exact: the Sunday after the n-th Tuesday is the Sunday on days 7n-1 .. 7n+5 of the month,
``FREQ=MONTHLY;BYDAY=SU;BYMONTHDAY=13,14,15,16,17,18,19`` for n = 2.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from slaledger.domain.contract.maintenance import RecurringWindow, parse_rrule
from slaledger.domain.contract.values import Duration, TimeUnit
from slaledger.domain.message import Items, Text, msg

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_SUPPORTED = frozenset(
    {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYMONTHDAY", "BYDAY", "WKST"}
)
#: a safety stop: a rule that yields nothing for this many periods yields nothing at all
_EMPTY_PERIODS = 4000


class RecurrenceError(ValueError):
    """A rule outside the supported subset, or an offset that is not whole days;
    ``message`` says which (``str(exc)`` is its id: the domain renders no language)."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message if isinstance(message, str) else message.id)


@dataclass(frozen=True)
class ByDay:
    weekday: int  # 0 = Monday
    ordinal: int | None = None  # +2 = second, -1 = last


@dataclass(frozen=True)
class Rule:
    freq: str
    interval: int = 1
    count: int | None = None
    until: date | None = None
    by_month: tuple[int, ...] = ()
    by_month_day: tuple[int, ...] = ()
    by_day: tuple[ByDay, ...] = ()


def parse_rule(text: str) -> Rule:
    """The supported subset of an RRULE; RecurrenceError names what is not."""
    try:
        parts = parse_rrule(text)
    except ValueError as exc:
        raise RecurrenceError(str(exc)) from None  # the contract file's checks say it first
    unsupported = sorted(set(parts) - _SUPPORTED)
    if unsupported:
        raise RecurrenceError(
            msg("obligation.error.rrule-parts", parts=Items(tuple(unsupported), "comma"))
        )
    freq = parts["FREQ"]
    if freq not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        raise RecurrenceError(msg("obligation.error.rrule-freq", freq=freq))
    by_day = tuple(_by_day(item) for item in _list(parts.get("BYDAY")))
    if any(d.ordinal is not None for d in by_day) and not (
        freq == "MONTHLY" or (freq == "YEARLY" and "BYMONTH" in parts)
    ):
        raise RecurrenceError(msg("obligation.error.rrule-ordinal"))
    until = parts.get("UNTIL")
    return Rule(
        freq=freq,
        interval=int(parts.get("INTERVAL", "1")),
        count=int(parts["COUNT"]) if "COUNT" in parts else None,
        until=date(int(until[:4]), int(until[4:6]), int(until[6:8])) if until else None,
        by_month=tuple(int(m) for m in _list(parts.get("BYMONTH"))),
        by_month_day=tuple(int(d) for d in _list(parts.get("BYMONTHDAY"))),
        by_day=by_day,
    )


def _list(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def _by_day(item: str) -> ByDay:
    weekday = WEEKDAYS.index(item[-2:])
    ordinal = item[:-2]
    return ByDay(weekday, int(ordinal) if ordinal else None)


def anchor_days(rule: Rule, dtstart: date) -> Iterator[date]:
    """The days the rule gives from ``dtstart`` on, in order (COUNT and UNTIL applied)."""
    produced = 0
    empty = 0
    for period in _periods(rule, dtstart):
        days = sorted(d for d in period if d >= dtstart and _month_ok(rule, d))
        empty = 0 if days else empty + 1
        if empty > _EMPTY_PERIODS:
            return
        for day in days:
            if rule.until is not None and day > rule.until:
                return
            yield day
            produced += 1
            if rule.count is not None and produced >= rule.count:
                return


def _month_ok(rule: Rule, day: date) -> bool:
    return not rule.by_month or day.month in rule.by_month


def _periods(rule: Rule, dtstart: date) -> Iterator[list[date]]:
    step = rule.interval
    if rule.freq == "DAILY":
        day = dtstart
        while True:
            yield [day] if _day_filters(rule, day) else []
            day += timedelta(days=step)
    elif rule.freq == "WEEKLY":
        monday = dtstart - timedelta(days=dtstart.weekday())
        weekdays = [d.weekday for d in rule.by_day] or [dtstart.weekday()]
        while True:
            yield [monday + timedelta(days=w) for w in weekdays]
            monday += timedelta(weeks=step)
    elif rule.freq == "MONTHLY":
        year, month = dtstart.year, dtstart.month
        while True:
            yield _month_days(rule, year, month, dtstart)
            year, month = divmod(year * 12 + month - 1 + step, 12)
            month += 1
    else:
        year = dtstart.year
        while True:
            months = rule.by_month or (dtstart.month,)
            yield [d for m in months for d in _month_days(rule, year, m, dtstart)]
            year += step


def _day_filters(rule: Rule, day: date) -> bool:
    if rule.by_month_day and not _matches_month_day(rule.by_month_day, day):
        return False
    return not rule.by_day or day.weekday() in {d.weekday for d in rule.by_day}


def _matches_month_day(month_days: tuple[int, ...], day: date) -> bool:
    length = _cal.monthrange(day.year, day.month)[1]
    return any(d == day.day or (d < 0 and length + 1 + d == day.day) for d in month_days)


def _month_days(rule: Rule, year: int, month: int, dtstart: date) -> list[date]:
    length = _cal.monthrange(year, month)[1]
    every = [date(year, month, d) for d in range(1, length + 1)]
    if rule.by_day:
        chosen: set[date] = set()
        for by in rule.by_day:
            same = [d for d in every if d.weekday() == by.weekday]
            if by.ordinal is None:
                chosen.update(same)
            elif 1 <= abs(by.ordinal) <= len(same):
                chosen.add(same[by.ordinal - 1] if by.ordinal > 0 else same[by.ordinal])
        days = sorted(chosen)
        if rule.by_month_day:
            days = [d for d in days if _matches_month_day(rule.by_month_day, d)]
        return days
    if rule.by_month_day:
        return [d for d in every if _matches_month_day(rule.by_month_day, d)]
    return [date(year, month, dtstart.day)] if dtstart.day <= length else []


def offset_days(offset: Duration | None) -> int:
    if offset is None:
        return 0
    if offset.amount != offset.amount.to_integral_value() or offset.unit not in (
        TimeUnit.DAY,
        TimeUnit.WEEK,
    ):
        raise RecurrenceError(msg("obligation.error.rrule-offset", offset=str(offset)))
    return int(offset.amount) * (7 if offset.unit is TimeUnit.WEEK else 1)


def occurrences(
    window: RecurringWindow,
    *,
    zone: ZoneInfo,
    start: datetime,
    end: datetime,
    dtstart: date | None = None,
) -> list[tuple[datetime, datetime]]:
    """Each (start, end) of the recurring window that starts in [start, end]."""
    rule = parse_rule(window.rrule)
    shift = offset_days(window.offset)
    length = window.max_duration.fixed_seconds
    if length is None:
        raise RecurrenceError(msg("obligation.error.rrule-length", length=str(window.max_duration)))
    first = dtstart or start.astimezone(zone).date()
    anchor_from = first - timedelta(days=shift)
    result: list[tuple[datetime, datetime]] = []
    for anchor in anchor_days(rule, anchor_from):
        day = anchor + timedelta(days=shift)
        wall = datetime.combine(day, time(0)) + timedelta(seconds=window.start)
        # a wall time in a DST gap moves forward by the gap (fold=0 takes the old offset)
        at = wall.replace(tzinfo=zone).astimezone(UTC)
        if at > end:
            break
        if at >= start:
            finish = at + timedelta(seconds=int(length))
            result.append((at.astimezone(zone), finish.astimezone(zone)))
    return result


def ics_rule(text: str, offset: Duration | None) -> str | None:
    """One RRULE giving the same days as ``text`` shifted by ``offset``, or None."""
    rule = parse_rule(text)
    shift = offset_days(offset)
    if shift == 0:
        return text.strip().removeprefix("RRULE:")
    if (
        rule.freq != "MONTHLY"
        or len(rule.by_day) != 1
        or rule.by_month_day
        or rule.until is not None
        or rule.count is not None
    ):
        return None
    by = rule.by_day[0]
    if by.ordinal is None or not 1 <= by.ordinal <= 4 or not 0 < shift < 7:
        return None
    first = 7 * (by.ordinal - 1) + 1 + shift
    last = 7 * by.ordinal + shift
    if last > 28:
        return None
    parts = ["FREQ=MONTHLY"]
    if rule.interval != 1:
        parts.append(f"INTERVAL={rule.interval}")
    if rule.by_month:
        parts.append("BYMONTH=" + ",".join(str(m) for m in rule.by_month))
    parts.append(f"BYDAY={WEEKDAYS[(by.weekday + shift) % 7]}")
    parts.append("BYMONTHDAY=" + ",".join(str(d) for d in range(first, last + 1)))
    return ";".join(parts)
