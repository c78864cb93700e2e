"""Business-time arithmetic on a service-hours calendar, scalar and vectorised.

Semantics (each has tests):
- Open time is half-open: a shift 09:00-18:00 is open at 09:00:00, closed at 18:00:00.
- Business time is real elapsed seconds while open: a 24/7 night with a DST change lasts
  2 or 4 hours, not 3.
- ``add``: the earliest instant at which ``duration`` of open time has elapsed since
  ``start``. A deadline that lands exactly at a closing time *is* that closing instant,
  not the next opening. A zero duration gives ``start`` back. A negative duration goes
  back in time: the latest instant that leaves ``|duration|`` of open time before
  ``start``.
- ``between``: open seconds in [start, end), negative when end < start.
- ``next_opening``: ``at`` itself when open, else the start of the next open interval.
- ``add_days``: from ``start`` (or the next opening, when ``start`` is closed), the same
  local wall time on the N-th next business day (a local date on which a shift starts;
  the business day of an instant is the date its shift started, so Saturday 01:00 in
  Friday's 08:00-02:00 shift belongs to Friday). When that wall time is not open on the
  target day, the result is that day's closing time before it, or its first opening if
  it comes before the day's first shift. N = 0 gives the start (or the next opening);
  a negative N counts business days back.
- Wall times in a DST gap move forward by the gap; in an overlap they mean the first
  occurrence (see ``zone``).
- Instants are int64 epoch seconds (UTC) in the array API and aware datetimes in the
  scalar API; naive datetimes are rejected. Resolution is one second.
- Holidays come from a HolidayProvider; a query outside the years it covers raises
  CalendarRangeError — an unknown holiday is never taken for a working day.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import ArrayLike, NDArray

from slaledger.domain.calendar.compiled import CompiledCalendar, compile_calendar
from slaledger.domain.calendar.holidays import HolidayDataMissingError, HolidayProvider
from slaledger.domain.calendar.spec import DAY, CalendarSpec
from slaledger.domain.calendar.zone import ZoneTable, zone_table

I64 = NDArray[np.int64]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)
#: Years a calendar without holiday data may be queried for.
DEFAULT_YEARS = (1900, 2200)


class CalendarError(ValueError):
    """A calendar cannot answer a query."""


class CalendarRangeError(CalendarError):
    """A query reaches years the holiday data (or the supported range) does not cover."""


class NaiveInstantError(CalendarError):
    """An instant without a time zone."""


def to_epoch(at: datetime) -> int:
    """Epoch seconds of an aware datetime (floored to the second)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise NaiveInstantError(f"an instant with a UTC offset is required, got {at.isoformat()}")
    return (at - _EPOCH) // _SECOND


def as_epoch_array(values: ArrayLike) -> I64:
    """int64 epoch seconds from int arrays or datetime64 arrays (taken as UTC)."""
    array = np.asarray(values)
    if np.issubdtype(array.dtype, np.datetime64):
        return array.astype("datetime64[s]").astype(np.int64)
    if array.dtype == object:
        raise NaiveInstantError("arrays of instants must be int64 epoch seconds or datetime64")
    return array.astype(np.int64)


def _utc_year(epoch: int) -> int:
    return int(np.datetime64(int(epoch), "s").astype("datetime64[Y]").astype(np.int64)) + 1970


