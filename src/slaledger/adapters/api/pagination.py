"""Pages of list endpoints (``limit``/``offset``, the total and the next page's link) and
period filters (``from``/``to`` days, or a ``month``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Generic, TypeVar
from zoneinfo import ZoneInfo

from fastapi import Query, Request
from pydantic import BaseModel

from slaledger.adapters.api.problems import invalid
from slaledger.domain.message import Message, msg
from slaledger.domain.periods import Month

T = TypeVar("T")
#: the days a period filter may name (outside them, instants overflow)
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


def day_range() -> Message:
    """What a day of a query must be: "a day from 1900-01-01 to 2199-12-31"."""
    return msg("problem.expected.day-range", first=str(FIRST_DAY), last=str(LAST_DAY))


#: the largest page anyone may ask for (settings may lower the default page)
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
    next: str | None = None


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int

    def page(self, request: Request, items: Sequence[T], total: int) -> Page[T]:
        """A page of ``items`` (already sliced) and the link to the next one, if any."""
        following = self.offset + self.limit
        link = None
        if following < total:
            link = str(request.url.include_query_params(limit=self.limit, offset=following))
        return Page[T](
            items=list(items), total=total, limit=self.limit, offset=self.offset, next=link
        )

    def slice(self, items: Sequence[T]) -> list[T]:
        return list(items[self.offset : self.offset + self.limit])


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9, description="items to skip")] = 0,
) -> Paging:
    return Paging(limit=limit, offset=offset)


@dataclass(frozen=True)
class PeriodFilter:
    """Days ``first`` to ``last`` included, local to the contract (None: unbounded)."""

    first: date | None
    last: date | None

    def bounds(self, zone: str) -> tuple[datetime | None, datetime | None]:
        """UTC instants: local 00:00 on ``first``, local 00:00 after ``last``."""
        tz = ZoneInfo(zone)
        start = (
            datetime.combine(self.first, time(), tzinfo=tz).astimezone(UTC) if self.first else None
        )
        end = (
            datetime.combine(self.last + timedelta(days=1), time(), tzinfo=tz).astimezone(UTC)
            if self.last
            else None
        )
        return start, end

    def contains(self, instant: datetime | None, zone: str) -> bool:
        if instant is None:
            return self.first is None and self.last is None
        start, end = self.bounds(zone)
        return (start is None or instant >= start) and (end is None or instant < end)


def period_filter(
    first: Annotated[
        date | None, Query(alias="from", description="first day YYYY-MM-DD, included")
    ] = None,
    last: Annotated[
        date | None, Query(alias="to", description="last day YYYY-MM-DD, included")
    ] = None,
    month: Annotated[
        str | None,
        Query(
            pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="a month YYYY-MM (instead of from/to)"
        ),
    ] = None,
) -> PeriodFilter:
    if month is not None:
        if first is not None or last is not None:
            raise invalid("month", msg("problem.expected.month-or-range"), month)
        parsed = Month.parse(month)
        start = date(parsed.year, parsed.month, 1)
        following = parsed.shift(1)
        return PeriodFilter(start, date(following.year, following.month, 1) - timedelta(days=1))
    for name, day in (("from", first), ("to", last)):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise invalid(name, day_range(), day.isoformat())
    if first is not None and last is not None and last < first:
        raise invalid(
            "to", msg("problem.expected.day-from", day=first.isoformat()), last.isoformat()
        )
    return PeriodFilter(first, last)
