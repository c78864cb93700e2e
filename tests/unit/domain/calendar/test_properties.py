"""Properties of business-time arithmetic that hold on every calendar, to the second."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar
from tests.unit.domain.calendar.samples import EXAMPLES, HAND_WRITTEN, instants, moment, utc

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SECOND = timedelta(seconds=1)
HOUR = 3600

# NB: arithmetic on the engine's answers is done in UTC (``utc``): an aware datetime
# in a zone adds and subtracts on its wall clock, which a DST change makes jump.

#: instants to the second: properties must hold between minutes too
any_instants = instants(resolution=1)
#: business durations, to the second, up to 30 business hours either way
durations = st.integers(-30 * HOUR, 30 * HOUR).map(lambda s: timedelta(seconds=s))
positive = st.integers(1, 30 * HOUR).map(lambda s: timedelta(seconds=s))
NAMES = (*EXAMPLES, "paris-nights", "paris-nights-local-day", "new-york-small-hours")


@pytest.fixture(scope="module")
def engines(calendars) -> dict[str, BusinessCalendar]:
    provider = HolidaysPackage()
    hand_written = {name: BusinessCalendar(spec, provider) for name, spec in HAND_WRITTEN.items()}
    return {name: calendars.get(name) or hand_written[name] for name in NAMES}


each_calendar = pytest.mark.parametrize("name", NAMES)


@each_calendar
@SETTINGS
@given(start=any_instants, duration=durations)
def test_the_time_between_a_start_and_its_deadline_is_the_duration(engines, name, start, duration):
    engine = engines[name]
    assert engine.between(start, engine.add(start, duration)) == duration


@each_calendar
@SETTINGS
@given(start=any_instants, end=any_instants)
def test_adding_the_time_between_two_instants_reaches_the_end_when_it_is_open(
    engines, name, start, end
):
    engine = engines[name]
    deadline = engine.add(start, engine.between(start, end))
    # forward: the earliest instant with that much open time behind it, ``end`` itself
    # when the second before it is open, else the closing time before ``end``;
    # backward: the latest such instant, ``end`` itself when ``end`` is open
    forward_exact = end > start and engine.is_open(end - SECOND)
    backward_exact = end <= start and (engine.is_open(end) or end == start)
    if forward_exact or backward_exact:
        assert moment(deadline) == moment(end.astimezone(engine.zone))
    else:
        assert deadline.timestamp() != end.timestamp()
        assert engine.between(min(deadline, end), max(deadline, end)) == timedelta(0)


@each_calendar
@SETTINGS
@given(start=any_instants, duration=positive)
def test_a_deadline_is_the_earliest_instant_with_enough_open_time(engines, name, start, duration):
    engine = engines[name]
    deadline = utc(engine.add(start, duration))
    assert deadline > start
    assert engine.is_open(deadline - SECOND)
    assert engine.between(start, deadline - SECOND) == duration - SECOND


@each_calendar
@SETTINGS
@given(first=any_instants, later_by=st.integers(0, 5 * 86_400), duration=durations)
def test_a_later_start_never_gives_an_earlier_deadline(engines, name, first, later_by, duration):
    engine = engines[name]
    second = first + timedelta(seconds=later_by)
    # instants, not datetimes: same-zone datetimes compare by wall time, ignoring fold
    assert engine.add(first, duration).timestamp() <= engine.add(second, duration).timestamp()


@each_calendar
@SETTINGS
@given(start=any_instants, duration=durations, more=st.integers(0, 20 * HOUR))
def test_a_longer_duration_never_gives_an_earlier_deadline(engines, name, start, duration, more):
    engine = engines[name]
    longer = duration + timedelta(seconds=more)
    assert engine.add(start, duration).timestamp() <= engine.add(start, longer).timestamp()


@each_calendar
@SETTINGS
@given(start=any_instants, a=positive, b=positive)
def test_adding_in_two_steps_is_adding_the_sum(engines, name, start, a, b):
    engine = engines[name]
    assert moment(engine.add(engine.add(start, a), b)) == moment(engine.add(start, a + b))
    # going back in two steps is going back by the sum, too
    assert moment(engine.add(engine.add(start, -a), -b)) == moment(engine.add(start, -(a + b)))


@each_calendar
@SETTINGS
@given(a=any_instants, b=any_instants, c=any_instants)
def test_business_time_is_antisymmetric_and_adds_up_over_consecutive_ranges(engines, name, a, b, c):
    engine = engines[name]
    assert engine.between(a, b) == -engine.between(b, a)
    assert engine.between(a, b) + engine.between(b, c) == engine.between(a, c)
    assert engine.between(a, a) == timedelta(0)


@each_calendar
@SETTINGS
@given(start=any_instants, span=st.integers(0, 10 * 86_400))
def test_business_time_is_at_most_the_elapsed_time(engines, name, start, span):
    engine = engines[name]
    end = start + timedelta(seconds=span)
    elapsed = engine.between(start, end)
    assert timedelta(0) <= elapsed <= end - start
    if name == "always":
        assert elapsed == end - start


@each_calendar
@SETTINGS
@given(at=any_instants)
def test_the_next_opening_is_open_and_nothing_is_open_before_it(engines, name, at):
    engine = engines[name]
    opening = engine.next_opening(at)
    assert opening >= at
    assert engine.is_open(opening)
    assert engine.between(at, opening) == timedelta(0)
    # (compared as timestamps: == between zones is False for a wall time that repeats)
    assert (opening.timestamp() == at.timestamp()) == engine.is_open(at)


@each_calendar
@SETTINGS
@given(start=any_instants, days=st.integers(0, 6))
def test_one_more_business_day_never_gives_an_earlier_instant(engines, name, start, days):
    engine = engines[name]
    here = utc(engine.add_days(start, days + 1))
    assert engine.add_days(start, days) <= here
    assert here >= start
    # the result is open, or the closing time of the day's hours
    assert engine.is_open(here) or engine.is_open(here - SECOND)


# --------------------------------------------------------------- arrays == scalars
arrays = st.lists(any_instants, min_size=1, max_size=40)


def _epochs(values) -> np.ndarray:
    return np.asarray([int(v.timestamp()) for v in values], dtype=np.int64)


@each_calendar
@settings(SETTINGS, max_examples=25)
@given(starts=arrays, data=st.data())
def test_the_array_api_gives_the_scalar_answers(engines, name, starts, data):
    engine = engines[name]
    n = len(starts)
    ends = data.draw(st.lists(any_instants, min_size=n, max_size=n))
    seconds = data.draw(st.lists(st.integers(-30 * HOUR, 30 * HOUR), min_size=n, max_size=n))
    days = data.draw(st.lists(st.integers(-3, 6), min_size=n, max_size=n))
    s, e = _epochs(starts), _epochs(ends)

    assert engine.is_open_array(s).tolist() == [engine.is_open(t) for t in starts]
    assert engine.seconds_between_array(s, e).tolist() == [
        engine.seconds_between(a, b) for a, b in zip(starts, ends, strict=True)
    ]
    assert engine.add_seconds_array(s, np.asarray(seconds)).tolist() == [
        int(engine.add(t, timedelta(seconds=d)).timestamp())
        for t, d in zip(starts, seconds, strict=True)
    ]
    assert engine.next_opening_array(s).tolist() == [
        int(engine.next_opening(t).timestamp()) for t in starts
    ]
    assert engine.add_days_array(s, np.asarray(days)).tolist() == [
        int(engine.add_days(t, d).timestamp()) for t, d in zip(starts, days, strict=True)
    ]
    # datetime64 arrays are UTC instants too
    assert engine.is_open_array(s.astype("datetime64[s]")).tolist() == (
        engine.is_open_array(s).tolist()
    )


def test_empty_arrays_give_empty_answers(calendars):
    engine = calendars["previsoft-business"]
    empty = np.asarray([], dtype=np.int64)
    assert engine.is_open_array(empty).shape == (0,)
    assert engine.seconds_between_array(empty, empty).shape == (0,)
    assert engine.add_seconds_array(empty, empty).shape == (0,)
    assert engine.next_opening_array(empty).shape == (0,)
    assert engine.add_days_array(empty, empty).shape == (0,)


def test_one_duration_broadcasts_over_many_starts(calendars):
    engine = calendars["previsoft-business"]
    paris = engine.zone
    starts = [datetime(2024, 3, 15, 12, tzinfo=paris), datetime(2024, 3, 15, 16, tzinfo=paris)]
    deadlines = engine.add_seconds_array(_epochs(starts), 4 * HOUR)
    # Friday noon + 4 h is 16:00; Friday 16:00 + 4 h is 2 h on Friday, 2 h on Monday
    expected = [datetime(2024, 3, 15, 16, tzinfo=paris), datetime(2024, 3, 18, 11, tzinfo=paris)]
    assert deadlines.tolist() == _epochs(expected).tolist()
