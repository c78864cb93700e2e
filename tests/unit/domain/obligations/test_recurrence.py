"""Recurring windows: "the Sunday after the second Tuesday of each month at 04:00"."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from dateutil.rrule import rrulestr

from slaledger.adapters.i18n import english
from slaledger.domain.contract.maintenance import RecurringWindow
from slaledger.domain.contract.values import parse_duration
from slaledger.domain.obligations.recurrence import (
    RecurrenceError,
    anchor_days,
    ics_rule,
    occurrences,
    parse_rule,
)
from tests.unit.domain.obligations.conftest import PARIS, paris

PATCH = RecurringWindow(
    rrule="FREQ=MONTHLY;BYDAY=+2TU",
    start=4 * 3600,
    max_duration=parse_duration("1h"),
    offset=parse_duration("5 days"),
)


def test_imri_patch_windows_fall_on_the_sunday_after_the_second_tuesday():
    spans = occurrences(PATCH, zone=PARIS, start=paris(2024, 1, 1), end=paris(2024, 6, 30))
    assert [s.date() for s, _ in spans] == [
        date(2024, 1, 14),  # 2nd Tuesday 9 January
        date(2024, 2, 18),  # 13 February
        date(2024, 3, 17),
        date(2024, 4, 14),
        date(2024, 5, 19),
        date(2024, 6, 16),
    ]
    assert all(s.hour == 4 and (e - s).total_seconds() == 3600 for s, e in spans)


def test_the_patch_window_is_one_exact_rrule_for_calendar_applications():
    rule = ics_rule(PATCH.rrule, PATCH.offset)
    assert rule == "FREQ=MONTHLY;BYDAY=SU;BYMONTHDAY=13,14,15,16,17,18,19"
    ours = occurrences(PATCH, zone=PARIS, start=paris(2024, 1, 1), end=paris(2030, 12, 31))
    theirs = list(
        rrulestr(rule, dtstart=ours[0][0].replace(tzinfo=None)).between(
            datetime(2024, 1, 1), datetime(2030, 12, 31), inc=True
        )
    )
    assert [s.replace(tzinfo=None) for s, _ in ours] == theirs


def test_a_window_in_a_dst_gap_keeps_its_length_in_real_time():
    window = RecurringWindow("FREQ=MONTHLY;BYDAY=-1SU", 2 * 3600 + 1800, parse_duration("1h"))
    [(start, end)] = occurrences(
        window, zone=PARIS, start=paris(2024, 3, 1), end=paris(2024, 3, 31, 23)
    )
    assert start == paris(2024, 3, 31, 3, 30)  # 02:30 does not exist: forward by the gap
    assert end == paris(2024, 3, 31, 4, 30)
    assert (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() == 3600


@pytest.mark.parametrize(
    ("rule", "first_days"),
    [
        ("FREQ=WEEKLY;BYDAY=MO,TH", [date(2024, 1, 1), date(2024, 1, 4), date(2024, 1, 8)]),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", [date(2024, 3, 31), date(2025, 3, 30)]),
        ("FREQ=DAILY;INTERVAL=10;COUNT=2", [date(2024, 1, 1), date(2024, 1, 11)]),
    ],
)
def test_the_supported_rrule_subset_expands_like_rfc_5545(rule, first_days):
    days = anchor_days(parse_rule(rule), date(2024, 1, 1))
    assert [next(days) for _ in first_days] == first_days


def test_an_unsupported_rrule_part_is_refused_by_name():
    with pytest.raises(RecurrenceError) as caught:
        parse_rule("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1")
    assert english(caught.value.message) == "RRULE parts BYSETPOS are not supported"


def test_an_offset_that_leaves_the_month_has_no_single_rrule():
    assert ics_rule("FREQ=MONTHLY;BYDAY=+4TU", parse_duration("6 days")) is None
