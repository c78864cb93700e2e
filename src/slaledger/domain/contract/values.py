"""Small values that contract clauses are made of: blanks, durations, month-days, money.

Durations have one written syntax, shared by every field of a contract file::

    30min   4h   2.5h   7 days   1 month   12 months   1 year   2 business days   immediately

Hours, minutes and seconds count the *open time* of the calendar the figure is measured
in (a 24/7 calendar makes them elapsed time). Days, weeks, months and years are civil
periods in that calendar's time zone. Business days count the calendar's open days.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation


class Blank(enum.Enum):
    """A value the contract text leaves empty, such as a blank table cell.

    Distinct from ``None``, which means "the contract commits to nothing here".
    """

    BLANK = "blank"

    def __repr__(self) -> str:
        return "BLANK"


BLANK = Blank.BLANK


class TimeUnit(enum.Enum):
    SECOND = "s"
    MINUTE = "min"
    HOUR = "h"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    BUSINESS_DAY = "business day"


_FIXED_SECONDS = {TimeUnit.SECOND: 1, TimeUnit.MINUTE: 60, TimeUnit.HOUR: 3600}
#: lengths used only to order durations of different units (never for deadlines)
_NOMINAL_SECONDS = {
    **_FIXED_SECONDS,
    TimeUnit.DAY: 86_400,
    TimeUnit.BUSINESS_DAY: 86_400,
    TimeUnit.WEEK: 7 * 86_400,
    TimeUnit.MONTH: 30 * 86_400,
    TimeUnit.YEAR: 365 * 86_400,
}

_UNIT_WORDS = {
    "s": TimeUnit.SECOND,
    "sec": TimeUnit.SECOND,
    "second": TimeUnit.SECOND,
    "seconds": TimeUnit.SECOND,
    "min": TimeUnit.MINUTE,
    "minute": TimeUnit.MINUTE,
    "minutes": TimeUnit.MINUTE,
    "h": TimeUnit.HOUR,
    "hour": TimeUnit.HOUR,
    "hours": TimeUnit.HOUR,
    "d": TimeUnit.DAY,
    "day": TimeUnit.DAY,
    "days": TimeUnit.DAY,
    "week": TimeUnit.WEEK,
    "weeks": TimeUnit.WEEK,
    "month": TimeUnit.MONTH,
    "months": TimeUnit.MONTH,
    "year": TimeUnit.YEAR,
    "years": TimeUnit.YEAR,
}

_DURATION = re.compile(r"^(?P<amount>\d+(?:\.\d+)?)\s*(?P<business>business\s+)?(?P<unit>[a-z]+)$")

#: a regular expression for editors (JSON Schema ``pattern``)
DURATION_PATTERN = (
    r"^(immediately|\d+(\.\d+)?\s*(s|sec|seconds?|min|minutes?|h|hours?|d|days?|weeks?"
    r"|months?|years?)|\d+(\.\d+)?\s+business\s+days?)$"
)

DURATION_HELP = "a duration such as 30min, 4h, 7 days, 1 month, 2 business days or immediately"


@dataclass(frozen=True)
class Duration:
    """An amount of time in one unit, as the contract states it."""

    amount: Decimal
    unit: TimeUnit
    text: str = field(default="", compare=False)

    def __str__(self) -> str:
        if self.text:
            return self.text
        amount = _plain(self.amount)
        if self.unit in _FIXED_SECONDS:
            return f"{amount}{self.unit.value}"
        plural = "" if self.amount == 1 else "s"
        return f"{amount} {self.unit.value}{plural}"

    @property
    def is_business(self) -> bool:
        """True for business days, which need a calendar's open days."""
        return self.unit is TimeUnit.BUSINESS_DAY

    @property
    def fixed_seconds(self) -> Decimal | None:
        """Seconds of counted time for s/min/h; None for civil and business units."""
        factor = _FIXED_SECONDS.get(self.unit)
        return None if factor is None else self.amount * factor

    @property
    def nominal_seconds(self) -> Decimal:
        """An approximate length (a month is 30 days), only to order durations."""
        return self.amount * _NOMINAL_SECONDS[self.unit]


def parse_duration(text: str) -> Duration:
    """Read the duration syntax; raises ValueError with what was wrong."""
    cleaned = " ".join(str(text).strip().lower().split())
    if cleaned == "immediately":
        return Duration(Decimal(0), TimeUnit.SECOND, text="immediately")
    match = _DURATION.match(cleaned)
    if not match:
        raise ValueError(DURATION_HELP)
    unit = _UNIT_WORDS.get(match["unit"])
    if unit is None:
        raise ValueError(
            f"a known unit (s, min, h, days, weeks, months, years), not '{match['unit']}'"
        )
    if match["business"]:
        if unit is not TimeUnit.DAY:
            raise ValueError(
                "'business' only before days: hours count in the calendar the figure is "
                "measured in, so write '4h' with a business-hours calendar"
            )
        unit = TimeUnit.BUSINESS_DAY
    return Duration(Decimal(match["amount"]), unit, text=cleaned)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True, order=True)
class MonthDay:
    """A day of the year without a year, such as 30 September (``09-30``)."""

    month: int
    day: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1 <= self.day <= _DAYS_IN_MONTH[self.month - 1]:
            raise ValueError(f"no such day of the year: {self.month:02d}-{self.day:02d}")

    @property
    def ordinal(self) -> int:
        """1 for 1 January ... 366 for 31 December (29 February counted)."""
        return sum(_DAYS_IN_MONTH[: self.month - 1]) + self.day

    @classmethod
    def from_ordinal(cls, ordinal: int) -> MonthDay:
        for index, length in enumerate(_DAYS_IN_MONTH):
            if ordinal <= length:
                return cls(index + 1, ordinal)
            ordinal -= length
        raise ValueError("ordinal beyond 31 December")

    def __str__(self) -> str:
        return f"{self.day} {_MONTHS[self.month - 1]}"


def parse_month_day(text: str) -> MonthDay:
    """'09-30' -> MonthDay(9, 30); raises ValueError."""
    match = re.fullmatch(r"(\d{2})-(\d{2})", str(text).strip())
    if not match:
        raise ValueError("a day of the year written MM-DD, e.g. '09-30'")
    return MonthDay(int(match[1]), int(match[2]))


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{_plain(self.amount)} {self.currency}"


def parse_time_of_day(text: str) -> int:
    """'04:00' -> 14400 seconds after local midnight; raises ValueError."""
    match = re.fullmatch(r"(\d{2}):(\d{2})", str(text).strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError("a time of day 'HH:MM' between 00:00 and 23:59")
    return int(match[1]) * 3600 + int(match[2]) * 60


def as_decimal(value: object) -> Decimal:
    """A Decimal from an int, float (through its shortest repr) or numeric string."""
    if isinstance(value, bool):
        raise ValueError("a number, not a boolean")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"a number, not {value!r}") from None


def _plain(value: Decimal) -> str:
    return format(value, "f")


def plain_number(value: Decimal) -> str:
    """A number as written, without exponent: 99.90 -> '99.90', 1E+2 -> '100'."""
    return _plain(value)
