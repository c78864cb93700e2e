"""Where public holidays come from: a small interface, so the core does no I/O."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from slaledger.domain.calendar.spec import HolidaySource


class HolidayDataMissingError(LookupError):
    """Asked for holidays of years the holiday data does not cover."""


class HolidayProvider(Protocol):
    def years(self, source: HolidaySource) -> tuple[int, int]:
        """First and last year for which the holidays of ``source`` are known."""
        ...

    def holidays(self, source: HolidaySource, first_year: int, last_year: int) -> frozenset[date]:
        """Public holidays of ``source`` in the years ``first_year``..``last_year``."""
        ...


class FixedHolidays:
    """An in-memory provider: given dates, known for a given range of years."""

    def __init__(self, dates: dict[HolidaySource, set[date]], first_year: int, last_year: int):
        self._dates = dates
        self._range = (first_year, last_year)

    def years(self, source: HolidaySource) -> tuple[int, int]:
        return self._range

    def holidays(self, source: HolidaySource, first_year: int, last_year: int) -> frozenset[date]:
        lo, hi = self._range
        if first_year < lo or last_year > hi:
            raise HolidayDataMissingError(
                f"holidays of {source.country} are known for {lo}-{hi}, "
                f"not {first_year}-{last_year}"
            )
        return frozenset(
            d for d in self._dates.get(source, set()) if first_year <= d.year <= last_year
        )
