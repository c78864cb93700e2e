"""The calendar YAML format: what it accepts, and one clear, located error per mistake."""

from __future__ import annotations

from datetime import date
from textwrap import dedent

import pytest

from slaledger.adapters.files.calendar_file import calendars_from_document, load_calendar_file
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.files.yaml_source import load_yaml_text
from slaledger.adapters.i18n import english
from slaledger.domain.calendar.spec import ALWAYS, DAY, HolidayRule, HolidaySource, Shift
from tests.conftest import EXAMPLE_CALENDARS

FILE = "calendars.yaml"
HOUR = 3600


def load(text: str):
    return calendars_from_document(load_yaml_text(dedent(text), FILE))


def problems(text: str):
    with pytest.raises(InputError) as caught:
        load(text)
    return caught.value.problems


# ------------------------------------------------------------------ what loads
def test_the_example_file_loads_as_it_is():
    specs = load_calendar_file(EXAMPLE_CALENDARS)
    assert list(specs) == [
        "previsoft-business",
        "previsoft-assistance",
        "imri-onsite",
        "ipfolio-support",
        "us-working-hours",
        "always",
    ]
    imri = specs["imri-onsite"]
    assert imri.timezone == "Europe/Paris"
    assert imri.holidays == HolidaySource("FR")
    assert imri.weekly[0] == (Shift(9 * HOUR, 12 * HOUR + 1800), Shift(14 * HOUR, 18 * HOUR))
    assert imri.weekly[4] == (Shift(9 * HOUR, 12 * HOUR + 1800), Shift(14 * HOUR, 17 * HOUR))
    assert imri.weekly[5] == imri.weekly[6] == ()
    # 08:00-02:00 ends at 02:00 the next day
    assert specs["ipfolio-support"].weekly[4] == (Shift(8 * HOUR, DAY + 2 * HOUR),)
    assert specs["always"].weekly == ALWAYS
    assert specs["always"].holidays is None


def test_every_key_of_the_format_is_read():
    specs = load(
        """
        calendars:
          full:
            timezone: Europe/Paris
            hours:
              fri-mon: ["22:00-06:00"]        # a range that wraps over the weekend
              tuesday,thu: ["08:00-12:00", "13:00-24:00"]
            holidays: {country: FR, subdiv: 57}
            holiday_rule: local-day
            closed: [2024-08-14]
            open: [2024-05-08]
            special:
              2024-12-24: ["09:00-12:00"]
              2024-12-31: []
        """
    )
    spec = specs["full"]
    night = (Shift(22 * HOUR, DAY + 6 * HOUR),)
    assert spec.weekly == (
        night,
        (Shift(8 * HOUR, 12 * HOUR), Shift(13 * HOUR, DAY)),
        (),
        (Shift(8 * HOUR, 12 * HOUR), Shift(13 * HOUR, DAY)),
        night,
        night,
        night,
    )
    assert spec.holidays == HolidaySource("FR", "57")
    assert spec.holiday_rule is HolidayRule.LOCAL_DAY
    assert spec.closed_dates == {date(2024, 8, 14)}
    assert spec.open_dates == {date(2024, 5, 8)}
    assert spec.special_days == {
        date(2024, 12, 24): (Shift(9 * HOUR, 12 * HOUR),),
        date(2024, 12, 31): (),
    }


def test_holiday_rule_defaults_to_shift_start_and_subdivision_names_are_accepted():
    spec = load(
        """
        calendars:
          alsace:
            timezone: Europe/Paris
            hours: {mon-fri: ["09:00-17:00"]}
            holidays: {country: FR, subdiv: Alsace}
        """
    )["alsace"]
    assert spec.holiday_rule is HolidayRule.SHIFT_START
    assert spec.holidays == HolidaySource("FR", "Alsace")


# ---------------------------------------------------------------- bad input
BASE = """\
calendars:
  support:
    timezone: Europe/Paris
    hours:
      mon-thu: ["09:00-18:00"]
"""


