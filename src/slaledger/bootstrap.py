"""The one place where adapters are chosen and wired to the core."""

from __future__ import annotations

import os
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache

from slaledger.adapters.files.calendar_ref import load_calendar_ref
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.calendar.holidays import HolidayProvider
from slaledger.domain.contract.contract import Contract
from slaledger.domain.coverage import DEFAULT_MIN_COVERAGE
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


def named_calendars(contract: Contract) -> dict[str, BusinessCalendar]:
    """Every calendar the contract names, built now (the obligations schedule's)."""
    provider = holiday_provider()
    return {name: BusinessCalendar(spec, provider) for name, spec in contract.calendars.items()}


#: the share of a period its measurements must observe for a verdict, in percent
MIN_COVERAGE_VARIABLE = "SLALEDGER_MIN_COVERAGE"


def min_coverage() -> Fraction:
    """``SLALEDGER_MIN_COVERAGE`` (percent, 0-100; default 90) as a share."""
    text = os.environ.get(MIN_COVERAGE_VARIABLE, "").strip()
    if not text:
        return DEFAULT_MIN_COVERAGE
    try:
        value = Fraction(Decimal(text)) / 100
    except (InvalidOperation, ValueError):
        value = Fraction(-1)
    if not 0 <= value <= 1:
        raise InputError(
            [Problem(MIN_COVERAGE_VARIABLE, "", "a percentage from 0 to 100", describe(text))]
        )
    return value
