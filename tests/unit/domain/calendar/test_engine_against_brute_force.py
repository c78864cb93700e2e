"""The engine agrees with a minute-stepping reference on thousands of random inputs.

Instants are on whole minutes, drawn over 2020-2030 or a few days around DST changes,
new years and public holidays. Calendars: the six examples, hand-written ones that put
shift boundaries inside DST gaps and overlaps, and random ones (a fresh engine each).
Answers are compared as instants *and* shown offsets (see ``samples.moment``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.calendar.holidays import FixedHolidays
from slaledger.domain.calendar.spec import DAY, CalendarSpec, HolidayRule, HolidaySource, Shift
from tests.unit.domain.calendar.brute_force import BruteForceCalendar
from tests.unit.domain.calendar.samples import (
    DAY_MINUTES,
    EXAMPLES,
    HAND_WRITTEN,
    NIGHTS,
    ZONES,
    far_instants,
    instants,
    moment,
)

SETTINGS = settings(
    max_examples=70,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEWER = settings(SETTINGS, max_examples=40)

minute_instants = instants()
#: the length of a ``between`` range, in minutes
spans = st.integers(-4 * DAY_MINUTES, 4 * DAY_MINUTES)
#: business durations for ``add``, in minutes
durations = st.one_of(
    st.integers(-20 * 60, 20 * 60),
    st.sampled_from([0, 1, -1, 30, 60, 4 * 60, 9 * 60, -9 * 60, 18 * 60]),
)


@pytest.fixture(scope="module")
def pairs(calendars) -> dict[str, tuple[BusinessCalendar, BruteForceCalendar]]:
    """Each calendar as the engine and as the reference."""
    engines = {name: calendars[name] for name in EXAMPLES}
    provider = HolidaysPackage()
    engines |= {name: BusinessCalendar(spec, provider) for name, spec in HAND_WRITTEN.items()}
    return {name: (engine, BruteForceCalendar(engine.spec)) for name, engine in engines.items()}


each_calendar = pytest.mark.parametrize("name", EXAMPLES + tuple(HAND_WRITTEN))


@each_calendar
@SETTINGS
@given(at=minute_instants)
def test_is_open_agrees_with_the_reference(pairs, name, at):
    engine, reference = pairs[name]
    assert engine.is_open(at) == reference.is_open(at)


@each_calendar
@SETTINGS
@given(start=minute_instants, span=spans)
def test_business_time_between_agrees_with_the_reference(pairs, name, start, span):
    engine, reference = pairs[name]
    end = start + timedelta(minutes=span)
    assert engine.seconds_between(start, end) == reference.seconds_between(start, end)


@each_calendar
@SETTINGS
@given(start=minute_instants, minutes=durations)
def test_deadlines_agree_with_the_reference(pairs, name, start, minutes):
    engine, reference = pairs[name]
    duration = timedelta(minutes=minutes)
    assert moment(engine.add(start, duration)) == moment(reference.add(start, duration))


@each_calendar
@SETTINGS
@given(at=minute_instants)
def test_next_opening_agrees_with_the_reference(pairs, name, at):
    engine, reference = pairs[name]
    assert moment(engine.next_opening(at)) == moment(reference.next_opening(at))


@each_calendar
@FEWER
@given(start=minute_instants, days=st.integers(-3, 5))
def test_business_days_agree_with_the_reference(pairs, name, start, days):
    engine, reference = pairs[name]
    assert moment(engine.add_days(start, days)) == moment(reference.add_days(start, days))


@each_calendar
@settings(SETTINGS, max_examples=25)
@given(start=far_instants(), span=spans, minutes=durations, days=st.integers(-2, 4))
def test_far_away_years_agree_with_the_reference(pairs, name, start, span, minutes, days):
    # a fresh engine, whose horizon is only the years around ``start``
    engine = BusinessCalendar(pairs[name][0].spec, HolidaysPackage())
    reference = pairs[name][1]
    end = start + timedelta(minutes=span)
    duration = timedelta(minutes=minutes)
    assert engine.is_open(start) == reference.is_open(start)
    assert engine.seconds_between(start, end) == reference.seconds_between(start, end)
    assert moment(engine.add(start, duration)) == moment(reference.add(start, duration))
    assert moment(engine.next_opening(start)) == moment(reference.next_opening(start))
    assert moment(engine.add_days(start, days)) == moment(reference.add_days(start, days))


# ------------------------------------------------------------- random calendars
_HALF_HOUR = 1800
_grid = st.integers(0, 47).map(lambda n: n * _HALF_HOUR)


@st.composite
def day_shifts(draw) -> tuple[Shift, ...]:
    """0-2 shifts of a day on a half-hour grid; the last may cross midnight."""
    count = draw(st.integers(0, 2))
    points = sorted(draw(st.sets(_grid, min_size=2 * count, max_size=2 * count)))
    result = []
    for index in range(count):
        start, end = points[2 * index], points[2 * index + 1]
        if index == count - 1 and draw(st.booleans()):
            end = max(min(end + DAY - _HALF_HOUR * draw(st.integers(0, 4)), start + DAY), end)
        result.append(Shift(start, end))
    return tuple(result)


@st.composite
def random_calendars(draw) -> tuple[CalendarSpec, FixedHolidays, datetime]:
    """A random valid calendar, holidays and exceptions near ``around``, and ``around``."""
    around = draw(st.one_of(minute_instants, far_instants()))
    near = st.integers(-6, 6).map(lambda days: around.date() + timedelta(days=days))
    source = HolidaySource("XX")
    fields = {
        "name": "random",
        "timezone": draw(st.sampled_from(ZONES)),
        "holidays": source,
        "closed_dates": frozenset(draw(st.sets(near, max_size=2))),
        "open_dates": frozenset(draw(st.sets(near, max_size=2))),
        "special_days": draw(st.dictionaries(near, day_shifts(), max_size=2)),
        "holiday_rule": draw(st.sampled_from(HolidayRule)),
    }
    weekly = tuple(draw(day_shifts()) for _ in range(7))
    try:
        spec = CalendarSpec(weekly=weekly, **fields)
    except ValueError:  # an overnight shift runs into the next day's: keep day shifts only
        day_only = tuple(tuple(s for s in day if s.end <= DAY) for day in weekly)
        spec = CalendarSpec(weekly=day_only, **fields)
    if not any(spec.weekly):
        spec = CalendarSpec(weekly=(NIGHTS,) * 7, **fields)
    provider = FixedHolidays({source: draw(st.sets(near, max_size=3))}, 1900, 2200)
    return spec, provider, around


def _engine_and_reference(
    spec: CalendarSpec, provider: FixedHolidays
) -> tuple[BusinessCalendar, BruteForceCalendar]:
    def holidays_of_year(year: int) -> frozenset[date]:
        assert spec.holidays is not None
        return provider.holidays(spec.holidays, year, year)

    return BusinessCalendar(spec, provider), BruteForceCalendar(spec, holidays_of_year)


@SETTINGS
@given(calendar=random_calendars(), span=spans, minutes=durations, days=st.integers(-2, 4))
def test_random_calendars_agree_with_the_reference(calendar, span, minutes, days):
    spec, provider, start = calendar
    engine, reference = _engine_and_reference(spec, provider)
    end = start + timedelta(minutes=span)
    duration = timedelta(minutes=minutes)
    assert engine.is_open(start) == reference.is_open(start)
    assert engine.seconds_between(start, end) == reference.seconds_between(start, end)
    assert moment(engine.add(start, duration)) == moment(reference.add(start, duration))
    assert moment(engine.next_opening(start)) == moment(reference.next_opening(start))
    assert moment(engine.add_days(start, days)) == moment(reference.add_days(start, days))


def test_a_fresh_engine_cuts_an_evening_shift_at_a_new_year_holiday(pairs) -> None:
    # 28 Dec 03:59 in New York sits in the 27 Dec 20:00-04:00 shift; four business days
    # on is 31 Dec, whose shift ends at midnight since 1 January is a US holiday by local
    # day: the horizon of a fresh engine (that year only) must see the next year's holiday
    engine = BusinessCalendar(pairs["new-york-evenings"][0].spec, HolidaysPackage())
    reference = pairs["new-york-evenings"][1]
    start = datetime(2023, 12, 28, 8, 59, tzinfo=UTC)
    assert moment(engine.add_days(start, 4)) == moment(reference.add_days(start, 4))
    assert engine.add_days(start, 4) == datetime(2024, 1, 1, 5, 0, tzinfo=UTC)
