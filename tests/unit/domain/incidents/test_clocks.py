"""Clocks: deadlines, pauses, elapsed, left and status, computed in bulk."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from slaledger.domain.calendar.engine import to_epoch
from slaledger.domain.incidents.clocks import NEVER, NO_TARGET, Pauses, Unit, compute_clocks

PARIS = ZoneInfo("Europe/Paris")
HOUR = 3600


def paris(*args: int) -> int:
    return to_epoch(datetime(*args, tzinfo=PARIS))


def run(calendar, *, start, stop, target, pauses=None, at, unit=Unit.BUSINESS_SECONDS, risk=0.75):
    return compute_clocks(
        calendar=calendar,
        start=np.asarray(start, dtype=np.int64),
        stop=np.asarray(stop, dtype=np.int64),
        target=np.asarray(target, dtype=np.int64),
        unit=unit,
        pauses=pauses or Pauses.none(),
        at=at,
        risk_share=risk,
    )


def test_a_p2_restored_after_four_business_hours_is_met_exactly_at_its_deadline(calendars):
    result = run(
        calendars["previsoft-business"],
        start=[paris(2024, 3, 15, 16)],
        stop=[paris(2024, 3, 18, 11)],
        target=[4 * HOUR],
        at=paris(2024, 4, 1, 0),
    )
    assert result.elapsed.tolist() == [4 * HOUR]
    assert result.deadline.tolist() == [paris(2024, 3, 18, 11)]
    assert result.statuses() == ["met"]
    assert result.breached_at.tolist() == [NEVER]


def test_a_clock_stopped_one_second_late_is_breached_at_its_deadline(calendars):
    result = run(
        calendars["previsoft-business"],
        start=[paris(2024, 3, 15, 16)],
        stop=[paris(2024, 3, 18, 11) + 1],
        target=[4 * HOUR],
        at=paris(2024, 4, 1, 0),
    )
    assert result.statuses() == ["breached"]
    assert result.breached_at.tolist() == [paris(2024, 3, 18, 11)]


def test_a_pause_across_a_weekend_and_a_holiday_moves_the_deadline_but_not_the_original(
    calendars,
):
    # P2 notified Tue 7 May 2024 16:00; waiting for the customer from 17:00 to Fri 10 May
    # 10:00 (8 and 9 May are holidays): 1 h + 1 h of business time paused.
    result = run(
        calendars["previsoft-business"],
        start=[paris(2024, 5, 7, 16)],
        stop=[NEVER],
        target=[4 * HOUR],
        pauses=Pauses(
            np.asarray([0]),
            np.asarray([paris(2024, 5, 7, 17)]),
            np.asarray([paris(2024, 5, 10, 10)]),
        ),
        at=paris(2024, 5, 10, 11),
    )
    assert result.original_deadline.tolist() == [paris(2024, 5, 10, 11)]
    assert result.deadline.tolist() == [paris(2024, 5, 10, 13)]
    assert result.elapsed.tolist() == [2 * HOUR]
    assert result.left.tolist() == [2 * HOUR]
    assert result.statuses() == ["running"]


def test_an_ongoing_pause_shows_a_deadline_that_moves_with_the_evaluation_instant(calendars):
    pauses = Pauses(np.asarray([0]), np.asarray([paris(2024, 3, 18, 9)]), np.asarray([NEVER]))
    common = dict(start=[paris(2024, 3, 15, 16)], stop=[NEVER], target=[4 * HOUR], pauses=pauses)
    at_ten = run(calendars["previsoft-business"], at=paris(2024, 3, 18, 10), **common)
    at_noon = run(calendars["previsoft-business"], at=paris(2024, 3, 18, 12), **common)
    assert at_ten.statuses() == at_noon.statuses() == ["paused"]
    assert at_ten.deadline.tolist() == [paris(2024, 3, 18, 12)]
    assert at_noon.deadline.tolist() == [paris(2024, 3, 18, 14)]
    assert at_ten.elapsed.tolist() == at_noon.elapsed.tolist() == [2 * HOUR]


@pytest.mark.parametrize(
    ("at", "status"),
    [
        (paris(2024, 3, 18, 9, 59), "running"),  # 2 h 59 min of 4 h elapsed
        (paris(2024, 3, 18, 10), "at-risk"),  # 3 h = 75 %
        (paris(2024, 3, 18, 11), "breached"),  # at the deadline, still running
    ],
)
def test_a_running_clock_goes_at_risk_then_breached(calendars, at, status):
    result = run(
        calendars["previsoft-business"],
        start=[paris(2024, 3, 15, 16)],
        stop=[NEVER],
        target=[4 * HOUR],
        at=at,
    )
    assert result.statuses() == [status]


def test_a_clock_without_target_has_no_deadline(calendars):
    result = run(
        calendars["always"],
        start=[paris(2024, 3, 15, 16)],
        stop=[NEVER],
        target=[NO_TARGET],
        at=paris(2024, 3, 20, 0),
    )
    assert result.statuses() == ["no-target"]
    assert result.deadline.tolist() == [NEVER]


def test_business_day_targets_land_on_the_same_local_time(calendars):
    result = run(
        calendars["previsoft-business"],
        start=[paris(2024, 5, 7, 15)],
        stop=[NEVER],
        target=[2],
        unit=Unit.BUSINESS_DAYS,
        at=paris(2024, 5, 7, 15),
    )
    # 8 and 9 May are holidays: Fri 10 then Mon 13 May
    assert result.deadline.tolist() == [paris(2024, 5, 13, 15)]
