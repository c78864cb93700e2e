"""SLA Ledger: IT service contracts as executable, auditable commitments."""

from slaledger.domain.calendar.engine import BusinessCalendar, CalendarError, CalendarRangeError
from slaledger.domain.calendar.spec import CalendarSpec, HolidayRule, HolidaySource, Shift

__all__ = [
    "BusinessCalendar",
    "CalendarError",
    "CalendarRangeError",
    "CalendarSpec",
    "HolidayRule",
    "HolidaySource",
    "Shift",
]
