"""Holidays and exceptions by date, closing times, next opening, business days, limits."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pytest

from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import (
    BusinessCalendar,
    CalendarRangeError,
    NaiveInstantError,
)
from slaledger.domain.calendar.holidays import FixedHolidays
from slaledger.domain.calendar.spec import ALWAYS, CalendarSpec, HolidayRule, HolidaySource
from tests.unit.domain.calendar.samples import NIGHTS, shifts, week

HOUR = timedelta(hours=1)
FRANCE = HolidaySource("FR")
WORKDAYS = shifts("09:00-18:00")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def iso(engine: BusinessCalendar, moment: datetime) -> str:
    return moment.astimezone(engine.zone).isoformat()


# ------------------------------------------------------- a holiday on an overnight shift
#: one holiday, Wednesday 13 March 2024, for nights of 22:00-06:00 every day
WEDNESDAY = HolidaySource("XX")
ONE_HOLIDAY = FixedHolidays({WEDNESDAY: {date(2024, 3, 13)}}, 2000, 2100)


def nights(rule: HolidayRule) -> BusinessCalendar:
    spec = CalendarSpec(
        name=f"nights {rule.value}",
        timezone="Europe/Paris",
        weekly=(NIGHTS,) * 7,
        holidays=WEDNESDAY,
        holiday_rule=rule,
    )
    return BusinessCalendar(spec, ONE_HOLIDAY)


@pytest.mark.parametrize(
    ("rule", "instant", "is_open"),
    [
        # shift-start: Tuesday's night runs to its end; Wednesday's night does not happen
        (HolidayRule.SHIFT_START, "2024-03-12T23:00+01:00", True),
        (HolidayRule.SHIFT_START, "2024-03-13T05:00+01:00", True),
        (HolidayRule.SHIFT_START, "2024-03-13T23:00+01:00", False),
        (HolidayRule.SHIFT_START, "2024-03-14T05:00+01:00", False),
        (HolidayRule.SHIFT_START, "2024-03-14T23:00+01:00", True),
        # local-day: Wednesday 00:00-24:00 is closed, whichever night it belongs to
        (HolidayRule.LOCAL_DAY, "2024-03-12T23:00+01:00", True),
        (HolidayRule.LOCAL_DAY, "2024-03-13T05:00+01:00", False),
        (HolidayRule.LOCAL_DAY, "2024-03-13T23:00+01:00", False),
        (HolidayRule.LOCAL_DAY, "2024-03-14T05:00+01:00", True),
        (HolidayRule.LOCAL_DAY, "2024-03-14T23:00+01:00", True),
    ],
)
def test_a_holiday_on_a_night_shift_closes_what_its_rule_says(rule, instant, is_open):
    assert nights(rule).is_open(at(instant)) is is_open


@pytest.mark.parametrize(
    ("rule", "tuesday_night", "wednesday_night"),
    [
        (HolidayRule.SHIFT_START, 8, 0),  # Tue 22:00-Wed 06:00 whole; no Wednesday night
        (HolidayRule.LOCAL_DAY, 2, 6),  # Tue 22:00-24:00; Thu 00:00-06:00
    ],
)
def test_a_holiday_takes_the_night_hours_its_rule_says(rule, tuesday_night, wednesday_night):
    engine = nights(rule)
    noon = [at(f"2024-03-{day}T12:00+01:00") for day in (12, 13, 14)]
    assert engine.between(noon[0], noon[1]) == tuesday_night * HOUR
    assert engine.between(noon[1], noon[2]) == wednesday_night * HOUR


@pytest.mark.parametrize(
    ("rule", "open_on_the_holiday", "open_the_day_after"),
    [
        (HolidayRule.SHIFT_START, True, False),
        (HolidayRule.LOCAL_DAY, False, True),
    ],
)
def test_ipfolio_hours_on_labour_day_follow_the_rule(rule, open_on_the_holiday, open_the_day_after):
    # Mon-Fri 08:00-02:00 UTC with the French holidays; 1 May 2024 is a Wednesday
    spec = CalendarSpec(
        name="ipfolio with holidays",
        timezone="UTC",
        weekly=week(**{day: shifts("08:00-02:00") for day in ("mon", "tue", "wed", "thu", "fri")}),
        holidays=FRANCE,
        holiday_rule=rule,
    )
    engine = BusinessCalendar(spec, HolidaysPackage())
    assert engine.is_open(at("2024-05-01T01:00+00:00")) is open_on_the_holiday
    assert not engine.is_open(at("2024-05-01T12:00+00:00"))
    assert engine.is_open(at("2024-05-02T01:00+00:00")) is open_the_day_after
    # either way, 4 h from Tuesday 23:00 reach Thursday 09:00 (3 h before it)
    due = engine.add(at("2024-04-30T23:00+00:00"), 4 * HOUR)
    assert due.isoformat() == "2024-05-02T09:00:00+00:00"


# ---------------------------------------------------- extra closed / open / special days
@pytest.fixture(scope="module")
def exceptions() -> BusinessCalendar:
    spec = CalendarSpec(
        name="with exceptions",
        timezone="Europe/Paris",
        weekly=week(mon=WORKDAYS, tue=WORKDAYS, wed=WORKDAYS, thu=WORKDAYS, fri=WORKDAYS),
        holidays=FRANCE,
        closed_dates=frozenset({date(2024, 8, 14), date(2024, 7, 15)}),
        open_dates=frozenset({date(2024, 5, 8), date(2024, 7, 15), date(2024, 6, 1)}),
        special_days={
            date(2024, 12, 24): shifts("09:00-12:00"),  # Christmas Eve: a half day
            date(2024, 12, 25): shifts("10:00-12:00"),  # a holiday, yet worked
            date(2024, 12, 28): shifts("10:00-14:00"),  # a Saturday, worked
            date(2024, 12, 31): (),  # closed
        },
    )
    return BusinessCalendar(spec, HolidaysPackage())


@pytest.mark.parametrize(
    ("day", "hours"),
    [
        ("2024-08-13", 9),  # an ordinary Tuesday
        ("2024-08-14", 0),  # an extra closed date
        ("2024-08-15", 0),  # a public holiday (Assumption)
        ("2024-05-08", 9),  # a public holiday made an extra open date
        ("2024-05-09", 0),  # the next day is still a holiday (Ascension)
        ("2024-07-15", 9),  # closed and open: the open date wins
        ("2024-06-01", 0),  # an open Saturday keeps Saturday's hours: none
        ("2024-12-24", 3),  # special day 09:00-12:00
        ("2024-12-25", 2),  # special day on a holiday: its own hours win
        ("2024-12-28", 4),  # special day on a Saturday
        ("2024-12-31", 0),  # special day without hours: closed
    ],
)
def test_each_date_has_the_hours_its_exceptions_give(exceptions, day, hours):
    midnight = datetime.fromisoformat(day).replace(tzinfo=exceptions.zone)
    assert exceptions.between(midnight, midnight + timedelta(days=1)) == hours * HOUR


def test_christmas_eve_closes_at_noon_and_the_deadline_moves_on(exceptions):
    assert exceptions.is_open(at("2024-12-24T11:59+01:00"))
    assert not exceptions.is_open(at("2024-12-24T12:00+01:00"))
    due = exceptions.add(at("2024-12-24T11:00+01:00"), 4 * HOUR)
    # 1 h on the 24th, 2 h on the 25th (10:00-12:00), then from 09:00 on the 26th
    assert due.isoformat() == "2024-12-26T10:00:00+01:00"


def test_a_deadline_on_christmas_eve_lands_at_its_noon_closing(exceptions):
    due = exceptions.add(at("2024-12-24T09:00+01:00"), 3 * HOUR)
    assert due.isoformat() == "2024-12-24T12:00:00+01:00"


# ------------------------------------------------------------------- closing times
@pytest.mark.parametrize(
    ("name", "start", "hours", "deadline"),
    [
        # lands exactly at closing time: that instant, not the next opening
        ("previsoft-business", "2024-03-18T14:00+01:00", 4, "2024-03-18T18:00:00+01:00"),
        ("previsoft-business", "2024-03-18T09:00+01:00", 9, "2024-03-18T18:00:00+01:00"),
        # lands at the lunch break: 12:30, not 14:00
        ("previsoft-assistance", "2024-03-18T10:30+01:00", 2, "2024-03-18T12:30:00+01:00"),
        ("previsoft-assistance", "2024-03-18T09:00+01:00", 3.5, "2024-03-18T12:30:00+01:00"),
        # a minute more is a minute after lunch
        ("previsoft-assistance", "2024-03-18T10:30+01:00", 2 + 1 / 60, "2024-03-18T14:01:00+01:00"),
        # IMRI closes at 17:00 on Fridays
        ("imri-onsite", "2024-03-15T16:00+01:00", 1, "2024-03-15T17:00:00+01:00"),
        ("ipfolio-support", "2024-03-15T08:00+00:00", 18, "2024-03-16T02:00:00+00:00"),
        # going back lands on an opening: the latest instant with that much time after it
        ("previsoft-assistance", "2024-03-18T14:00+01:00", -3.5, "2024-03-18T09:00:00+01:00"),
        ("previsoft-assistance", "2024-03-18T15:00+01:00", -1, "2024-03-18T14:00:00+01:00"),
        ("previsoft-business", "2024-03-19T09:00+01:00", -9, "2024-03-18T09:00:00+01:00"),
        # zero hours: the start itself, open or not
        ("previsoft-business", "2024-03-16T10:00+01:00", 0, "2024-03-16T10:00:00+01:00"),
    ],
)
def test_a_deadline_that_lands_on_a_closing_time_is_that_closing_time(
    calendars, name, start, hours, deadline
):
    engine = calendars[name]
    due = engine.add(at(start), timedelta(hours=hours))
    assert due.isoformat() == deadline


def test_the_lunch_break_is_closed_from_12_30_to_14_00(calendars):
    assistance = calendars["previsoft-assistance"]
    assert assistance.is_open(at("2024-03-18T12:29:59+01:00"))
    assert not assistance.is_open(at("2024-03-18T12:30+01:00"))
    assert not assistance.is_open(at("2024-03-18T13:59:59+01:00"))
    assert assistance.is_open(at("2024-03-18T14:00+01:00"))
    assert assistance.between(at("2024-03-18T12:30+01:00"), at("2024-03-18T14:00+01:00")) == (
        timedelta(0)
    )
    assert assistance.between(at("2024-03-18T00:00+01:00"), at("2024-03-19T00:00+01:00")) == (
        timedelta(hours=7.5)
    )


# -------------------------------------------------------------------- next opening
@pytest.mark.parametrize(
    ("name", "instant", "opening"),
    [
        ("previsoft-business", "2024-03-16T10:00+01:00", "2024-03-18T09:00:00+01:00"),
        ("previsoft-business", "2024-03-18T10:00+01:00", "2024-03-18T10:00:00+01:00"),
        ("previsoft-business", "2024-03-18T18:00+01:00", "2024-03-19T09:00:00+01:00"),
        ("previsoft-business", "2024-05-07T18:00+02:00", "2024-05-10T09:00:00+02:00"),
        ("previsoft-assistance", "2024-03-18T12:30+01:00", "2024-03-18T14:00:00+01:00"),
        ("ipfolio-support", "2024-03-16T01:00+00:00", "2024-03-16T01:00:00+00:00"),
        ("ipfolio-support", "2024-03-16T02:00+00:00", "2024-03-18T08:00:00+00:00"),
        ("us-working-hours", "2024-07-03T17:00-04:00", "2024-07-05T09:00:00-04:00"),
        ("always", "2024-03-31T02:00+01:00", "2024-03-31T03:00:00+02:00"),
    ],
)
def test_the_next_opening_is_the_instant_itself_or_the_next_shift(
    calendars, name, instant, opening
):
    engine = calendars[name]
    assert iso(engine, engine.next_opening(at(instant))) == opening


# ------------------------------------------------------------------- business days
@pytest.mark.parametrize(
    ("name", "start", "days", "result"),
    [
        # the same local time on the N-th next business day
        ("previsoft-business", "2024-03-12T10:00+01:00", 3, "2024-03-15T10:00:00+01:00"),
        ("previsoft-business", "2024-03-15T10:00+01:00", 1, "2024-03-18T10:00:00+01:00"),
        ("previsoft-business", "2024-03-15T10:00+01:00", 0, "2024-03-15T10:00:00+01:00"),
        ("previsoft-business", "2024-03-18T10:00+01:00", -1, "2024-03-15T10:00:00+01:00"),
        # across the 8 and 9 May holidays
        ("previsoft-business", "2024-05-07T15:00+02:00", 1, "2024-05-10T15:00:00+02:00"),
        ("us-working-hours", "2024-07-03T11:00-04:00", 1, "2024-07-05T11:00:00-04:00"),
        # IMRI closes at 17:00 on Fridays: Thursday 17:30 + 1 is clamped to Friday 17:00
        ("imri-onsite", "2024-03-14T17:30+01:00", 1, "2024-03-15T17:00:00+01:00"),
        ("imri-onsite", "2024-03-14T16:30+01:00", 1, "2024-03-15T16:30:00+01:00"),
        # a start outside hours counts from the next opening
        ("previsoft-business", "2024-03-18T07:00+01:00", 1, "2024-03-19T09:00:00+01:00"),
        ("previsoft-business", "2024-03-15T19:00+01:00", 1, "2024-03-19T09:00:00+01:00"),
        ("previsoft-business", "2024-03-16T12:00+01:00", 0, "2024-03-18T09:00:00+01:00"),
        ("previsoft-assistance", "2024-03-18T13:00+01:00", 1, "2024-03-19T14:00:00+01:00"),
        # Saturday 01:00 is in Friday's 08:00-02:00 shift: Friday is its business day,
        # so one business day later is Monday's shift at the same time: Tuesday 01:00
        ("ipfolio-support", "2024-03-16T01:00+00:00", 1, "2024-03-19T01:00:00+00:00"),
        ("ipfolio-support", "2024-03-15T10:00+00:00", 1, "2024-03-18T10:00:00+00:00"),
    ],
)
def test_business_days_keep_the_local_time(calendars, name, start, days, result):
    engine = calendars[name]
    assert iso(engine, engine.add_days(at(start), days)) == result


def test_a_wall_time_before_the_days_first_shift_gives_its_first_opening():
    # Fridays open at 10:00: Thursday 08:30 + 1 business day is Friday 10:00
    later = shifts("10:00-17:00")
    spec = CalendarSpec(
        name="late fridays",
        timezone="Europe/Paris",
        weekly=week(mon=WORKDAYS, tue=WORKDAYS, wed=WORKDAYS, thu=shifts("08:00-17:00"), fri=later),
    )
    engine = BusinessCalendar(spec, HolidaysPackage())
    result = engine.add_days(at("2024-03-14T08:30+01:00"), 1)
    assert result.isoformat() == "2024-03-15T10:00:00+01:00"


def test_a_lunch_time_wall_time_is_clamped_to_the_closing_before_it():
    # Monday is worked 09:00-18:00, Tuesday has a lunch break: Monday 13:00 + 1 day is
    # Tuesday 12:30, the closing time before 13:00
    spec = CalendarSpec(
        name="lunch on tuesdays",
        timezone="Europe/Paris",
        weekly=week(mon=WORKDAYS, tue=shifts("09:00-12:30", "14:00-18:00")),
    )
    engine = BusinessCalendar(spec, HolidaysPackage())
    result = engine.add_days(at("2024-03-18T13:00+01:00"), 1)
    assert result.isoformat() == "2024-03-19T12:30:00+01:00"


# ------------------------------------------------------- beyond the holiday data
def fresh(calendars, name: str) -> BusinessCalendar:
    """A calendar of its own, so that far-away queries do not grow the shared one."""
    return BusinessCalendar(calendars[name].spec, HolidaysPackage())


def test_french_holidays_are_known_to_2100_and_queries_beyond_fail_loudly(calendars):
    business = fresh(calendars, "previsoft-business")
    assert business.supported_years[1] == 2100
    assert business.is_open(at("2100-06-15T10:00+02:00"))
    with pytest.raises(CalendarRangeError, match="previsoft-business"):
        business.is_open(at("2150-06-14T10:00+02:00"))
    with pytest.raises(CalendarRangeError):
        business.between(at("2100-06-15T10:00+02:00"), at("2101-02-01T10:00+01:00"))
    with pytest.raises(CalendarRangeError):
        business.next_opening(at("2150-01-01T00:00+01:00"))
    with pytest.raises(CalendarRangeError):
        business.add_days(at("2150-01-01T00:00+01:00"), 1)


def test_a_deadline_that_would_need_unknown_holidays_fails_rather_than_guess(calendars):
    business = fresh(calendars, "previsoft-business")
    # the query starts in a known year, but 2,000 business hours reach 2101
    with pytest.raises(CalendarRangeError):
        business.add(at("2100-10-01T10:00+02:00"), 2000 * HOUR)
    with pytest.raises(CalendarRangeError):
        business.add_seconds_array(np.asarray([4_125_000_000]), np.asarray([3600 * 2000]))


def test_an_in_memory_holiday_table_limits_the_years_the_same_way():
    source = HolidaySource("XX")
    provider = FixedHolidays({source: {date(2024, 3, 13)}}, 2020, 2030)
    spec = CalendarSpec(name="short data", timezone="UTC", weekly=ALWAYS, holidays=source)
    engine = BusinessCalendar(spec, provider)
    assert not engine.is_open(at("2024-03-13T12:00+00:00"))
    assert engine.supported_years == (2021, 2030)
    with pytest.raises(CalendarRangeError):
        engine.is_open(at("2031-06-01T12:00+00:00"))
    with pytest.raises(CalendarRangeError):
        engine.is_open(at("2019-06-01T12:00+00:00"))


def test_a_calendar_without_holidays_answers_far_ahead_until_2200(calendars):
    always = fresh(calendars, "always")
    assert always.is_open(at("2150-06-14T10:00+02:00"))
    with pytest.raises(CalendarRangeError):
        always.is_open(at("2250-06-14T10:00+02:00"))


def test_a_deadline_in_the_last_year_of_holiday_data_is_answered(calendars):
    business = fresh(calendars, "previsoft-business")
    start = at("2099-12-15T10:00+01:00")
    due = business.add(start, 200 * HOUR)
    assert due.isoformat() == "2100-01-18T12:00:00+01:00"
    assert business.between(start, due) == 200 * HOUR
    later = fresh(calendars, "previsoft-business").add_days(start, 30)
    assert later.isoformat() == "2100-01-28T10:00:00+01:00"


def test_instants_before_1970_are_answered_like_any_other(calendars):
    # epoch seconds are negative before 1970
    business = fresh(calendars, "previsoft-business")
    friday, friday_after = at("1960-03-11T10:00+01:00"), at("1960-03-18T10:00+01:00")
    assert business.between(friday, friday_after) == 45 * HOUR
    due = business.add(at("1960-03-15T10:00+01:00"), 10 * HOUR)
    assert due.isoformat() == "1960-03-16T11:00:00+01:00"
    assert business.add(due, -10 * HOUR).isoformat() == "1960-03-15T10:00:00+01:00"
    assert not business.is_open(at("1960-03-12T10:00+01:00"))  # a Saturday


def only_on(day: date, shift: str) -> BusinessCalendar:
    """Open on one date only (a special day), never otherwise."""
    spec = CalendarSpec(
        name="one day", timezone="Europe/Paris", weekly=week(), special_days={day: shifts(shift)}
    )
    return BusinessCalendar(spec, HolidaysPackage())


def test_a_calendar_open_on_one_day_only_finds_it_years_ahead():
    one_day = only_on(date(2027, 5, 5), "10:00-11:00")
    start = at("2024-01-01T00:00+01:00")
    assert one_day.next_opening(start).isoformat() == "2027-05-05T10:00:00+02:00"
    assert one_day.add(start, HOUR / 2).isoformat() == "2027-05-05T10:30:00+02:00"
    assert one_day.add_days(start, 0).isoformat() == "2027-05-05T10:00:00+02:00"
    back = only_on(date(2027, 5, 5), "10:00-11:00").add(at("2030-01-01T00:00+01:00"), -HOUR / 2)
    assert back.isoformat() == "2027-05-05T10:30:00+02:00"


def test_a_business_day_that_never_comes_is_an_error_not_an_endless_search():
    # (near the end of the supported years, 2200 without holiday data, to stay quick)
    one_day = only_on(date(2196, 5, 5), "10:00-11:00")
    with pytest.raises(CalendarRangeError):
        one_day.add_days(at("2195-01-01T00:00+01:00"), 1)
    # a search from far away grows the horizon geometrically: a second or so, not minutes
    never = BusinessCalendar(
        CalendarSpec(name="never", timezone="Europe/Paris", weekly=week()), HolidaysPackage()
    )
    with pytest.raises(CalendarRangeError, match="no open time"):
        never.next_opening(at("2024-01-01T00:00+01:00"))
    with pytest.raises(CalendarRangeError, match="no open time"):
        never.add(at("2024-01-01T00:00+01:00"), HOUR)


class RecordingHolidays(FixedHolidays):
    """Remembers which years were asked for."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.asked: list[tuple[int, int]] = []

    def holidays(self, source: HolidaySource, first_year: int, last_year: int):  # type: ignore[override]
        self.asked.append((first_year, last_year))
        return super().holidays(source, first_year, last_year)


