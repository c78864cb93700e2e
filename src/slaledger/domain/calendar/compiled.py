"""A calendar compiled into sorted open intervals over a horizon of whole years.

Everything here is epoch seconds (int64, UTC). Two views are kept:
- ``starts``/``ends``: the open time as disjoint, merged intervals, with ``cum`` the
  open seconds before each interval — the only thing business-time arithmetic needs;
- ``piece_*``: the shifts before merging, each with the local date it belongs to, for
  business-day arithmetic (a business day is a local date on which a shift starts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.calendar.bucket_search import BucketSearch
from slaledger.domain.calendar.spec import DAY, CalendarSpec, HolidayRule, Shift
from slaledger.domain.calendar.zone import ZoneTable

I64 = NDArray[np.int64]
#: Start and end of the empty interval placed before all others.
SENTINEL = -(2**62)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def day_number(day: date) -> int:
    """Days since 1970-01-01 (1970-01-01 is 0, a Thursday)."""
    return day.toordinal() - _EPOCH_ORDINAL


def weekday_of(day_numbers: I64) -> I64:
    """Monday = 0 ... Sunday = 6."""
    result: I64 = (day_numbers + 3) % 7
    return result


@dataclass(frozen=True)
class CompiledCalendar:  # cached_property needs a __dict__: no slots
    first_year: int
    last_year: int
    lo: int  # first instant described: local 1 January first_year 00:00
    hi: int  # first instant not described: local 1 January last_year+1 00:00
    starts: I64  # merged open intervals, after a zero-length sentinel at index 0
    ends: I64
    cum: I64  # open seconds before starts[i], counted from the first interval
    piece_start: I64
    piece_end: I64
    piece_day: I64  # local day number of the date the shift belongs to
    business_days: I64  # sorted unique piece_day
    day_first_piece: I64  # index of the first piece of each business day
    day_last_piece: I64

    @cached_property
    def cum_end(self) -> I64:
        """Open seconds up to the end of each interval."""
        result: I64 = self.cum + (self.ends - self.starts)
        return result

    @cached_property
    def interval_at(self) -> BucketSearch:
        """Index of the last interval starting at or before an instant of the horizon."""
        return BucketSearch(self.starts, self.lo - 3 * DAY, self.hi + 3 * DAY, "right")

    @cached_property
    def first_reaching(self) -> BucketSearch:
        """Index of the first interval whose cumulative end reaches an open-time amount."""
        return BucketSearch(self.cum_end, 0, self.total, "left")

    @cached_property
    def last_starting_by(self) -> BucketSearch:
        """Index after the last interval whose cumulative start is within an amount."""
        return BucketSearch(self.cum, 0, self.total, "right")

    @property
    def total(self) -> int:
        """Open seconds in the whole horizon."""
        return int(self.cum[-1] + self.ends[-1] - self.starts[-1])


def compile_calendar(
    spec: CalendarSpec,
    zone: ZoneTable,
    closed_holidays: Iterable[date],
    first_year: int,
    last_year: int,
) -> CompiledCalendar:
    """Open intervals of ``spec`` over local years ``first_year``..``last_year``.

    ``closed_holidays`` are the public holidays of the years ``first_year - 1`` to
    ``last_year`` (shifts of the last days of the year before may reach into the horizon).
    """
    first_day = day_number(date(first_year, 1, 1)) - 2
    last_day = day_number(date(last_year, 12, 31))
    closed = (set(closed_holidays) | set(spec.closed_dates)) - set(spec.open_dates)
    closed_numbers = {day_number(d) for d in closed} - {day_number(d) for d in spec.special_days}
    special = {day_number(d): shifts for d, shifts in spec.special_days.items()}

    days: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for number in range(first_day, last_day + 1):
        shifts: tuple[Shift, ...]
        if number in special:
            shifts = special[number]
        elif number in closed_numbers and spec.holiday_rule is HolidayRule.SHIFT_START:
            continue
        else:
            shifts = spec.weekly[(number + 3) % 7]
        for shift in shifts:
            days.append(number)
            starts.append(number * DAY + shift.start)
            ends.append(number * DAY + shift.end)

    piece_day = np.asarray(days, dtype=np.int64)
    piece_start = zone.to_utc(np.asarray(starts, dtype=np.int64))
    piece_end = zone.to_utc(np.asarray(ends, dtype=np.int64))
    if spec.holiday_rule is HolidayRule.LOCAL_DAY and closed_numbers:
        cut = np.asarray(sorted(closed_numbers), dtype=np.int64)
        piece_start, piece_end, piece_day = _subtract_days(
            piece_start, piece_end, piece_day, zone.to_utc(cut * DAY), zone.to_utc((cut + 1) * DAY)
        )
    piece_start, piece_end, piece_day = _clean_pieces(piece_start, piece_end, piece_day)

    lo = int(zone.to_utc(np.asarray([day_number(date(first_year, 1, 1)) * DAY]))[0])
    hi = int(zone.to_utc(np.asarray([day_number(date(last_year + 1, 1, 1)) * DAY]))[0])
    starts_m, ends_m = _merge(piece_start, piece_end)
    # A zero-length sentinel interval first, so that every instant has an interval at
    # or before it and the query paths need no bounds checks.
    starts_m = np.concatenate(([SENTINEL], starts_m)).astype(np.int64)
    ends_m = np.concatenate(([SENTINEL], ends_m)).astype(np.int64)
    lengths = ends_m - starts_m
    cum = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)

    business_days, first_piece = np.unique(piece_day, return_index=True)
    last_piece = np.concatenate((first_piece[1:] - 1, [len(piece_day) - 1])).astype(np.int64)
    return CompiledCalendar(
        first_year=first_year,
        last_year=last_year,
        lo=lo,
        hi=hi,
        starts=starts_m,
        ends=ends_m,
        cum=cum,
        piece_start=piece_start,
        piece_end=piece_end,
        piece_day=piece_day,
        business_days=business_days.astype(np.int64),
        day_first_piece=first_piece.astype(np.int64),
        day_last_piece=last_piece,
    )


def _subtract_days(
    start: I64, end: I64, day: I64, cut_start: I64, cut_end: I64
) -> tuple[I64, I64, I64]:
    """Remove [cut_start, cut_end) ranges (sorted, disjoint) from every piece."""
    out_s: list[int] = []
    out_e: list[int] = []
    out_d: list[int] = []
    for s, e, d in zip(start.tolist(), end.tolist(), day.tolist(), strict=True):
        first = int(np.searchsorted(cut_end, s, side="right"))
        cursor = s
        for index in range(first, len(cut_start)):
            c0, c1 = int(cut_start[index]), int(cut_end[index])
            if c0 >= e:
                break
            if c0 > cursor:
                out_s.append(cursor)
                out_e.append(c0)
                out_d.append(d)
            cursor = max(cursor, c1)
        if cursor < e:
            out_s.append(cursor)
            out_e.append(e)
            out_d.append(d)
    return (
        np.asarray(out_s, dtype=np.int64),
        np.asarray(out_e, dtype=np.int64),
        np.asarray(out_d, dtype=np.int64),
    )


def _clean_pieces(start: I64, end: I64, day: I64) -> tuple[I64, I64, I64]:
    """Sort pieces, drop empty ones, and clip a piece that overlaps the one before.

    Overlaps only arise between an overnight shift and a special day's early shift, or
    from a DST gap swallowing a short shift; the union of open time is unchanged.
    """
    order = np.argsort(start, kind="stable")
    start, end, day = start[order], end[order], day[order]
    if len(start):
        reach = np.maximum.accumulate(end)
        start = np.maximum(start, np.concatenate(([start[0]], reach[:-1])))
    keep = end > start
    return start[keep], end[keep], day[keep]


def _merge(start: I64, end: I64) -> tuple[I64, I64]:
    """Union of sorted, non-overlapping pieces: touching pieces become one interval."""
    if len(start) == 0:
        return start, end
    new_run = np.concatenate(([True], start[1:] > end[:-1]))
    run_start = start[new_run]
    run_index = np.cumsum(new_run) - 1
    # start from the smallest int64, not 0: instants before 1970 are negative
    run_end = np.full(len(run_start), np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(run_end, run_index, end)
    return run_start, run_end
