"""Use case: the error budget of a service's availability clause at an instant.

The period is measured as ``sla availability`` measures it (``availability_for_month``:
the same outages, samples, counts, maintenance rules, exclusions and suspensions), then
every interval of its trace is measured again over the part of the period before the
instant, so the downtime consumed and the time removed are those known at the instant.
The domain (``domain.budget``) turns these into allowed, consumed and remaining downtime
for the target, the allowance and each credit tier.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

import numpy as np

from slaledger.domain.availability import (
    NOT_ELIGIBLE,
    Measure,
    Spans,
    Window,
    measure,
)
from slaledger.domain.budget import BudgetLine, Usage, budget_lines
from slaledger.domain.contract.availability import Availability
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.credits import CreditSchedule, Eligibility
from slaledger.domain.message import msg
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    Observations,
    availability_clause,
    availability_for_month,
)
from slaledger.services.incidents import CalendarFor

#: what a budget may need to say, as keys the surfaces word in their language
CUSTOMER_REPORTED = "customer-reported"
REMOVED_SO_FAR = "removed-so-far"
NOT_GUARANTEED = "not-guaranteed"
NO_LINES = "no-lines"
NOTES = {
    CUSTOMER_REPORTED: msg("budget.note.customer-reported"),
    REMOVED_SO_FAR: msg("budget.note.removed-so-far"),
    NOT_GUARANTEED: msg("budget.note.not-guaranteed"),
    NO_LINES: msg("budget.note.no-lines"),
}


@dataclass(frozen=True)
class Budget:
    """The budget of one clause and period at ``at`` (epoch seconds)."""

    contract: str
    service: str
    clause: str
    month: Month
    window: Window
    at: int
    usage: Usage
    lines: tuple[BudgetLine, ...]
    #: the figure so far (the period up to the instant), as ``sla availability`` shows it
    so_far: Measure
    #: the whole period's figure as known at the instant (its coverage, its verdict)
    figure: Measure
    #: false when a suspension lifts the guarantee over the whole period: no verdict
    guaranteed: bool
    #: the credit schedule the tier lines come from, and whether it counts only some
    #: downtime (customer-reported outages)
    schedule: str | None
    credit_consumed_seconds: int | None
    #: keys of ``NOTES``
    notes: tuple[str, ...]


def budget_at(
    *,
    contract: Contract,
    at: int,
    month: Month,
    observations: Observations,
    calendars: CalendarFor,
    service: str | None = None,
    opened: date | None = None,
    fee: Decimal | None = None,
) -> Budget:
    """The budget of the service's availability clause over the period ending with
    ``month``, as known at the instant ``at`` (epoch seconds)."""
    clause = availability_clause(contract, service)
    known = replace(observations, now=at)
    common = dict(
        contract=contract, month=month, observations=known, calendars=calendars,
        service=service, opened=opened,
    )  # fmt: skip
    full = availability_for_month(**common)  # type: ignore[arg-type]
    so_far = _before(clause, full, at, eligible_only=False)
    usage = _usage(full, so_far, at)
    schedule = _schedule(contract, clause)
    credit_usage = None
    notes: list[str] = []
    if schedule is not None and Eligibility.CUSTOMER_REPORTED in schedule.eligibility:
        eligible = availability_for_month(**common, eligible_only=True)  # type: ignore[arg-type]
        credit_usage = _usage(eligible, _before(clause, eligible, at, eligible_only=True), at)
        notes.append(CUSTOMER_REPORTED)
    if so_far.removed_seconds:
        notes.append(REMOVED_SO_FAR)
    target = full.target
    lines = budget_lines(
        clause=clause.clause.id,
        target=target,
        allowance_seconds=clause.allowance_seconds,
        usage=usage,
        schedule=schedule,
        credit_usage=credit_usage,
        fee=fee,
    )
    if not full.guaranteed:
        notes.append(NOT_GUARANTEED)
    if not lines:
        notes.append(NO_LINES)
    return Budget(
        contract=contract.id,
        service=full.service,
        clause=clause.clause.id,
        month=month,
        window=full.window,
        at=at,
        usage=usage,
        lines=lines,
        so_far=so_far,
        figure=full,
        guaranteed=full.guaranteed,
        schedule=None if schedule is None else schedule.clause.id,
        credit_consumed_seconds=None if credit_usage is None else credit_usage.consumed_seconds,
        notes=tuple(notes),
    )


def _before(clause: Availability, full: Measure, at: int, *, eligible_only: bool) -> Measure:
    """The period's intervals measured again up to ``at`` (the same precedence of removed,
    excused and counted time; the same eligibility)."""
    window = full.window
    end = min(max(at, window.start), window.end)
    trace = full.trace
    spans = Spans(
        np.asarray([t.start for t in trace], dtype=np.int64),
        np.asarray([t.end for t in trace], dtype=np.int64),
        tuple(t.category for t in trace),
        tuple(t.reason for t in trace),
        tuple(t.clause for t in trace),
        tuple(t.source for t in trace),
        np.asarray([t.effect != NOT_ELIGIBLE for t in trace], dtype=np.bool_),
    )
    part = Window(window.start, end, window.kind, window.label)
    return measure(
        clause, service=full.service, window=part, spans=spans, eligible_only=eligible_only
    )


def _usage(full: Measure, so_far: Measure, at: int) -> Usage:
    window = full.window
    elapsed = min(max(at - window.start, 0), window.seconds)
    return Usage(
        denominator_seconds=max(0, full.reference_seconds - so_far.removed_seconds),
        consumed_seconds=so_far.down_seconds,
        elapsed_seconds=elapsed,
        period_seconds=window.seconds,
    )


def _schedule(contract: Contract, clause: Availability) -> CreditSchedule | None:
    for schedule in contract.credits:
        if schedule.availability == clause.clause.id:
            return schedule
    return None
