"""The obligations feed, parsed back with the icalendar library and checked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.adapters.reports.ics import schedule_to_ics
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.obligations.model import Trigger
from slaledger.domain.obligations.schedule import build_schedule
from tests.conftest import ROOT
from tests.unit.domain.obligations.conftest import paris

IMRI = ROOT / "examples" / "contracts" / "004-imri.yaml"


@pytest.fixture(scope="module")
def imri_schedule():
    contract = load_contract(IMRI).contract
    provider = HolidaysPackage()
    calendars = {n: BusinessCalendar(s, provider) for n, s in contract.calendars.items()}
    triggers = [
        Trigger("service-opened", paris(2024, 3, 15), whole_day=True),
        Trigger("visit-scheduled", paris(2025, 3, 17, 10), ref="V1"),
        Trigger(
            "maintenance", paris(2025, 4, 5, 1), end=paris(2025, 4, 5, 3), clause="exceptional"
        ),
    ]
    return build_schedule(
        contract,
        triggers=triggers,
        calendars=calendars,
        start=paris(2025, 1, 1),
        end=paris(2026, 1, 1),
    )


def _feed(schedule, at=datetime(2025, 1, 1, tzinfo=UTC)):
    return schedule_to_ics(schedule, generated_at=at)


def test_the_feed_parses_back_and_validates(imri_schedule):
    calendar = Calendar.from_ical(_feed(imri_schedule))
    calendar.validate()
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"].startswith("-//SLA Ledger")
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Paris"]
    assert calendar.get_missing_tzids() == set()


def test_every_event_has_a_uid_and_a_stamp_and_uids_are_unique(imri_schedule):
    events = Calendar.from_ical(_feed(imri_schedule)).events
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) == len(events)
    assert all("DTSTAMP" in e for e in events)


def test_uids_are_stable_across_exports(imri_schedule):
    first = Calendar.from_ical(_feed(imri_schedule)).events
    later = Calendar.from_ical(_feed(imri_schedule, datetime(2025, 6, 1, tzinfo=UTC))).events
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in later]


def test_the_patch_window_is_a_recurring_event_in_paris_time(imri_schedule):
    events = Calendar.from_ical(_feed(imri_schedule)).events
    [patch] = [e for e in events if "patch-window" in str(e["SUMMARY"])]
    assert patch.start == paris(2025, 1, 19, 4)
    assert patch.end - patch.start == timedelta(hours=1)
    rule = patch["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"]
    assert rule["BYDAY"] == ["SU"]
    assert rule["BYMONTHDAY"] == list(range(13, 20))
    assert str(patch["DTSTART"].params["TZID"]) == "Europe/Paris"


def test_notice_deadlines_carry_reminders(imri_schedule):
    events = Calendar.from_ical(_feed(imri_schedule)).events
    [notice] = [e for e in events if str(e["SUMMARY"]).startswith("termination-notice due")]
    assert notice.start == date(2025, 12, 14)  # an all-day deadline on its last day
    triggers = sorted(a["TRIGGER"].dt for a in notice.walk("VALARM"))
    assert triggers == [timedelta(days=-14), timedelta(days=-2)]
    assert "act by 2025-12-12" in str(notice["DESCRIPTION"])


def test_a_timed_deadline_keeps_its_instant(imri_schedule):
    events = Calendar.from_ical(_feed(imri_schedule)).events
    [visit] = [e for e in events if "[visit-notice]" in str(e["SUMMARY"])]
    assert visit.start == paris(2025, 3, 15, 10)


def test_a_planned_window_is_a_timed_event(imri_schedule):
    events = Calendar.from_ical(_feed(imri_schedule)).events
    [window] = [e for e in events if "[exceptional]" in str(e["SUMMARY"])]
    assert (window.start, window.end) == (paris(2025, 4, 5, 1), paris(2025, 4, 5, 3))


def test_lines_end_with_crlf_and_are_folded(imri_schedule):
    data = _feed(imri_schedule)
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
