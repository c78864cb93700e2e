"""The one place where adapters are chosen and wired to the core."""

from __future__ import annotations

import os
import threading
import weakref
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
from slaledger.domain.message import msg
from slaledger.services.incidents import CalendarFor, calendar_cache


@cache
def holiday_provider() -> HolidayProvider:
    return HolidaysPackage()


def open_calendar(ref: str) -> BusinessCalendar:
    """The calendar ``FILE#NAME``, ready for queries."""
    return BusinessCalendar(load_calendar_ref(ref), holiday_provider())


_CALENDARS: dict[int, CalendarFor] = {}
_CALENDARS_LOCK = threading.Lock()


def contract_calendars(contract: Contract) -> CalendarFor:
    """Queryable calendars of a contract, built on first use and kept with the parsed
    terms: the same terms object gets the same calendars (their compiled years and zone
    tables included) for as long as it lives, so a page asking several times, or the
    next request on cached terms, builds nothing again."""
    key = id(contract)
    with _CALENDARS_LOCK:
        found = _CALENDARS.get(key)
    if found is not None:
        return found
    made = calendar_cache(contract, lambda spec: BusinessCalendar(spec, holiday_provider()))
    with _CALENDARS_LOCK:
        found = _CALENDARS.setdefault(key, made)
        if found is made:
            weakref.finalize(contract, _CALENDARS.pop, key, None)
    return found


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
            [Problem(MIN_COVERAGE_VARIABLE, "", msg("input.cli.coverage-percent"), describe(text))]
        )
    return value