def test_an_empty_query_does_not_stretch_the_horizon_to_the_first_supported_year():
    source = HolidaySource("XX")
    provider = RecordingHolidays({source: set()}, 1900, 2100)
    spec = CalendarSpec(name="recorded", timezone="UTC", weekly=ALWAYS, holidays=source)
    engine = BusinessCalendar(spec, provider)
    assert engine.is_open_array(np.asarray([1_710_000_000])).tolist() == [True]  # 2024
    assert engine.is_open_array(np.asarray([], dtype=np.int64)).tolist() == []
    assert engine.next_opening_array(np.asarray([], dtype=np.int64)).tolist() == []
    assert engine.is_open_array(np.asarray([1_760_000_000])).tolist() == [True]  # 2025
    assert min(first for first, _ in provider.asked) >= 2022


# --------------------------------------------------------------- naive instants
NAIVE = datetime(2024, 3, 15, 16, 0)
AWARE = at("2024-03-15T16:00+01:00")


@pytest.mark.parametrize(
    "query",
    [
        lambda c: c.is_open(NAIVE),
        lambda c: c.between(NAIVE, AWARE),
        lambda c: c.between(AWARE, NAIVE),
        lambda c: c.seconds_between(NAIVE, AWARE),
        lambda c: c.add(NAIVE, HOUR),
        lambda c: c.next_opening(NAIVE),
        lambda c: c.add_days(NAIVE, 1),
        lambda c: c.is_open_array(np.asarray([NAIVE], dtype=object)),
    ],
    ids=["is_open", "between-start", "between-end", "seconds", "add", "next", "days", "array"],
)
def test_a_naive_instant_is_refused(calendars, query):
    with pytest.raises(NaiveInstantError):
        query(calendars["previsoft-business"])
