"""The one place where adapters are chosen and wired to the core."""

from __future__ import annotations

from functools import cache

from slaledger.adapters.files.calendar_ref import load_calendar_ref
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.calendar.holidays import HolidayProvider
from slaledger.domain.contract.contract import Contract
from slaledger.services.incidents import CalendarFor, calendar_cache


@cache
def holiday_provider() -> HolidayProvider:
    return HolidaysPackage()


def open_calendar(ref: str) -> BusinessCalendar:
    """The calendar ``FILE#NAME``, ready for queries."""
    return BusinessCalendar(load_calendar_ref(ref), holiday_provider())


def contract_calendars(contract: Contract) -> CalendarFor:
    """Queryable calendars of a contract, built on first use."""
    return calendar_cache(contract, lambda spec: BusinessCalendar(spec, holiday_provider()))
