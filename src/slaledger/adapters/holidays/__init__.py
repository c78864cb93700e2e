"""Public holidays from the ``holidays`` package (vacanza/holidays)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

from slaledger.domain.calendar.holidays import HolidayDataMissingError
from slaledger.domain.calendar.spec import HolidaySource


class HolidaysPackage:
    """HolidayProvider backed by the pinned ``holidays`` package."""

    def years(self, source: HolidaySource) -> tuple[int, int]:
        table = _table(source.country, source.subdivision)
        return int(table.start_year), int(table.end_year)

    def holidays(self, source: HolidaySource, first_year: int, last_year: int) -> frozenset[date]:
        lo, hi = self.years(source)
        if first_year < lo or last_year > hi:
            raise HolidayDataMissingError(
                f"the holidays package knows {source.country} holidays for {lo}-{hi}; "
                f"{first_year}-{last_year} was asked"
            )
        return _dates(source.country, source.subdivision, first_year, last_year)


@lru_cache(maxsize=64)
def _table(country: str, subdivision: str | None) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision)


@lru_cache(maxsize=256)
def _dates(
    country: str, subdivision: str | None, first_year: int, last_year: int
) -> frozenset[date]:
    table = holidays.country_holidays(
        country, subdiv=subdivision, years=range(first_year, last_year + 1)
    )
    return frozenset(table.keys())