class BusinessCalendar:
    """A CalendarSpec made queryable; compiles its horizon on demand and caches it."""

    def __init__(self, spec: CalendarSpec, holidays: HolidayProvider) -> None:
        self.spec = spec
        self.zone = ZoneInfo(spec.timezone)
        self._holidays = holidays
        if spec.holidays is not None:
            self._years = holidays.years(spec.holidays)
        else:
            self._years = DEFAULT_YEARS
        self._compiled: CompiledCalendar | None = None
        self._zone_table: ZoneTable | None = None

    # ----------------------------------------------------------------- horizon
    @property
    def supported_years(self) -> tuple[int, int]:
        """Years this calendar can answer for (one year of margin kept at each end)."""
        return self._years[0] + 1, self._years[1]

    def _compile(self, first_year: int, last_year: int) -> CompiledCalendar:
        """The cached horizon, grown to cover ``first_year``..``last_year``."""
        current = self._compiled
        if current is not None:
            if current.first_year <= first_year and last_year <= current.last_year:
                return current
            first_year = min(first_year, current.first_year)
            last_year = max(last_year, current.last_year)
        compiled = self._build(first_year, last_year)
        self._compiled = compiled
        return compiled

    def _build(self, first_year: int, last_year: int) -> CompiledCalendar:
        """A horizon of ``first_year``..``last_year``, not cached."""
        lo, hi = self.supported_years
        if first_year < lo or last_year > hi:
            raise CalendarRangeError(
                f"calendar '{self.spec.name}' can answer for {lo}-{hi}; "
                f"this query needs {max(first_year, lo - 1) if first_year < lo else first_year}"
                f"-{last_year}"
            )
        table = self._zone_table
        if table is None or table.first_year > first_year - 1 or table.last_year < last_year + 1:
            table = zone_table(self.spec.timezone, first_year - 1, last_year + 1)
            self._zone_table = table
        holidays: frozenset[object] = frozenset()
        if self.spec.holidays is not None:
            try:
                holidays = frozenset(
                    self._holidays.holidays(self.spec.holidays, first_year - 1, last_year)
                )
            except HolidayDataMissingError as exc:
                raise CalendarRangeError(str(exc)) from exc
        return compile_calendar(self.spec, table, holidays, first_year, last_year)  # type: ignore[arg-type]

    def _covering(self, lo: int, hi: int) -> CompiledCalendar:
        """A compiled horizon that describes every instant in [lo, hi]."""
        first = _utc_year(lo - 2 * DAY)
        last = _utc_year(hi + 2 * DAY)
        compiled = self._compile(first, last)
        return compiled

    def _covering_array(self, *arrays: I64) -> CompiledCalendar:
        sizes = [a for a in arrays if a.size]
        if not sizes:
            # nothing to describe: any horizon answers, but caching one far from the
            # queries to come would make every later horizon span the years between
            if self._compiled is not None:
                return self._compiled
            first = self.supported_years[0]
            return self._build(first, first)
        lo = min(int(a.min()) for a in sizes)
        hi = max(int(a.max()) for a in sizes)
        return self._covering(lo, hi)

    # ----------------------------------------------------------- array queries
    def is_open_array(self, at: ArrayLike) -> NDArray[np.bool_]:
        """Whether each instant is inside an open interval."""
        t = as_epoch_array(at)
        c = self._covering_array(t)
        index = c.interval_at(t) - 1
        result: NDArray[np.bool_] = t < c.ends[index]
        return result

    def seconds_between_array(self, start: ArrayLike, end: ArrayLike) -> I64:
        """Open seconds in [start, end); negative when end < start."""
        s, e = np.broadcast_arrays(as_epoch_array(start), as_epoch_array(end))
        c = self._covering_array(s, e)
        result: I64 = _open_before(c, e) - _open_before(c, s)
        return result

    def open_seconds_before(self, *instants: I64) -> tuple[I64, ...]:
        """Open seconds before each instant, from one common origin for all arrays.

        Differences between the results are business time; the origin itself means
        nothing and changes between calls, so only compare values from one call.
        """
        arrays = [as_epoch_array(a) for a in instants]
        c = self._covering_array(*arrays)
        return tuple(_open_before(c, a) for a in arrays)

    def add_seconds_array(self, start: ArrayLike, seconds: ArrayLike) -> I64:
        """Deadlines: ``start`` plus ``seconds`` of open time (see module docs)."""
        s, d = np.broadcast_arrays(as_epoch_array(start), np.asarray(seconds, dtype=np.int64))
        if s.size == 0:
            return np.zeros(s.shape, dtype=np.int64)
        c = self._covering_array(s)
        while True:
            base = _open_before(c, s)
            target = base + d
            need_after = int(target.max()) - int(_open_before(c, np.int64(c.hi)))
            need_before = int(_open_before(c, np.int64(c.lo))) - int(target.min())
            if need_after <= 0 and need_before <= 0:
                break
            c = self._extend(c, need_before, need_after)
        return _locate(c, s, d, target)

    def next_opening_array(self, at: ArrayLike) -> I64:
        """``at`` where open, else the start of the next open interval."""
        t = as_epoch_array(at)
        c = self._covering_array(t)
        while True:
            index = np.searchsorted(c.ends, t, side="right")
            if t.size == 0 or (
                int(index.max()) < len(c.starts)
                and int(c.starts[np.minimum(index, len(c.starts) - 1)].max()) < c.hi
            ):
                break
            c = self._extend(c, 0, 1)
        result: I64 = np.maximum(t, c.starts[index])
        return result

    def add_days_array(self, start: ArrayLike, days: ArrayLike) -> I64:
        """``start`` plus N business days (see module docs for the definition)."""
        opened = self.next_opening_array(start)
        s, n = np.broadcast_arrays(opened, np.asarray(days, dtype=np.int64))
        if s.size == 0:
            return np.zeros(s.shape, dtype=np.int64)
        c = self._covering_array(s)
        table = self._zone_table
        assert table is not None
        while True:
            piece = np.searchsorted(c.piece_start, s, side="right") - 1
            day = c.piece_day[np.maximum(piece, 0)]
            index = np.searchsorted(c.business_days, day)
            target = index + n
            # one business day to spare on each side: the horizon's last day may hold a
            # shift that crosses into the next (uncompiled) year, whose holidays cut it
            # (a 20:00-04:00 shift on 31 December ends at midnight when 1 January is a
            # holiday by local day; hypothesis found it on a fresh engine)
            short_after = int(target.max()) - (len(c.business_days) - 1)
            short_before = -int(target.min())
            if short_after <= 0 and short_before <= 0:
                if short_after < 0 and short_before < 0:
                    break
                known = len(c.business_days)
                try:  # the spare day only; where the horizon cannot grow, none is needed
                    c = self._extend(c, DAY * 2 if short_before == 0 else 0,
                                     DAY * 2 if short_after == 0 else 0, by_days=True)  # fmt: skip
                except CalendarRangeError:
                    break
                if len(c.business_days) == known:
                    break
                continue
            c = self._extend(c, short_before * DAY * 2, short_after * DAY * 2, by_days=True)
            table = self._zone_table
            assert table is not None
        wall = table.to_local(s) - day * DAY
        target_day = c.business_days[target]
        wanted = table.to_utc(target_day * DAY + wall)
        first = c.day_first_piece[target]
        last = c.day_last_piece[target]
        inside = np.minimum(np.searchsorted(c.piece_start, wanted, side="right") - 1, last)
        inside = np.maximum(inside, first)
        clamped = np.minimum(wanted, c.piece_end[inside])
        result: I64 = np.where(wanted < c.piece_start[first], c.piece_start[first], clamped)
        return result

    def _extend(
        self, c: CompiledCalendar, before: int, after: int, *, by_days: bool = False
    ) -> CompiledCalendar:
        """Grow the horizon by enough years to cover ``before``/``after`` open seconds."""
        years = max(1, c.last_year - c.first_year + 1)
        per_year = max(c.total // years, 1) if not by_days else DAY * 365
        if c.total == 0 and not by_days:
            # nothing open yet, no rate to go by: the span and the cap below set the step
            per_year = 1
        lo, hi = self.supported_years
        if (before > 0 and c.first_year <= lo) or (after > 0 and c.last_year >= hi):
            raise CalendarRangeError(
                f"calendar '{self.spec.name}' has no open time to reach within {lo}-{hi}"
                if c.total == 0
                else f"calendar '{self.spec.name}' can answer for {lo}-{hi}; "
                f"this query reaches beyond"
            )
        # grow by what the open time so far says is needed, and at least by the current
        # span, so that a calendar with little open time ahead needs few recompilations;
        # at most 50 years a step, and up to the supported range, not past it
        first, last = c.first_year, c.last_year
        if before > 0:
            first = max(first - min(max(-(-before // per_year), years), 50) - 1, lo)
        if after > 0:
            last = min(last + min(max(-(-after // per_year), years), 50) + 1, hi)
        return self._compile(first, last)

    # ---------------------------------------------------------- scalar queries
    def is_open(self, at: datetime) -> bool:
        return bool(self.is_open_array(np.asarray([to_epoch(at)]))[0])

    def seconds_between(self, start: datetime, end: datetime) -> int:
        return int(
            self.seconds_between_array(np.asarray([to_epoch(start)]), np.asarray([to_epoch(end)]))[
                0
            ]
        )

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Business time between two instants (negative when end < start)."""
        return timedelta(seconds=self.seconds_between(start, end))

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The deadline: ``start`` plus ``duration`` of business time."""
        seconds = duration // _SECOND
        result = self.add_seconds_array(np.asarray([to_epoch(start)]), np.asarray([seconds]))
        return self.local(int(result[0]))

    def next_opening(self, at: datetime) -> datetime:
        return self.local(int(self.next_opening_array(np.asarray([to_epoch(at)]))[0]))

    def add_days(self, start: datetime, days: int) -> datetime:
        result = self.add_days_array(np.asarray([to_epoch(start)]), np.asarray([days]))
        return self.local(int(result[0]))

    def local(self, epoch: int) -> datetime:
        """An epoch instant as an aware datetime in the calendar's time zone."""
        return datetime.fromtimestamp(epoch, tz=self.zone)

    def typical_day_seconds(self, year: int) -> int:
        """Median open seconds of the business days of a year (the length of "a day")."""
        c = self._compile(year, year)
        lengths = c.piece_end - c.piece_start
        per_day = np.bincount(np.searchsorted(c.business_days, c.piece_day), weights=lengths)
        return int(np.median(per_day)) if len(per_day) else 0

    def offsets_array(self, at: I64) -> I64:
        """UTC offsets (seconds) of the calendar's zone at each instant."""
        self._covering_array(at)
        assert self._zone_table is not None
        return self._zone_table.offset_at(at)


def _open_before(c: CompiledCalendar, t: I64 | np.int64) -> I64:
    """Open seconds of the horizon before each instant (F(t))."""
    # the sentinel guarantees index >= 0, and starts[index] <= t
    index = c.interval_at(np.asarray(t, dtype=np.int64)) - 1
    result: I64 = c.cum[index] + np.minimum(t, c.ends[index]) - c.starts[index]
    return result


def _locate(c: CompiledCalendar, start: I64, seconds: I64, target: I64) -> I64:
    """The instant where F reaches ``target`` (earliest going forward, latest going back)."""
    forward = seconds > 0
    if forward.all():
        index = c.first_reaching(target)
        reached: I64 = c.starts[index] + (target - c.cum[index])
        return reached
    ahead = np.minimum(c.first_reaching(target), len(c.starts) - 1)
    back = np.maximum(c.last_starting_by(target) - 1, 0)
    index = np.where(forward, ahead, back)
    located = c.starts[index] + (target - c.cum[index])
    result: I64 = np.where(seconds == 0, start, located)
    return result
