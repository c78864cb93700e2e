"""Deadlines that fall on a weekend or a public holiday: they do not move.

Decision (see docs/obligations.md): a contractual deadline keeps the date the contract
gives, whatever day of the week it is. Article 642 of the French Code of civil procedure
extends *procedural* deadlines to the next working day, but nothing in the seed contracts
extends their own deadlines, and moving a notice deadline later would make a notice sent
on the moved date too short. So the deadline stays, and the item carries ``act_by``: the
last working day on or before it, the practical date to send a registered letter.

A working day is Monday to Friday, and not a public holiday: the holidays are those of
the deadline's calendar when it has some, else those of the contract's first calendar
with holidays (PREVISOFT's and IMRI's: France), else none.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.obligations.dates import end_of_day, start_of_day

_SATURDAY = 5


def is_working_day(day: date, calendar: BusinessCalendar | None = None) -> bool:
    if day.weekday() >= _SATURDAY:
        return False
    if calendar is None or calendar.spec.holidays is None:
        return True
    zone: ZoneInfo = calendar.zone
    return calendar.seconds_between(start_of_day(day, zone), end_of_day(day, zone)) > 0


def act_by(day: date, calendar: BusinessCalendar | None = None) -> date | None:
    """The last working day before ``day`` when ``day`` is not one; None when it is."""
    if is_working_day(day, calendar):
        return None
    earlier = day - timedelta(days=1)
    while not is_working_day(earlier, calendar):
        earlier -= timedelta(days=1)
    return earlier
