"""A slow, obviously correct reference for the business-time engine (tests only).

It shares nothing with the engine but the calendar's description (``CalendarSpec``, plain
data): no compiled intervals, no zone table. It looks at one minute at a time, converts it
to the local wall clock with ``zoneinfo``, asks the ``holidays`` package directly, and
applies the documented rules (see the engine's module docstring) one by one:

- a shift belongs to the local date it starts on; it may run past midnight;
- a closed date (public holiday or extra closed date, not an extra open date) removes the
  shifts that start on it (rule ``shift-start``) or closes its local 00:00-24:00 (rule
  ``local-day``); a special day has its own shifts and is never closed;
- a shift boundary whose wall time does not exist (DST gap) is moved forward by the gap;
  one that exists twice (DST overlap) is its first occurrence;
- an instant open in two shifts (an overnight shift meeting a special day's early shift)
  belongs to the shift that started first.

Every instant it is given must fall on a whole minute; every calendar it is given must
have its shift boundaries on whole minutes. Then open or closed never changes inside a
minute, and counting minutes is counting seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Set
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from slaledger.domain.calendar.spec import CalendarSpec, HolidayRule

MINUTE = 60
_EPOCH = datetime(1970, 1, 1)

#: (UTC start, UTC end, the local date the shift belongs to)
Shift = tuple[int, int, date]


def package_holidays(spec: CalendarSpec) -> Callable[[int], Set[date]]:
    """Public holidays of one year, straight from the ``holidays`` package."""
    source = spec.holidays
    if source is None:
        return lambda year: frozenset()

    def of_year(year: int) -> Set[date]:
        table = holidays.country_holidays(source.country, subdiv=source.subdivision, years=year)
        return frozenset(table.keys())

    return of_year


class BruteForceCalendar:
    """The engine's answers, found by stepping one minute at a time."""

    def __init__(
        self,
        spec: CalendarSpec,
        holidays_of_year: Callable[[int], Set[date]] | None = None,
    ) -> None:
        self.spec = spec
        self.zone = ZoneInfo(spec.timezone)
        self._holidays_of_year = lru_cache(maxsize=None)(holidays_of_year or package_holidays(spec))
        self._shifts_of = lru_cache(maxsize=None)(self._shifts_of_date)
        self._around = lru_cache(maxsize=None)(self._around_date)

    # ------------------------------------------------------------ local clock
    def offset(self, epoch: int) -> int:
        """UTC offset in seconds at an instant (an instant has exactly one)."""
        utc = datetime.fromtimestamp(epoch, tz=UTC)
        delta = utc.astimezone(self.zone).utcoffset()
        assert delta is not None
        return int(delta.total_seconds())

    def wall(self, epoch: int) -> datetime:
        """The local wall clock (naive) at an instant."""
        return datetime.fromtimestamp(epoch, tz=self.zone).replace(tzinfo=None)

    def instant_of_wall(self, wall: datetime) -> int:
        """The instant a wall time means: gap -> moved forward, overlap -> first occurrence.

        Found without ``fold``: the offsets in force around the wall time are the only
        candidates; a candidate is valid when the clock really shows that wall time then.
        """
        as_if_utc = int((wall - _EPOCH).total_seconds())
        nearby = {self.offset(as_if_utc + hours * 3600) for hours in range(-36, 37, 6)}
        valid = [as_if_utc - off for off in nearby if self.offset(as_if_utc - off) == off]
        if valid:
            return min(valid)
        # in a gap the clock jumped forward (the offset grew): read the wall time with the
        # offset from before the jump, which lands the length of the gap later
        return as_if_utc - min(nearby)

    # ---------------------------------------------------------------- the rules
    def is_closed_date(self, day: date) -> bool:
        """A public holiday or an extra closed date, not reopened, not a special day."""
        spec = self.spec
        if day in spec.special_days or day in spec.open_dates:
            return False
        return day in spec.closed_dates or day in self._holidays_of_year(day.year)

    def _shifts_of_date(self, day: date) -> tuple[Shift, ...]:
        spec = self.spec
        if day in spec.special_days:
            shifts = spec.special_days[day]
        elif self.is_closed_date(day) and spec.holiday_rule is HolidayRule.SHIFT_START:
            shifts = ()
        else:
            shifts = spec.weekly[day.weekday()]
        midnight = datetime(day.year, day.month, day.day)
        return tuple(
            (
                self.instant_of_wall(midnight + timedelta(seconds=shift.start)),
                self.instant_of_wall(midnight + timedelta(seconds=shift.end)),
                day,
            )
            for shift in shifts
        )

    def owner(self, epoch: int) -> date | None:
        """The business day the minute starting at ``epoch`` is worked for, or None."""
        closed, candidates = self._around(datetime.fromtimestamp(epoch, tz=self.zone).date())
        if closed:
            return None
        containing = [(start, day) for start, end, day in candidates if start <= epoch < end]
        return min(containing)[1] if containing else None

    def _around_date(self, local_date: date) -> tuple[bool, tuple[Shift, ...]]:
        """Whether the local date is closed outright, and the shifts that may reach it."""
        closed = self.spec.holiday_rule is HolidayRule.LOCAL_DAY and self.is_closed_date(local_date)
        # a shift lasts at most 24 h: one that reaches this date started on it or the day
        # before (two days before, should a DST gap push a midnight end forward)
        candidates = tuple(
            shift
            for back in (2, 1, 0)
            for shift in self._shifts_of(local_date - timedelta(days=back))
        )
        return closed, candidates

    def minute_is_open(self, epoch: int) -> bool:
        return self.owner(epoch) is not None

    # ------------------------------------------------------------------ queries
    def is_open(self, at: datetime) -> bool:
        return self.minute_is_open(_minute(at))

    def seconds_between(self, start: datetime, end: datetime) -> int:
        lo, hi = _minute(start), _minute(end)
        sign = 1 if lo <= hi else -1
        lo, hi = min(lo, hi), max(lo, hi)
        return sign * MINUTE * sum(self.minute_is_open(m) for m in range(lo, hi, MINUTE))

    def add(self, start: datetime, duration: timedelta) -> datetime:
        minutes, rest = divmod(int(duration.total_seconds()), MINUTE)
        assert rest == 0, "the reference works in whole minutes"
        at = _minute(start)
        if minutes > 0:
            for m in self._minutes(at, +1):
                minutes -= self.minute_is_open(m)
                if minutes == 0:
                    return self.local(m + MINUTE)  # at the end of the last open minute
        elif minutes < 0:
            for m in self._minutes(at - MINUTE, -1):
                minutes += self.minute_is_open(m)
                if minutes == 0:
                    return self.local(m)  # at the start of the earliest minute counted
        return self.local(at)

    def next_opening(self, at: datetime) -> datetime:
        return self.local(next(m for m in self._minutes(_minute(at), +1) if self.minute_is_open(m)))

    def add_days(self, start: datetime, days: int) -> datetime:
        """The same wall time on the N-th next business day, clamped into its hours."""
        opened = _minute(self.next_opening(start))
        day = self.owner(opened)
        assert day is not None
        wall = self.wall(opened) - datetime(day.year, day.month, day.day)
        step = 1 if days >= 0 else -1
        target = day
        for _ in range(abs(days)):
            target += timedelta(days=step)
            while not self.open_runs(target):
                target += timedelta(days=step)
        runs = self.open_runs(target)
        wanted = self.instant_of_wall(datetime(target.year, target.month, target.day) + wall)
        if wanted < runs[0][0]:
            return self.local(runs[0][0])
        _, run_end = next(r for r in reversed(runs) if r[0] <= wanted)
        return self.local(min(wanted, run_end))

    def open_runs(self, day: date) -> list[tuple[int, int]]:
        """The open time that belongs to ``day``, as runs of consecutive open minutes."""
        minutes = sorted(
            {
                m
                for start, end, _ in self._shifts_of(day)
                for m in range(start, end, MINUTE)
                if self.owner(m) == day
            }
        )
        runs: list[tuple[int, int]] = []
        for m in minutes:
            if runs and runs[-1][1] == m:
                runs[-1] = (runs[-1][0], m + MINUTE)
            else:
                runs.append((m, m + MINUTE))
        return runs

    # ------------------------------------------------------------------ helpers
    def local(self, epoch: int) -> datetime:
        return datetime.fromtimestamp(epoch, tz=self.zone)

    @staticmethod
    def _minutes(first: int, step: int) -> Iterator[int]:
        at = first
        limit = 400 * 24 * 60  # a year without open time is a broken test calendar
        for _ in range(limit):
            yield at
            at += step * MINUTE
        raise AssertionError("no open minute within 400 days")


def _minute(at: datetime) -> int:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("the reference takes aware datetimes only")
    epoch = int(at.timestamp())
    assert epoch % MINUTE == 0, "the reference works in whole minutes"
    assert at.microsecond == 0, "the reference works in whole minutes"
    return epoch
