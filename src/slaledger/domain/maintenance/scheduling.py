"""The next compliant slot: the earliest start, at or after a given instant, for a window
of a given length that the contract would allow if announced at that instant.

Slots are searched on a one-minute grid (contract slots start and end on whole minutes)
over a bounded horizon; a full cap moves the search to the next cap period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.contract.maintenance import Maintenance, MaintenanceType
from slaledger.domain.maintenance.assess import MaintenanceRules, assess
from slaledger.domain.maintenance.caps import cap_span
from slaledger.domain.maintenance.kinds import resolve
from slaledger.domain.maintenance.notice import earliest_start, notice_kpi
from slaledger.domain.maintenance.rules import notice_deadline
from slaledger.domain.maintenance.verdict import Verdict, Window
from slaledger.domain.message import Message, msg
from slaledger.domain.obligations.recurrence import occurrences

I64 = NDArray[np.int64]

MINUTE = 60
#: a safety stop on the verdicts computed for one search
MAX_TRIES = 5000
#: how far ahead the search goes before giving up
HORIZON_DAYS = 800


@dataclass(frozen=True)
class Proposal:
    """The slot found (its verdict, allowed) and the conditions it still depends on."""

    verdict: Verdict
    conditions: tuple[Message, ...]


def next_slot(
    kind: str,
    seconds: int,
    after: int,
    rules: MaintenanceRules,
    history: Sequence[Window] = (),
) -> Proposal | None:
    """The earliest allowed window of ``seconds`` starting at or after ``after``.

    The window is announced at ``after`` and, where the clause asks for it, agreed by the
    customer (a condition the proposal lists). None when nothing fits the horizon.
    """
    probe = Window(kind, after, after + seconds, announced_at=after)
    clause, _ = resolve(probe, rules.clauses, rules.calendars)
    if clause is None:
        return None
    conditions = [msg("maintenance.condition.announce-now")]
    if clause.customer_agreement:
        conditions.append(msg("maintenance.condition.get-agreement"))
    earliest = -(-after // MINUTE) * MINUTE
    deadline = notice_deadline(clause, after, rules.calendars, rules.zone)
    if deadline is not None and deadline > earliest:
        earliest = -(-deadline // MINUTE) * MINUTE
    kpi = notice_kpi(clause, rules.kpis) if deadline is None else None
    if kpi is not None:
        earliest = max(
            earliest, -(-earliest_start(kpi, rules.calendars, after, rules.zone) // MINUTE) * MINUTE
        )
    if clause.type is not MaintenanceType.URGENT_SECURITY_UPDATE and clause.notice_required:
        earliest = max(earliest, after + MINUTE)  # announced strictly before the start
    limit = earliest + HORIZON_DAYS * 86_400
    agreed = clause.customer_agreement
    starts = _candidates(clause, seconds, earliest, limit, rules)
    index = 0
    for _ in range(MAX_TRIES):
        if index >= starts.size:
            return None
        start = int(starts[index])
        window = Window(kind, start, start + seconds, announced_at=after, agreed_by_customer=agreed)
        verdict = assess(window, rules, history)
        if verdict.allowed:
            return Proposal(verdict, tuple(conditions))
        if verdict.within_cap_end is not None:
            # the cap period is full: go on from the start of the next one
            span = cap_span(start, clause, rules.zone, rules.opened)
            index = int(np.searchsorted(starts, max(span.end, start + MINUTE)))
        else:
            index += 1
    return None


def _candidates(
    clause: Maintenance, seconds: int, earliest: int, limit: int, rules: MaintenanceRules
) -> I64:
    """Candidate starts in order: the recurring slots, or the minutes whose whole window
    lies inside the allowed slots, or every minute."""
    if clause.recurring is not None:
        zone = rules.zone
        found = occurrences(
            clause.recurring,
            zone=zone,
            start=datetime.fromtimestamp(earliest, tz=zone),
            end=datetime.fromtimestamp(limit, tz=zone),
        )
        return np.asarray([int(s.timestamp()) for s, _ in found], dtype=np.int64)
    grid = np.arange(earliest, limit, MINUTE, dtype=np.int64)
    if clause.allowed_slots is None:
        return grid
    is_open = rules.calendars(clause.allowed_slots).is_open_array(grid)
    width = -(-seconds // MINUTE)
    if width == 0:
        return grid[is_open]
    counted: I64 = np.concatenate(([0], np.cumsum(is_open, dtype=np.int64)))
    full: NDArray[np.bool_] = counted[width:] - counted[:-width] == width
    fitting: I64 = grid[: full.size][full]
    return fitting
