"""Calendars and instants the calendar tests share (a helper, not a test module)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from slaledger.adapters.files.calendar_file import parse_shift
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.spec import CalendarSpec, HolidayRule, HolidaySource, Shift

#: the six calendars of examples/calendars.yaml
EXAMPLES = (
    "previsoft-business",
    "previsoft-assistance",
    "imri-onsite",
    "ipfolio-support",
    "us-working-hours",
    "always",
)
#: zones with DST changes of one hour (Paris, New York), none (UTC), half an hour
#: (Lord Howe), and at midnight (Havana springs from 00:00 to 01:00)
ZONES = ("Europe/Paris", "America/New_York", "UTC", "Australia/Lord_Howe", "America/Havana")
FIRST_YEAR, LAST_YEAR = 2020, 2030
MINUTE = 60
DAY_MINUTES = 24 * 60


def moment(at: datetime) -> tuple[float, timedelta | None]:
    """An aware datetime as (instant, offset shown).

    Compare these, not datetimes: two datetimes with the same ``tzinfo`` compare by wall
    time and ignore ``fold``, so 02:30 CEST and 02:30 CET of an autumn night are "equal".
    """
    return at.timestamp(), at.utcoffset()


def utc(at: datetime) -> datetime:
    """The same instant in UTC, where ``at ± timedelta`` is real elapsed time.

    An aware datetime in a zone adds and subtracts on its wall clock: 02:00 CET on an
    autumn night minus one second is 01:59:59 CEST, an hour and a second earlier.
    """
    return at.astimezone(UTC)


def epoch_of(day: date) -> int:
    """Epoch seconds of UTC midnight of ``day``."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _offset_changes(zone_name: str) -> list[int]:
    """UTC midnight of each day on which the zone's offset changes, FIRST..LAST_YEAR."""
    zone = ZoneInfo(zone_name)
    changes = []
    day = date(FIRST_YEAR, 1, 1)
    previous = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC).astimezone(zone).utcoffset()
    while day.year <= LAST_YEAR:
        current = datetime(day.year, day.month, day.day, 12, tzinfo=UTC).astimezone(zone)
        if current.utcoffset() != previous:
            changes.append(epoch_of(day))
            previous = current.utcoffset()
        day += timedelta(days=1)
    return changes


def _holidays(country: str) -> set[int]:
    return {epoch_of(d) for d in HolidaysPackage().holidays(HolidaySource(country), 2023, 2026)}


#: where bugs hide: DST changes, new year (where compiled horizons end), public holidays
ANCHORS = sorted(
    {change for zone in ZONES for change in _offset_changes(zone)}
    | {epoch_of(date(year, 1, 1)) for year in range(FIRST_YEAR, LAST_YEAR + 2)}
    | _holidays("FR")
    | _holidays("US")
)


def instants(resolution: int = MINUTE) -> st.SearchStrategy[datetime]:
    """Aware UTC instants on multiples of ``resolution`` seconds, 2020-2030.

    Half are drawn uniformly, half within four days of an anchor.
    """
    lo = epoch_of(date(FIRST_YEAR, 1, 1)) // resolution
    hi = epoch_of(date(LAST_YEAR, 12, 31)) // resolution
    steps = 4 * 86_400 // resolution
    uniform = st.integers(lo, hi).map(lambda n: n * resolution)
    near = st.builds(
        lambda anchor, n: anchor + n * resolution,
        st.sampled_from(ANCHORS),
        st.integers(-steps, steps),
    )
    return st.one_of(uniform, near).map(lambda epoch: datetime.fromtimestamp(epoch, tz=UTC))


def far_instants(resolution: int = MINUTE) -> st.SearchStrategy[datetime]:
    """Aware UTC instants anywhere in 1930-2099: before 1970 epoch seconds are negative.

    (Not earlier: before 1925 some zones ran on local mean time, whose offsets have
    seconds, and shift boundaries would fall between whole minutes.)
    """
    lo = epoch_of(date(1930, 1, 1)) // resolution
    hi = epoch_of(date(2099, 12, 1)) // resolution
    return st.integers(lo, hi).map(lambda n: datetime.fromtimestamp(n * resolution, tz=UTC))


def shifts(*texts: str) -> tuple[Shift, ...]:
    """Shifts written as in a calendar file: shifts("09:00-12:00", "22:00-06:00")."""
    return tuple(parse_shift(text) for text in texts)


