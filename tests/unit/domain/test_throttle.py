"""The sign-in delays: none below the limit, doubling from it, capped, forgotten."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from slaledger.domain.throttle import (
    FIRST_LOCK,
    FORGET_AFTER,
    LONGEST_LOCK,
    failures_now,
    lock_after,
    seconds_left,
)

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_no_delay_before_the_limit() -> None:
    assert lock_after(9, 10) == timedelta(0)


def test_the_delay_doubles_from_the_limit_and_stops_at_the_longest() -> None:
    assert lock_after(10, 10) == FIRST_LOCK
    assert lock_after(11, 10) == 2 * FIRST_LOCK
    assert lock_after(13, 10) == 8 * FIRST_LOCK
    assert lock_after(500, 10) == LONGEST_LOCK


def test_failures_are_forgotten_a_day_after_the_last() -> None:
    assert failures_now(7, NOW - timedelta(hours=1), NOW) == 7
    assert failures_now(7, NOW - FORGET_AFTER, NOW) == 0
    assert failures_now(7, None, NOW) == 0


def test_seconds_left_round_up_and_stop_at_zero() -> None:
    assert seconds_left(NOW + timedelta(seconds=1.2), NOW) == 2
    assert seconds_left(NOW - timedelta(seconds=1), NOW) == 0
    assert seconds_left(None, NOW) == 0
