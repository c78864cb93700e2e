"""Ranges of values that select a tier or a bracket: "from 95 % to 99.4 %", "more than 3
and less than 4 years", "before 30 September".

A range is two optional bounds, each inclusive or not, over one kind of quantity. The
kind says how values print and whether they are continuous (percentages, ages) or whole
steps (days of the year).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from slaledger.domain.contract.values import MonthDay, plain_number
from slaledger.domain.message import Day, Message, Number, Param, Percent, msg


class RangeKind(enum.Enum):
    PERCENT = "percent"
    YEARS = "years"
    MONTHS = "months"
    SECONDS = "seconds"
    NUMBER = "number"
    DAY_OF_YEAR = "day-of-year"


@dataclass(frozen=True)
class Bound:
    value: Decimal
    inclusive: bool


@dataclass(frozen=True)
class Range:
    """Values between ``lower`` and ``upper``; a missing bound is unbounded."""

    lower: Bound | None
    upper: Bound | None
    kind: RangeKind = RangeKind.NUMBER

    def __post_init__(self) -> None:
        if self.lower and self.upper:
            low, high = self.lower.value, self.upper.value
            if low > high or (low == high and not (self.lower.inclusive and self.upper.inclusive)):
                raise ValueError(f"an empty range: {self}")

    def contains(self, value: Decimal) -> bool:
        low, high = self.lower, self.upper
        below = low is not None and (
            value < low.value or (value == low.value and not low.inclusive)
        )
        above = high is not None and (
            value > high.value or (value == high.value and not high.inclusive)
        )
        return not (below or above)

    def __str__(self) -> str:
        """Interval notation: '[95 %, 99.4 %]', '(3 years, 4 years)', '[2h, ...)'."""
        left = (
            "(..."
            if self.lower is None
            else (("[" if self.lower.inclusive else "(") + show(self.lower.value, self.kind))
        )
        right = (
            "...)"
            if self.upper is None
            else (show(self.upper.value, self.kind) + ("]" if self.upper.inclusive else ")"))
        )
        return f"{left}, {right}"


def notation(r: Range) -> Message:
    """``str(r)`` as a message: "[95 %, 99.4 %]" in English, "[95 %, 99,4 %]" in French
    (every value rendered the reader's way, ``shown``: "(3 ans, 4 ans)")."""

    return msg(
        "range.notation",
        left="(" if r.lower is None or not r.lower.inclusive else "[",
        low="..." if r.lower is None else shown(r.lower.value, r.kind),
        high="..." if r.upper is None else shown(r.upper.value, r.kind),
        right=")" if r.upper is None or not r.upper.inclusive else "]",
    )


def shown(value: Decimal, kind: RangeKind) -> Param:
    """A value as a message parameter, rendered in the reader's language: '99.4 %',
    '4 years' / '4 ans', '30 September' / '30 septembre', '4h' / '4 h'."""
    if kind is RangeKind.DAY_OF_YEAR:
        day = MonthDay.from_ordinal(int(value))
        return Day(date(2024, day.month, day.day), pattern="d MMMM")
    number = Number(Decimal(plain_number(value)))
    if kind is RangeKind.PERCENT:
        return Percent(Decimal(plain_number(value)))
    if kind is RangeKind.YEARS:
        return msg("value.year", n=number) if value == 1 else msg("value.years", n=number)
    if kind is RangeKind.MONTHS:
        return msg("value.month", n=number) if value == 1 else msg("value.months", n=number)
    if kind is RangeKind.SECONDS:
        if value % 3600 == 0:
            return msg("value.hours-short", n=Number(Decimal(plain_number(value / 3600))))
        if value % 60 == 0:
            return msg("value.minutes-short", n=Number(Decimal(plain_number(value / 60))))
        return msg("value.seconds-short", n=number)
    return number


def show(value: Decimal, kind: RangeKind) -> str:
    """A value as the English notation of identifiers writes it (``str(range)``: the
    ledger, JSON): '99.4 %', '4 years', '30 September'. For a reader: ``shown``."""
    if kind is RangeKind.DAY_OF_YEAR:
        return str(MonthDay.from_ordinal(int(value)))
    number = plain_number(value)
    if kind is RangeKind.PERCENT:
        return f"{number} %"
    if kind is RangeKind.YEARS:
        return f"{number} year" + ("" if value == 1 else "s")
    if kind is RangeKind.MONTHS:
        return f"{number} month" + ("" if value == 1 else "s")
    if kind is RangeKind.SECONDS:
        return _seconds(value)
    return number


def _seconds(value: Decimal) -> str:
    if value % 3600 == 0:
        return f"{plain_number(value / 3600)}h"
    if value % 60 == 0:
        return f"{plain_number(value / 60)}min"
    return f"{plain_number(value)}s"


def day_of_year_range(
    *,
    after: MonthDay | None = None,
    start: MonthDay | None = None,
    before: MonthDay | None = None,
    until: MonthDay | None = None,
) -> Range:
    """A range of days of the year from the words a contract uses."""
    lower = (
        Bound(Decimal(start.ordinal), True)
        if start
        else Bound(Decimal(after.ordinal), False)
        if after
        else None
    )
    upper = (
        Bound(Decimal(until.ordinal), True)
        if until
        else Bound(Decimal(before.ordinal), False)
        if before
        else None
    )
    return Range(lower, upper, RangeKind.DAY_OF_YEAR)
