"""Deadline arithmetic: an instant plus or minus a contract duration, in the right calendar.

Rules (stated once, tested in ``tests/unit/domain/obligations/test_dates.py``):

- Hours, minutes and seconds count the open time of the deadline's calendar (a 24/7
  calendar, or no calendar, makes them elapsed time).
- Days and weeks are civil: the same local wall time N days later in the zone, so
  "2 days" across a DST change is 47 or 49 real hours.
- Months and years keep the day of the month, or take the month's last day when it has
  no such day (31 January + 1 month = 29 February 2024), as article 641 of the French
  Code of civil procedure reads "à défaut d'un quantième identique".
- Business days need a calendar: the same wall time on the N-th next business day.
- Civil amounts must be whole numbers: "1.5 months" has no civil meaning.
- Wall times that a DST change skips move forward by the gap (as everywhere else).
- A date without a time (an event known to the day) counts as that day: "30 days after
  2 April" ends with 2 May (the day of the event does not count, the deadline ends at
  the end of its last day).
"""

from __future__ import annotations

import calendar as _cal
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.values import Duration, TimeUnit
from slaledger.domain.message import Message, msg

_CIVIL = (TimeUnit.DAY, TimeUnit.WEEK, TimeUnit.MONTH, TimeUnit.YEAR)


class DeadlineError(ValueError):
    """A duration that cannot be applied the way it is written; ``message`` says why
    (``str(exc)`` is its id: the domain renders no language)."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.id)


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """Local 00:00 of ``day`` (a day that starts in a DST gap starts when the gap ends)."""
    return _normalised(datetime.combine(day, time(0), tzinfo=zone), zone)


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The instant ``day`` ends: local 00:00 of the next day."""
    return start_of_day(day + timedelta(days=1), zone)


def is_midnight(at: datetime, zone: ZoneInfo) -> bool:
    local = at.astimezone(zone)
    return local.time() == time(0)


def last_day(at: datetime, zone: ZoneInfo) -> date:
    """The last whole day before a deadline: the previous day when it falls at 00:00."""
    local = at.astimezone(zone)
    if local.time() == time(0):
        return local.date() - timedelta(days=1)
    return local.date()


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` months; the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def add_civil_to_date(day: date, duration: Duration, sign: int = 1) -> date:
    """A date plus (or minus) a whole number of days, weeks, months or years."""
    amount = _whole(duration) * sign
    if duration.unit is TimeUnit.DAY:
        return day + timedelta(days=amount)
    if duration.unit is TimeUnit.WEEK:
        return day + timedelta(weeks=amount)
    if duration.unit is TimeUnit.MONTH:
        return add_months(day, amount)
    if duration.unit is TimeUnit.YEAR:
        return add_months(day, 12 * amount)
    raise DeadlineError(msg("obligation.error.not-civil", duration=str(duration)))


def shift(
    at: datetime,
    duration: Duration,
    *,
    sign: int,
    zone: ZoneInfo,
    calendar: BusinessCalendar | None = None,
) -> datetime:
    """``at`` plus (``sign`` = 1) or minus (-1) ``duration``, as the module docs say."""
    if at.tzinfo is None:
        raise DeadlineError(msg("obligation.error.naive-instant", at=at.isoformat()))
    zone = calendar.zone if calendar is not None else zone
    seconds = duration.fixed_seconds
    if seconds is not None:
        if seconds != seconds.to_integral_value():
            raise DeadlineError(msg("obligation.error.whole-seconds", duration=str(duration)))
        delta = timedelta(seconds=int(seconds) * sign)
        if calendar is None or calendar.spec.is_always_open:
            return (at.astimezone(UTC) + delta).astimezone(zone)
        return calendar.add(at, delta)
    if duration.unit is TimeUnit.BUSINESS_DAY:
        if calendar is None:
            raise DeadlineError(msg("obligation.error.business-days", duration=str(duration)))
        return calendar.add_days(at, _whole(duration) * sign)
    local = at.astimezone(zone)
    moved = add_civil_to_date(local.date(), duration, sign)
    return _normalised(datetime.combine(moved, local.time(), tzinfo=zone), zone)


def is_civil(duration: Duration) -> bool:
    return duration.unit in _CIVIL


def _whole(duration: Duration) -> int:
    amount = duration.amount
    if amount != amount.to_integral_value():
        raise DeadlineError(_not_whole(duration))
    return int(amount)


def _not_whole(duration: Duration) -> Message:
    text = str(duration)
    by_unit = {
        TimeUnit.DAY: msg("obligation.error.whole.day", duration=text),
        TimeUnit.WEEK: msg("obligation.error.whole.week", duration=text),
        TimeUnit.MONTH: msg("obligation.error.whole.month", duration=text),
        TimeUnit.YEAR: msg("obligation.error.whole.year", duration=text),
        TimeUnit.BUSINESS_DAY: msg("obligation.error.whole.business-day", duration=text),
    }
    return by_unit.get(duration.unit, msg("obligation.error.whole", duration=text))


def _normalised(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall time made a real instant. In a DST gap ``fold=0`` takes the offset in force
    before the change, which moves the wall time forward by the gap."""
    return local.astimezone(UTC).astimezone(zone)
