"""A notice in business days is business time up to the window's start (issue: a
Saturday-night window announced a whole business week ahead was refused).

The clause is 003's preventive maintenance given "5 business days" in a Mon-Fri
08:00-18:00 Paris calendar with French holidays: five days are 50 business hours.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from slaledger.adapters.files.calendar_file import calendars_from_document
from slaledger.adapters.files.yaml_source import load_yaml_text
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.values import Duration, TimeUnit
from slaledger.domain.maintenance import RULE_NOTICE, MaintenanceRules, Window, assess
from tests.unit.domain.maintenance.conftest import HOUR, at

OFFICE = """
calendars:
  office:
    timezone: Europe/Paris
    hours:
      mon-fri: ["08:00-18:00"]
    holidays: {country: FR}
"""


@pytest.fixture(scope="module")
def rules(previsoft_rules: MaintenanceRules) -> MaintenanceRules:
    spec = calendars_from_document(load_yaml_text(OFFICE, "office.yaml"))["office"]
    office = BusinessCalendar(spec, HolidaysPackage())
    five = Duration(Decimal(5), TimeUnit.BUSINESS_DAY)
    clauses = tuple(
        replace(m, minimum_notice=five, calendar="office") if m.clause.id == "preventive" else m
        for m in previsoft_rules.clauses
    )
    return replace(
        previsoft_rules,
        clauses=clauses,
        kpis=(),
        calendars=lambda name: office if name == "office" else previsoft_rules.calendars(name),
    )


def _notice(rules: MaintenanceRules, announced: str, start: str):
    begin = at(start)
    verdict = assess(Window("preventive", begin, begin + HOUR, at(announced)), rules)
    [reason] = [r for r in verdict.reasons if r.rule == RULE_NOTICE]
    return verdict.allowed, reason


@pytest.mark.parametrize(
    ("announced", "start", "allowed"),
    [
        # Saturday noon to the next Saturday 22:00: a whole business week, 50 h
        ("2026-11-28 12:00", "2026-12-05 22:00", True),
        # Monday 08:01 to Saturday 22:00: one minute short
        ("2026-11-30 08:01", "2026-12-05 22:00", False),
        # Thursday 17:59: 1 min + 10 h + 40 h (Mon-Thu) by the next Thursday 17:59
        ("2026-11-26 17:59", "2026-12-03 17:59", True),
        ("2026-11-26 17:59", "2026-12-03 17:58", False),
        # announced at closing (Thursday 18:00): the five days end next Thursday 18:00,
        # and a start at closing time or later that evening is allowed
        ("2026-11-26 18:00", "2026-12-03 18:00", True),
        ("2026-11-26 18:00", "2026-12-03 23:00", True),
        ("2026-11-26 18:00", "2026-12-03 17:59", False),
    ],
)
def test_the_notice_is_the_business_time_before_the_start(rules, announced, start, allowed):
    ok, reason = _notice(rules, announced, start)
    assert ok is allowed
    assert reason.ok is allowed
    assert reason.clause == "preventive"


def test_a_holiday_in_the_week_is_not_a_day_of_notice(rules):
    """Wednesday 11 November 2026 (Armistice) is closed: announced Saturday 7 November,
    the five days end Monday 16 November 18:00, not Friday 13th."""
    assert _notice(rules, "2026-11-07 12:00", "2026-11-14 22:00")[0] is False
    assert _notice(rules, "2026-11-07 12:00", "2026-11-16 17:59")[0] is False
    assert _notice(rules, "2026-11-07 12:00", "2026-11-16 18:00")[0] is True


def test_the_week_of_the_autumn_dst_change_counts_the_same_fifty_hours(rules):
    """25 October 2026, 03:00 CEST -> 02:00 CET: a Sunday, no business hour moves."""
    assert _notice(rules, "2026-10-24 12:00", "2026-10-31 22:00")[0] is True
    assert _notice(rules, "2026-10-26 08:01", "2026-10-31 22:00")[0] is False


def test_the_notice_agrees_with_the_calendars_business_seconds(rules):
    """The verdict is business seconds from the announcement to the start >= 5 x 10 h,
    checked against the calendar engine's own count for a set of announcements."""
    office = rules.calendars("office")
    start = at("2026-12-05 22:00")
    for hour in range(0, 24 * 8, 5):
        announced = at("2026-11-27 00:00") + hour * HOUR
        given = office.seconds_between_array([announced], [start])[0]
        begin = Window("preventive", start, start + HOUR, announced)
        assert assess(begin, rules).allowed is bool(given >= 50 * HOUR), hour


def test_the_week_of_the_spring_dst_change_counts_fifty_hours_to_a_start_after_it(rules):
    """29 March 2026, 02:00 CET -> 03:00 CEST: a window on Sunday 03:30, just after the
    change and in closed time, has the business week before it, not a wall-clock week."""
    assert _notice(rules, "2026-03-21 12:00", "2026-03-29 03:30")[0] is True
    assert _notice(rules, "2026-03-23 08:01", "2026-03-29 03:30")[0] is False
    # announced Friday 20 March 17:59 (CET), the five days end Friday 27 March 17:59 (CEST)
    assert _notice(rules, "2026-03-20 17:59", "2026-03-27 17:59")[0] is True
    assert _notice(rules, "2026-03-20 17:59", "2026-03-27 17:58")[0] is False


def test_a_window_on_a_holiday_is_judged_by_the_business_time_before_it(rules):
    """Wednesday 11 November 2026 is closed all day: a window at 10:00 that day has the
    business time up to Tuesday 18:00 behind it (Tuesday 3 November 18:00 is five days)."""
    assert _notice(rules, "2026-11-03 18:00", "2026-11-11 10:00")[0] is True
    assert _notice(rules, "2026-11-04 08:01", "2026-11-11 10:00")[0] is False