@pytest.mark.parametrize(
    ("text", "line", "field", "expected", "found"),
    [
        # an unknown weekday, on the second key of the mapping
        (
            BASE + '      fry: ["09:00-17:00"]\n',
            6,
            "calendars.support.hours.fry",
            "weekdays such as mon, mon-fri or sat,sun",
            "'fry'",
        ),
        # an hour that does not exist, in the second shift of a day
        (
            BASE + '      fri: ["09:00-12:00", "13:00-25:00"]\n',
            6,
            "calendars.support.hours.fri[1]",
            "a shift 'HH:MM-HH:MM' with hours 00-23 (24:00 as an end)",
            "'13:00-25:00'",
        ),
        # two shifts of one day that overlap
        (
            BASE + '      fri: ["09:00-12:00", "11:00-17:00"]\n',
            6,
            "calendars.support.hours.fri",
            "shifts that do not overlap",
            "09:00-12:00 and 11:00-17:00, which overlap",
        ),
        # a night shift that runs into the next day's first shift
        (
            BASE + '      fri: ["20:00-10:00"]\n      sat: ["09:00-12:00"]\n',
            7,
            "calendars.support.hours.sat",
            "shifts that do not overlap",
            "fri's shift 20:00-10:00 runs into sat's shift 09:00-12:00",
        ),
        # a weekday given twice
        (
            BASE + '      thu: ["09:00-17:00"]\n',
            6,
            "calendars.support.hours.thu",
            "each weekday once",
            "thu in 'mon-thu' and in 'thu'",
        ),
        # shifts that are not a list
        (
            BASE + '      fri: "09:00-17:00"\n',
            6,
            "calendars.support.hours.fri",
            'a list of shifts such as ["09:00-18:00"]',
            "'09:00-17:00'",
        ),
        # an unknown time zone
        (
            BASE.replace("Europe/Paris", "Europe/Pariss"),
            3,
            "calendars.support.timezone",
            "an IANA time zone name such as Europe/Paris",
            "'Europe/Pariss'",
        ),
        # an unknown country, and an unknown subdivision of a known one
        (
            BASE + "    holidays: {country: XX}\n",
            6,
            "calendars.support.holidays.country",
            "a country code the holidays package supports",
            "'XX'",
        ),
        (
            BASE + "    holidays: {country: FR, subdiv: '99'}\n",
            6,
            "calendars.support.holidays.subdiv",
            "a subdivision code of FR (57, 6AE,",
            "'99'",
        ),
        # a duplicate key, which YAML would silently overwrite
        (
            BASE + "    timezone: UTC\n",
            6,
            "calendars.support.timezone",
            "each key once",
            "a second 'timezone'",
        ),
        # a date that does not exist, and a rule that does not exist
        (
            BASE + "    closed: [2024-08-14, 2024-02-30]\n",
            6,
            "calendars.support.closed[1]",
            "a valid date",
            "'2024-02-30'",
        ),
        (
            BASE + "    holiday_rule: whole-day\n",
            6,
            "calendars.support.holiday_rule",
            "'shift-start' or 'local-day'",
            "'whole-day'",
        ),
        # special days: a bad shift, overlapping shifts
        (
            BASE + '    special:\n      2024-12-24: ["09:00-12:00", "10:00-11:00"]\n',
            7,
            "calendars.support.special.2024-12-24",
            "shifts that do not overlap",
            "09:00-12:00 and 10:00-11:00, which overlap",
        ),
        (
            BASE + '    special:\n      2024-12-24: ["9h-12h"]\n',
            7,
            "calendars.support.special.2024-12-24[0]",
            "a shift 'HH:MM-HH:MM'",
            "'9h-12h'",
        ),
        # neither 24/7 nor weekdays; an unknown field; a missing field
        (
            BASE.replace('mon-thu: ["09:00-18:00"]', "").replace("hours:", "hours: always"),
            4,
            "calendars.support.hours",
            '"24/7" or a mapping of weekdays to shifts',
            "'always'",
        ),
        (
            BASE + "    timezone_name: UTC\n",
            6,
            "calendars.support.timezone_name",
            "only known fields",
            "unknown field 'timezone_name'",
        ),
        (
            BASE.replace("    timezone: Europe/Paris\n", ""),
            3,
            "calendars.support.timezone",
            "this field",
            "nothing",
        ),
        # YAML that does not parse
        (
            BASE + '      fri: ["09:00-17:00"\n',
            7,
            "",
            "valid YAML",
            "expected ',' or ']'",
        ),
    ],
)
def test_a_mistake_gives_one_error_with_file_line_field_expected_and_found(
    text, line, field, expected, found
):
    (problem,) = problems(text)
    assert problem.file == FILE
    assert problem.line == line
    assert problem.field == field
    assert english(problem.expected).startswith(expected)
    assert english(problem.found).startswith(found)
    # and reads as one line a person understands
    assert str(problem).startswith(f"{FILE}:{line}:")
    assert f"expected {english(problem.expected)}, found {english(problem.found)}" in str(problem)


def test_three_mistakes_on_three_lines_are_all_reported_with_their_lines():
    found = problems(
        """\
        calendars:
          support:
            timezone: Mars/Olympus
            hours:
              mon-fri: ["09:00-18:00"]
              sat: ["09:00-25:00"]
              sunday-funday: ["10:00-11:00"]
        """
    )
    assert [(p.line, p.field) for p in found] == [
        (3, "calendars.support.timezone"),
        (6, "calendars.support.hours.sat[0]"),
        (7, "calendars.support.hours.sunday-funday"),
    ]


def test_mistakes_in_two_calendars_are_reported_together():
    found = problems(
        """\
        calendars:
          one:
            timezone: UTC
            hours: {mon: ["09:00-18:00", "17:00-19:00"]}
          two:
            timezone: UTC
            hours: "24/7"
            holidays: {country: ZZ}
        """
    )
    assert [(p.line, p.field) for p in found] == [
        (4, "calendars.one.hours.mon"),
        (8, "calendars.two.holidays.country"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "a mapping with a 'calendars' key"),
        ("- just\n- a list\n", "a mapping with a 'calendars' key"),
        ("calendar: {}\n", "this field"),
    ],
)
def test_a_file_that_is_not_a_calendar_file_says_what_it_should_be(text, expected):
    assert any(english(p.expected) == expected for p in problems(text))


def test_a_missing_file_is_an_input_error_naming_it(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(InputError) as caught:
        load_calendar_file(missing)
    (problem,) = caught.value.problems
    assert problem.file == str(missing)
    assert english(problem.found) == "no such file"
