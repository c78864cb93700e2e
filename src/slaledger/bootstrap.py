"""The one place where adapters are chosen and wired to the core."""

from __future__ import annotations

from functools import cache

from slaledger.adapters.files.calendar_file import load_calendar_ref
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.calendar.holidays import HolidayProvider


@cache
def holiday_provider() -> HolidayProvider:
    return HolidaysPackage()


def open_calendar(ref: str) -> BusinessCalendar:
    """The calendar ``FILE#NAME``, ready for queries."""
    return BusinessCalendar(load_calendar_ref(ref), holiday_provider())
