"""Response clocks of many incidents at once, from their start, stop and pauses.

A clock starts at an event (``notified``), stops at another (``acknowledged``,
``restored`` ...), does not run while paused, and must stop before a target measured in
its calendar. Everything is computed for all incidents together, on int64 arrays:
pauses are summed per incident with ``bincount`` and the deadline is found by a short
fixed-point iteration (one round per pause at most), never by a loop over incidents.

Definitions:
- original deadline: start + target in the clock's calendar, as if nothing paused it;
- deadline: the original deadline pushed back by the business time spent paused
  before it (an ongoing pause counts up to the evaluation instant, so the deadline is
  shown while paused and moves on as the pause goes on);
- elapsed: business time on the clock from start to the stop (or the evaluation
  instant), pauses excluded; left: business time from then to the deadline (negative
  once past);
- status: ``met`` (stopped at or before the deadline), ``breached`` (stopped after it,
  or still running past it; ``breached_at`` is the deadline), ``paused``, ``at-risk``
  (elapsed at or above the risk share of the target), else ``running``;
  ``no-target`` when the clock has no target for the incident.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.calendar.engine import BusinessCalendar

I64 = NDArray[np.int64]
#: "no instant": a clock not stopped, a pause not ended.
NEVER = np.int64(2**62)
#: target value meaning "this clock has no target for this incident"
NO_TARGET = np.int64(-1)


class Status(enum.IntEnum):
    RUNNING = 0
    PAUSED = 1
    AT_RISK = 2
    MET = 3
    BREACHED = 4
    NO_TARGET = 5

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")


class Unit(enum.Enum):
    BUSINESS_SECONDS = "business-time"
    BUSINESS_DAYS = "business-days"


@dataclass(frozen=True)
class Pauses:
    """Pause intervals: ``incident`` index, ``start``, ``end`` (NEVER while ongoing)."""

    incident: I64
    start: I64
    end: I64

    @staticmethod
    def none() -> Pauses:
        empty = np.zeros(0, dtype=np.int64)
        return Pauses(empty, empty, empty)


@dataclass(frozen=True)
class ClockResult:
    original_deadline: I64  # NEVER where no target
    deadline: I64
    elapsed: I64  # business seconds on the clock
    left: I64  # business seconds to the deadline (negative past it)
    status: NDArray[np.int8]
    breached_at: I64  # NEVER unless breached

    def statuses(self) -> list[str]:
        return [Status(int(s)).label for s in self.status]


def compute_clocks(
    *,
    calendar: BusinessCalendar,
    start: I64,
    stop: I64,
    target: I64,
    unit: Unit,
    pauses: Pauses,
    at: int,
    risk_share: float = 0.75,
) -> ClockResult:
    """Every clock's deadline, elapsed, left and status as of ``at`` (see module docs).

    ``target`` is in seconds of business time, or in business days for BUSINESS_DAYS;
    NO_TARGET where the clock has no target. ``stop`` is NEVER for a running clock.
    """
    count = len(start)
    has_target = target >= 0
    safe_target = np.where(has_target, target, 0)
    if unit is Unit.BUSINESS_DAYS:
        original = calendar.add_days_array(start, safe_target)
    else:
        original = calendar.add_seconds_array(start, safe_target)

    pause_end = np.minimum(pauses.end, np.int64(at))
    deadline = _push_by_pauses(calendar, start, original, pauses, pause_end, count)

    until = np.minimum(stop, np.int64(at))
    until = np.maximum(until, start)
    paused_until = _paused_before(
        calendar, start, pauses.incident, pauses.start, pause_end, until, count
    )
    at_start, at_until, at_deadline = calendar.open_seconds_before(start, until, deadline)
    elapsed = at_until - at_start - paused_until
    left = at_deadline - at_until

    stopped = stop <= at
    paused_now = np.zeros(count, dtype=bool)
    ongoing = (pauses.start <= at) & (pauses.end > at)
    paused_now[pauses.incident[ongoing]] = True
    if unit is Unit.BUSINESS_DAYS:
        budget = calendar.seconds_between_array(start, original)
    else:
        budget = safe_target
    risky = elapsed >= np.ceil(budget * risk_share).astype(np.int64)

    status = np.full(count, Status.RUNNING, dtype=np.int8)
    status[risky] = Status.AT_RISK
    status[paused_now] = Status.PAUSED
    late_running = ~stopped & (np.int64(at) >= deadline)
    status[late_running] = Status.BREACHED
    status[stopped & (stop <= deadline)] = Status.MET
    status[stopped & (stop > deadline)] = Status.BREACHED
    status[~has_target] = Status.NO_TARGET

    breached = status == Status.BREACHED
    never = np.full(count, NEVER, dtype=np.int64)
    return ClockResult(
        original_deadline=np.where(has_target, original, never),
        deadline=np.where(has_target, deadline, never),
        elapsed=elapsed,
        left=np.where(has_target, left, 0),
        status=status,
        breached_at=np.where(breached, deadline, never),
    )


def _push_by_pauses(
    calendar: BusinessCalendar,
    start: I64,
    original: I64,
    pauses: Pauses,
    pause_end: I64,
    count: int,
) -> I64:
    """The original deadline moved back by every pause that begins before it.

    Pauses are taken in order, one rank at a time for all incidents (the first pause of
    every incident, then the second...): a pause that starts before the deadline found
    so far pushes it by the business time the pause lasted. ``add(D, B(p0, p1))`` equals
    "resume at p1 with the budget left at p0", since both reach the same open time.
    """
    deadline = original.copy()
    if len(pauses.incident) == 0:
        return deadline
    incident = pauses.incident
    # rank of each pause within its incident (pauses are ordered by incident, then start)
    first_of_run = np.concatenate(([True], incident[1:] != incident[:-1]))
    run_start = np.maximum.accumulate(np.where(first_of_run, np.arange(len(incident)), 0))
    rank = np.arange(len(incident)) - run_start
    for current in range(int(rank.max()) + 1):
        chosen = rank == current
        owner = incident[chosen]
        begin = np.maximum(pauses.start[chosen], start[owner])
        effective = begin < deadline[owner]
        if not effective.any():
            break
        owner, begin = owner[effective], begin[effective]
        end = np.maximum(pause_end[chosen][effective], begin)
        lasted = calendar.seconds_between_array(begin, end)
        deadline[owner] = calendar.add_seconds_array(deadline[owner], lasted)
    return deadline


def _paused_before(
    calendar: BusinessCalendar,
    start: I64,
    incident: I64,
    pause_start: I64,
    pause_end: I64,
    limit: I64,
    count: int,
) -> I64:
    """Business seconds each incident spent paused between its start and ``limit``."""
    if len(incident) == 0:
        return np.zeros(count, dtype=np.int64)
    lo = np.maximum(pause_start, start[incident])
    hi = np.minimum(pause_end, limit[incident])
    hi = np.maximum(hi, lo)
    seconds = calendar.seconds_between_array(lo, hi)
    result: I64 = np.bincount(incident, weights=seconds, minlength=count).astype(np.int64)
    return result
