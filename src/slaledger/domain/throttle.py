"""How long a sign-in waits after failures (pure: the counts and instants are given).

An account may fail ``ACCOUNT_LIMIT`` times, a client address ``ADDRESS_LIMIT`` times
(several people may share one address); from then on each failure locks the next
sign-in for a delay that doubles, ``FIRST_LOCK`` at the limit, at most ``LONGEST_LOCK``.
Failures older than ``FORGET_AFTER`` (since the last one) are forgotten.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

ACCOUNT_LIMIT = 10
ADDRESS_LIMIT = 50
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(hours=1)
FORGET_AFTER = timedelta(hours=24)


def lock_after(failures: int, limit: int) -> timedelta:
    """The delay a ``failures``-th failure imposes (zero below ``limit``)."""
    if failures < limit:
        return timedelta(0)
    doublings = min(failures - limit, 12)  # 2**12 minutes is past the longest already
    return min(FIRST_LOCK * (1 << doublings), LONGEST_LOCK)


def failures_now(failures: int, last_failure: datetime | None, now: datetime) -> int:
    """The count that still holds at ``now``: zero once ``FORGET_AFTER`` has passed."""
    if last_failure is None or now - last_failure >= FORGET_AFTER:
        return 0
    return failures


def seconds_left(locked_until: datetime | None, now: datetime) -> int:
    """Whole seconds until ``locked_until`` (rounded up; 0: not locked)."""
    if locked_until is None or locked_until <= now:
        return 0
    return math.ceil((locked_until - now).total_seconds())
