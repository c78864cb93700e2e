"""Index series (SYNTEC): values by month, with the date each became known if given.

``value_at(day)`` is the index a revision on ``day`` uses:
- when the series gives publication dates: the value of the latest month published on
  or before ``day`` ("the last index known in October", "the last index published on
  the day of the revision");
- otherwise: the value given for the month of ``day`` itself (the user writes, under
  each month, the value known in that month).
A missing value is an error naming the month, never a neighbour's value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from slaledger.domain.message import Message, msg
from slaledger.domain.periods import Month


class MissingIndexError(LookupError):
    """The series has no value a revision needs."""

    def __init__(self, series: str, needed: str, message: Message) -> None:
        self.series = series
        self.needed = needed
        self.message = message  # the same, in a reader's language
        super().__init__(f"the {series} series has no {needed}")


@dataclass(frozen=True)
class IndexPoint:
    period: Month
    value: Decimal
    published: date | None = None


@dataclass(frozen=True)
class IndexSeries:
    name: str
    points: tuple[IndexPoint, ...]

    def __post_init__(self) -> None:
        periods = [p.period for p in self.points]
        if len(set(periods)) != len(periods):
            raise ValueError("an index series gives each month once")
        dated = {p.published is not None for p in self.points}
        if len(dated) > 1:
            raise ValueError("an index series gives publication dates for all months or none")

    @classmethod
    def of(cls, name: str, points: Sequence[IndexPoint]) -> IndexSeries:
        return cls(name, tuple(sorted(points, key=lambda p: p.period)))

    @property
    def has_publication_dates(self) -> bool:
        return bool(self.points) and self.points[0].published is not None

    def value_at(self, day: date) -> IndexPoint:
        if self.has_publication_dates:
            known = [p for p in self.points if p.published is not None and p.published <= day]
            if not known:
                raise MissingIndexError(
                    self.name,
                    f"value published by {day.isoformat()}",
                    msg("fee.index.unpublished", series=self.name, day=day.isoformat()),
                )
            return max(known, key=lambda p: p.period)
        month = Month(day.year, day.month)
        for point in self.points:
            if point.period == month:
                return point
        missing = msg("fee.index.no-value", series=self.name, month=str(month))
        raise MissingIndexError(self.name, f"value for {month}", missing)
