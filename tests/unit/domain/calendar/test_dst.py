"""DST changes, per operation: business time is real elapsed time, wall times follow rules.

Paris springs forward on 31 March 2024 (02:00 CET -> 03:00 CEST) and falls back on
27 October 2024 (03:00 CEST -> 02:00 CET); New York on 10 March 2024 (02:00 EST ->
03:00 EDT) and 3 November 2024 (02:00 EDT -> 01:00 EST). A wall time in a gap is moved
forward by the gap; a wall time in an overlap is its first occurrence.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.calendar.spec import ALWAYS, CalendarSpec
from tests.unit.domain.calendar.samples import shifts

HOUR = timedelta(hours=1)


def at(text: str) -> datetime:
    """An instant written with its offset, as the tests spell them."""
    return datetime.fromisoformat(text)


def calendar(timezone: str, *day_shifts: str) -> BusinessCalendar:
    """Every day the same shifts (or 24/7 when none are given), no holidays."""
    weekly = ALWAYS if not day_shifts else tuple(shifts(*day_shifts) for _ in range(7))
    spec = CalendarSpec(name=f"{timezone} {day_shifts}", timezone=timezone, weekly=weekly)
    return BusinessCalendar(spec, HolidaysPackage())


PARIS_24_7 = calendar("Europe/Paris")
NEW_YORK_24_7 = calendar("America/New_York")
PARIS_NIGHTS = calendar("Europe/Paris", "22:00-06:00")
NEW_YORK_NIGHTS = calendar("America/New_York", "22:00-06:00")


# ------------------------------------------------------------------- 24/7 calendars
@pytest.mark.parametrize(
    ("engine", "start", "end", "hours"),
    [
        # the spring day has 23 hours, the autumn day 25
        (PARIS_24_7, "2024-03-31T00:00+01:00", "2024-04-01T00:00+02:00", 23),
        (PARIS_24_7, "2024-10-27T00:00+02:00", "2024-10-28T00:00+01:00", 25),
        (NEW_YORK_24_7, "2024-03-10T00:00-05:00", "2024-03-11T00:00-04:00", 23),
        (NEW_YORK_24_7, "2024-11-03T00:00-04:00", "2024-11-04T00:00-05:00", 25),
        # 01:00 to 04:00 on the wall clock is 2 hours in spring, 4 in autumn
        (PARIS_24_7, "2024-03-31T01:00+01:00", "2024-03-31T04:00+02:00", 2),
        (PARIS_24_7, "2024-10-27T01:00+02:00", "2024-10-27T04:00+01:00", 4),
        (NEW_YORK_24_7, "2024-03-10T01:00-05:00", "2024-03-10T04:00-04:00", 2),
        (NEW_YORK_24_7, "2024-11-03T00:00-04:00", "2024-11-03T03:00-05:00", 4),
    ],
)
def test_a_24_7_night_with_a_change_lasts_its_real_hours(engine, start, end, hours):
    assert engine.between(at(start), at(end)) == hours * HOUR


@pytest.mark.parametrize(
    ("engine", "start", "hours", "deadline"),
    [
        # an hour after 01:30 CET is 03:30 CEST: the wall clock jumped
        (PARIS_24_7, "2024-03-31T01:30+01:00", 1, "2024-03-31T03:30:00+02:00"),
        # an hour after the first 02:30 is the second 02:30, shown with its own offset
        (PARIS_24_7, "2024-10-27T02:30+02:00", 1, "2024-10-27T02:30:00+01:00"),
        (PARIS_24_7, "2024-10-27T01:30+02:00", 2, "2024-10-27T02:30:00+01:00"),
        (NEW_YORK_24_7, "2024-03-10T01:30-05:00", 1, "2024-03-10T03:30:00-04:00"),
        (NEW_YORK_24_7, "2024-11-03T01:30-04:00", 1, "2024-11-03T01:30:00-05:00"),
        # going back over the change
        (PARIS_24_7, "2024-03-31T03:30+02:00", -1, "2024-03-31T01:30:00+01:00"),
        (NEW_YORK_24_7, "2024-11-03T01:30-05:00", -1, "2024-11-03T01:30:00-04:00"),
    ],
)
def test_a_24_7_deadline_across_a_change_is_real_hours_later(engine, start, hours, deadline):
    assert engine.add(at(start), hours * HOUR).isoformat() == deadline


# --------------------------------------------------------------- business calendars
@pytest.mark.parametrize(
    ("name", "start", "hours", "deadline"),
    [
        # Friday 17:00 CET + 2 h: 1 h on Friday, Easter Monday 1 April is a holiday,
        # 1 h on Tuesday from 09:00 CEST
        ("previsoft-business", "2024-03-29T17:00+01:00", 2, "2024-04-02T10:00:00+02:00"),
        ("previsoft-business", "2024-10-25T17:00+02:00", 2, "2024-10-28T10:00:00+01:00"),
        ("us-working-hours", "2024-03-08T16:00-05:00", 2, "2024-03-11T10:00:00-04:00"),
        ("us-working-hours", "2024-11-01T16:00-04:00", 2, "2024-11-04T10:00:00-05:00"),
        # and back again
        ("previsoft-business", "2024-10-28T10:00+01:00", -2, "2024-10-25T17:00:00+02:00"),
        ("us-working-hours", "2024-03-11T10:00-04:00", -2, "2024-03-08T16:00:00-05:00"),
    ],
)
def test_business_hours_keep_their_wall_times_across_a_change(
    calendars, name, start, hours, deadline
):
    assert calendars[name].add(at(start), hours * HOUR).isoformat() == deadline


@pytest.mark.parametrize(
    ("name", "day", "hours"),
    [
        ("previsoft-business", "2024-03-29", 9),  # the Friday before
        ("previsoft-business", "2024-04-02", 9),  # the Tuesday after (Monday is Easter)
        ("previsoft-business", "2024-10-25", 9),
        ("previsoft-business", "2024-10-28", 9),
        ("us-working-hours", "2024-03-08", 8),
        ("us-working-hours", "2024-03-11", 8),
        ("us-working-hours", "2024-11-01", 8),
        ("us-working-hours", "2024-11-04", 8),
    ],
)
def test_a_business_day_is_as_long_after_a_change_as_before(calendars, name, day, hours):
    engine = calendars[name]
    midnight = datetime.fromisoformat(day).replace(tzinfo=engine.zone)
    # aware datetime + timedelta is wall-clock arithmetic: the next local midnight
    assert engine.between(midnight, midnight + timedelta(days=1)) == hours * HOUR


@pytest.mark.parametrize(
    ("name", "instant", "is_open"),
    [
        ("previsoft-business", "2024-04-02T08:59+02:00", False),
        ("previsoft-business", "2024-04-02T09:00+02:00", True),  # 07:00 UTC, not 08:00
        ("previsoft-business", "2024-04-02T17:59+02:00", True),
        ("previsoft-business", "2024-04-02T18:00+02:00", False),
        ("previsoft-business", "2024-10-28T09:00+01:00", True),  # 08:00 UTC, not 07:00
        ("previsoft-business", "2024-10-28T07:30+00:00", False),
        ("us-working-hours", "2024-03-11T09:00-04:00", True),
        ("us-working-hours", "2024-03-11T13:30+00:00", True),
        ("us-working-hours", "2024-03-11T12:59+00:00", False),
        ("us-working-hours", "2024-11-04T13:59+00:00", False),
        ("us-working-hours", "2024-11-04T14:00+00:00", True),
    ],
)
def test_opening_follows_the_local_clock_after_a_change(calendars, name, instant, is_open):
    assert calendars[name].is_open(at(instant)) is is_open


# ------------------------------------------------------------------ overnight shifts
@pytest.mark.parametrize(
    ("engine", "evening", "morning", "hours"),
    [
        (PARIS_NIGHTS, "2024-03-30T21:00+01:00", "2024-03-31T07:00+02:00", 7),
        (PARIS_NIGHTS, "2024-10-26T21:00+02:00", "2024-10-27T07:00+01:00", 9),
        (NEW_YORK_NIGHTS, "2024-03-09T21:00-05:00", "2024-03-10T07:00-04:00", 7),
        (NEW_YORK_NIGHTS, "2024-11-02T21:00-04:00", "2024-11-03T07:00-05:00", 9),
        # an ordinary night lasts 8 hours
        (PARIS_NIGHTS, "2024-03-29T21:00+01:00", "2024-03-30T07:00+01:00", 8),
        (NEW_YORK_NIGHTS, "2024-11-09T21:00-05:00", "2024-11-10T07:00-05:00", 8),
    ],
)
def test_a_22_to_06_shift_on_a_change_night_lasts_7_or_9_hours(engine, evening, morning, hours):
    assert engine.between(at(evening), at(morning)) == hours * HOUR


@pytest.mark.parametrize(
    ("engine", "start", "deadline"),
    [
        (PARIS_NIGHTS, "2024-03-30T22:00+01:00", "2024-03-31T06:00:00+02:00"),
        (PARIS_NIGHTS, "2024-10-26T22:00+02:00", "2024-10-27T06:00:00+01:00"),
        (NEW_YORK_NIGHTS, "2024-03-09T22:00-05:00", "2024-03-10T06:00:00-04:00"),
        (NEW_YORK_NIGHTS, "2024-11-02T22:00-04:00", "2024-11-03T06:00:00-05:00"),
    ],
)
def test_a_whole_change_night_of_business_time_ends_at_the_shifts_closing(engine, start, deadline):
    night = engine.between(at(start), at(deadline))
    assert engine.add(at(start), night).isoformat() == deadline
    # one more minute is the next evening's first minute
    later = engine.add(at(start), night + timedelta(minutes=1))
    assert later.isoformat() == at(deadline).replace(hour=22, minute=1).isoformat()


# ---------------------------------------------------- shift boundaries in a gap/overlap
def sunday_shift(timezone: str, shift: str) -> BusinessCalendar:
    weekly = tuple(shifts(shift) if day == 6 else () for day in range(7))
    spec = CalendarSpec(name=f"sunday {shift}", timezone=timezone, weekly=weekly)
    return BusinessCalendar(spec, HolidaysPackage())


@pytest.mark.parametrize(
    ("timezone", "shift", "sunday", "first_open", "last_open", "length"),
    [
        # starts in the gap: 02:30 does not exist, the shift starts at 03:30 CEST
        ("Europe/Paris", "02:30-05:00", "2024-03-31", "03:30+02:00", "04:59+02:00", 90),
        # ends in the gap: 02:30 becomes 03:30 CEST, so 03:15 CEST is still open
        ("Europe/Paris", "00:00-02:30", "2024-03-31", "00:00+01:00", "03:29+02:00", 150),
        # wholly inside the gap: moved forward whole, it keeps its 40 minutes
        ("Europe/Paris", "02:10-02:50", "2024-03-31", "03:10+02:00", "03:49+02:00", 40),
        # starts in the overlap: at the first 02:30 (CEST), ends at 05:00 CET
        ("Europe/Paris", "02:30-05:00", "2024-10-27", "02:30+02:00", "04:59+01:00", 210),
        # ends in the overlap: at the first 02:30, so the second 02:00-02:30 is closed
        ("Europe/Paris", "00:00-02:30", "2024-10-27", "00:00+02:00", "02:29+02:00", 150),
        ("America/New_York", "02:30-04:00", "2024-03-10", "03:30-04:00", "03:59-04:00", 30),
        ("America/New_York", "01:30-03:00", "2024-11-03", "01:30-04:00", "02:59-05:00", 150),
        ("America/New_York", "00:00-01:30", "2024-11-03", "00:00-04:00", "01:29-04:00", 90),
    ],
)
def test_a_shift_boundary_in_a_gap_moves_forward_and_in_an_overlap_is_the_first(
    timezone, shift, sunday, first_open, last_open, length
):
    engine = sunday_shift(timezone, shift)
    first = at(f"{sunday}T{first_open}")
    last = at(f"{sunday}T{last_open}")
    minute = timedelta(minutes=1)
    assert not engine.is_open(first - minute)
    assert engine.is_open(first)
    assert engine.is_open(last)
    assert not engine.is_open(last + minute)
    assert engine.between(first - HOUR, last + HOUR) == timedelta(minutes=length)
    assert engine.next_opening(first - HOUR).timestamp() == first.timestamp()


def test_the_second_occurrence_of_an_overlap_hour_is_closed_after_a_shift_ending_in_it():
    engine = sunday_shift("Europe/Paris", "00:00-02:30")
    assert engine.is_open(at("2024-10-27T02:15+02:00"))  # the first 02:15
    assert not engine.is_open(at("2024-10-27T02:15+01:00"))  # the second 02:15


# ----------------------------------------------------------- business days across DST
@pytest.mark.parametrize(
    ("engine_name", "start", "days", "result"),
    [
        # same wall time the next business day, 23 or 25 real hours later
        ("always", "2024-03-30T12:00+01:00", 1, "2024-03-31T12:00:00+02:00"),
        ("always", "2024-10-26T12:00+02:00", 1, "2024-10-27T12:00:00+01:00"),
        # a wall time in the gap is moved forward, one in the overlap is the first
        ("always", "2024-03-30T02:30+01:00", 1, "2024-03-31T03:30:00+02:00"),
        ("always", "2024-10-26T02:30+02:00", 1, "2024-10-27T02:30:00+02:00"),
        # so zero days from the second 02:30 is the first, an hour earlier (documented)
        ("always", "2024-10-27T02:30+01:00", 0, "2024-10-27T02:30:00+02:00"),
        # Friday 10:00 CET, Easter Monday is a holiday: Tuesday 10:00 CEST
        ("previsoft-business", "2024-03-29T10:00+01:00", 1, "2024-04-02T10:00:00+02:00"),
        ("us-working-hours", "2024-11-01T10:00-04:00", 1, "2024-11-04T10:00:00-05:00"),
    ],
)
def test_business_days_keep_the_wall_time_across_a_change(
    calendars, engine_name, start, days, result
):
    assert calendars[engine_name].add_days(at(start), days).isoformat() == result
