"""What a service-hours calendar says, as plain data.

A calendar is a time zone, the shifts of each weekday, an optional source of public
holidays, and exceptions by date. Shifts are wall-clock times on the local date where
they start; a shift may end after midnight (08:00-02:00 ends at 02:00 the next day).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

DAY = 86_400
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class HolidayRule(enum.Enum):
    """How a closed date (holiday or extra closed date) meets an overnight shift."""

    #: The date's own shifts (those that start on it) do not happen; a shift that
    #: started the evening before runs to its end. This is the default.
    SHIFT_START = "shift-start"
    #: Local 00:00-24:00 of the date is closed, whichever shift it belongs to.
    LOCAL_DAY = "local-day"


@dataclass(frozen=True, order=True)
class Shift:
    """Open from ``start`` to ``end`` seconds after local midnight of the shift's date.

    ``end`` may exceed one day for a shift that crosses midnight (at most 48:00).
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < DAY:
            raise ValueError(f"a shift starts between 00:00 and 23:59:59, not at {self.start}s")
        if not self.start < self.end <= self.start + DAY:
            raise ValueError(
                f"a shift ends after it starts and lasts at most 24 h ({self.start}s-{self.end}s)"
            )

    def __str__(self) -> str:
        return f"{_hhmm(self.start)}-{_hhmm(self.end % DAY if self.end != DAY else DAY)}"


def _hhmm(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


@dataclass(frozen=True)
class HolidaySource:
    """Public holidays of a country (ISO 3166 code) and optional subdivision."""

    country: str
    subdivision: str | None = None


@dataclass(frozen=True)
class CalendarSpec:
    """A service-hours calendar.

    ``weekly`` holds the shifts of Monday..Sunday. ``special_days`` gives dates their
    own shifts (an empty tuple closes the date); they win over holidays and weekdays.
    ``open_dates`` are worked with their weekday's shifts even when they are holidays.
    """

    name: str
    timezone: str
    weekly: tuple[tuple[Shift, ...], ...]
    holidays: HolidaySource | None = None
    closed_dates: frozenset[date] = frozenset()
    open_dates: frozenset[date] = frozenset()
    special_days: Mapping[date, tuple[Shift, ...]] = field(default_factory=dict)
    holiday_rule: HolidayRule = HolidayRule.SHIFT_START

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise ValueError("a calendar gives the shifts of 7 weekdays, Monday first")
        for index, shifts in enumerate(self.weekly):
            _check_no_overlap(shifts, WEEKDAYS[index])
            following = self.weekly[(index + 1) % 7]
            _check_spill(shifts, following, WEEKDAYS[index], WEEKDAYS[(index + 1) % 7])
        for day, shifts in self.special_days.items():
            _check_no_overlap(shifts, day.isoformat())

    @property
    def is_always_open(self) -> bool:
        """True for a 24/7 calendar without closed dates."""
        full = all(s == (Shift(0, DAY),) for s in self.weekly)
        return (
            full
            and self.holidays is None
            and not self.closed_dates
            and all(s == (Shift(0, DAY),) for s in self.special_days.values())
        )


def _check_no_overlap(shifts: tuple[Shift, ...], day: str) -> None:
    ordered = sorted(shifts)
    for before, after in pairwise(ordered):
        if after.start < before.end:
            raise ValueError(f"on {day}, shifts {before} and {after} overlap")


def _check_spill(
    shifts: tuple[Shift, ...], following: tuple[Shift, ...], day: str, nxt: str
) -> None:
    for shift in shifts:
        spill = shift.end - DAY
        if spill <= 0:
            continue
        for other in following:
            if other.start < spill:
                raise ValueError(
                    f"{day}'s shift {shift} runs into {nxt}'s shift {other}: they overlap"
                )


ALWAYS: tuple[tuple[Shift, ...], ...] = tuple((Shift(0, DAY),) for _ in range(7))