def week(**days: tuple[Shift, ...]) -> tuple[tuple[Shift, ...], ...]:
    """The weekly shifts of a CalendarSpec, by weekday name: week(mon=..., sat=...)."""
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return tuple(days.get(name, ()) for name in names)


NIGHTS = shifts("22:00-06:00")
_WEEKNIGHTS = {day: NIGHTS for day in ("sun", "mon", "tue", "wed", "thu", "fri")}

HAND_WRITTEN = {
    # nights across DST changes; holidays close the shifts that start on them
    "paris-nights": CalendarSpec(
        name="paris-nights",
        timezone="Europe/Paris",
        weekly=week(**_WEEKNIGHTS),
        holidays=HolidaySource("FR"),
        closed_dates=frozenset({date(2024, 8, 14), date(2025, 8, 14)}),
        open_dates=frozenset({date(2024, 5, 8)}),
        special_days={
            date(2024, 12, 24): shifts("09:00-12:00"),
            date(2024, 12, 31): (),
            date(2025, 3, 30): shifts("01:00-05:00"),
        },
    ),
    # the same nights; holidays close their local 00:00-24:00
    "paris-nights-local-day": CalendarSpec(
        name="paris-nights-local-day",
        timezone="Europe/Paris",
        weekly=week(**_WEEKNIGHTS),
        holidays=HolidaySource("FR"),
        closed_dates=frozenset({date(2024, 8, 14)}),
        open_dates=frozenset({date(2024, 11, 11)}),
        special_days={date(2024, 12, 24): shifts("09:00-12:00")},
        holiday_rule=HolidayRule.LOCAL_DAY,
    ),
    # New York evenings every day, US holidays as local days, and a special early shift
    # that the evening before still covers (the overlap belongs to the earlier shift)
    "new-york-evenings": CalendarSpec(
        name="new-york-evenings",
        timezone="America/New_York",
        weekly=tuple(shifts("20:00-04:00") for _ in range(7)),
        holidays=HolidaySource("US"),
        special_days={
            date(2024, 12, 25): shifts("02:00-10:00"),
            date(2024, 12, 26): shifts("00:00-24:00"),
        },
        holiday_rule=HolidayRule.LOCAL_DAY,
    ),
    # shift boundaries inside the Paris gap (02:00-03:00 in March) and overlap (October)
    "paris-small-hours": CalendarSpec(
        name="paris-small-hours",
        timezone="Europe/Paris",
        weekly=week(
            sun=shifts("00:30-02:15", "02:20-02:40", "02:45-04:00", "23:00-01:00"),
            mon=shifts("02:10-02:50"),
        ),
    ),
    # an overnight shift that ends inside the gap, after the next shift has started
    "paris-gap-nights": CalendarSpec(
        name="paris-gap-nights",
        timezone="Europe/Paris",
        weekly=week(
            sat=shifts("20:00-02:30"),
            sun=shifts("03:00-10:00", "22:00-02:15"),
            mon=shifts("02:30-06:00"),
        ),
    ),
    # New York: gap 02:00-03:00 in March, overlap 01:00-02:00 in November; the shift
    # 02:15-02:45 moves to 03:15-03:45 in March, inside the 03:00-09:00 shift
    "new-york-small-hours": CalendarSpec(
        name="new-york-small-hours",
        timezone="America/New_York",
        weekly=week(
            sat=shifts("01:30-02:30", "18:00-01:30"),
            sun=shifts("02:15-02:45", "03:00-09:00", "22:00-01:15"),
            mon=shifts("01:15-01:45", "08:00-17:00"),
        ),
        holidays=HolidaySource("US"),
    ),
    # a French region (Alsace-Moselle: Good Friday and 26 December are holidays there)
    "moselle": CalendarSpec(
        name="moselle",
        timezone="Europe/Paris",
        weekly=week(
            mon=shifts("08:00-12:00", "13:00-17:00"),
            tue=shifts("08:00-12:00", "13:00-17:00"),
            wed=shifts("08:00-12:00"),
            thu=shifts("08:00-12:00", "13:00-17:00"),
            fri=shifts("08:00-12:00", "13:00-16:00"),
        ),
        holidays=HolidaySource("FR", "57"),
    ),
}
