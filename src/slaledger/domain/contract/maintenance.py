"""Maintenance kinds and their rules: notice, allowed slots, caps, recurring windows.

A recurring window is an RFC 5545 RRULE for the anchor day, an offset from it ("the
Sunday after the second Tuesday" is ``FREQ=MONTHLY;BYDAY=+2TU`` plus 5 days), a local
start time and a maximum length.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from slaledger.domain.contract.availability import OutageCategory
from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.parties import Obligation
from slaledger.domain.contract.ranges import Range
from slaledger.domain.contract.values import Blank, Duration


class MaintenanceType(enum.Enum):
    URGENT_SECURITY_UPDATE = "urgent-security-update"
    PREVENTIVE = "preventive"
    EVOLUTIVE = "evolutive"
    CORRECTIVE = "corrective"
    EXCEPTIONAL = "exceptional"
    RECURRING = "recurring"
    CUSTOMER_INITIATED = "customer-initiated"
    SCHEDULED = "scheduled"


class CapPeriod(enum.Enum):
    """The period a maintenance cap (``annual_cap``) is counted over.

    Calendar periods start on 1 January, 1 April, 1 July and 1 October (quarters) or on
    the first of each month, at local midnight; contract periods start on the service
    opening date and its anniversaries (a quarter every three months from it).
    """

    CALENDAR_YEAR = "calendar-year"
    CONTRACT_YEAR = "contract-year"
    QUARTER = "quarter"
    CONTRACT_QUARTER = "contract-quarter"
    CALENDAR_MONTH = "calendar-month"

    @property
    def months(self) -> int:
        """How many months one period lasts."""
        if self in (CapPeriod.CALENDAR_YEAR, CapPeriod.CONTRACT_YEAR):
            return 12
        return 1 if self is CapPeriod.CALENDAR_MONTH else 3

    @property
    def from_opening(self) -> bool:
        """Counted from the service opening date (and its anniversaries)."""
        return self in (CapPeriod.CONTRACT_YEAR, CapPeriod.CONTRACT_QUARTER)


@dataclass(frozen=True)
class RecurringWindow:
    rrule: str
    start: int  # seconds after local midnight
    max_duration: Duration
    offset: Duration | None = None
    movable_on_request: bool = False


@dataclass(frozen=True)
class Maintenance:
    """One kind of maintenance and what the contract asks of it.

    ``impact`` classifies windows by the unavailability they cause, counted in
    ``impact_calendar`` (evolutive maintenance of high impact: 2 h or more in business
    days). ``allowed_slots`` names a calendar whose open time is where windows may fall.
    ``annual_cap`` is the most maintenance of this kind one ``cap_period`` allows (a
    calendar year when None, as the name says).
    """

    clause: ClauseInfo
    name: str
    type: MaintenanceType
    calendar: str | None = None
    minimum_notice: Duration | Blank | None = None
    notice_required: bool = False
    notice_channel: str | None = None
    impact: Range | None = None
    impact_calendar: str | None = None
    allowed_slots: str | None = None
    annual_cap: Duration | None = None
    cap_period: CapPeriod | None = None
    customer_agreement: bool = False
    daytime_on_customer_request: bool = False
    recurring: RecurringWindow | None = None
    counts_as: OutageCategory = OutageCategory.PLANNED_MAINTENANCE
    obligation: Obligation = Obligation.RESULT


_RRULE_KEYS = {
    "FREQ": r"SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY",
    "INTERVAL": r"\d+",
    "COUNT": r"\d+",
    "UNTIL": r"\d{8}(T\d{6}Z?)?",
    "BYDAY": r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)(,([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU))*",
    "BYMONTHDAY": r"[+-]?\d{1,2}(,[+-]?\d{1,2})*",
    "BYMONTH": r"\d{1,2}(,\d{1,2})*",
    "BYSETPOS": r"[+-]?\d{1,3}(,[+-]?\d{1,3})*",
    "BYHOUR": r"\d{1,2}(,\d{1,2})*",
    "BYMINUTE": r"\d{1,2}(,\d{1,2})*",
    "WKST": r"MO|TU|WE|TH|FR|SA|SU",
}


def parse_rrule(text: str) -> dict[str, str]:
    """The parts of an RRULE such as ``FREQ=MONTHLY;BYDAY=+2TU``; raises ValueError."""
    parts: dict[str, str] = {}
    for item in text.strip().removeprefix("RRULE:").split(";"):
        key, sep, value = item.partition("=")
        key = key.strip().upper()
        if not sep or key not in _RRULE_KEYS:
            raise ValueError(f"RRULE parts KEY=VALUE with keys {', '.join(_RRULE_KEYS)}")
        if key in parts:
            raise ValueError(f"each RRULE part once ({key} twice)")
        if not re.fullmatch(_RRULE_KEYS[key], value.strip()):
            raise ValueError(f"a valid {key} value, not '{value}'")
        parts[key] = value.strip()
    if "FREQ" not in parts:
        raise ValueError("an RRULE with FREQ")
    return parts
