"""Each clock's at-risk instant and deadline as of an instant, for the alerts.

The incidents service says where each clock stands; the alerts also need *when* a clock
becomes at risk. A clock is at risk once its elapsed time (pauses excluded) reaches
``ceil(budget x risk_share)`` business seconds, ``budget`` being the business time from
its start to its original deadline. That instant is the deadline of the same clock with
that smaller target, so it comes from the same bulk engine (``compute_clocks``), with the
same pauses: an ongoing pause pushes it back until the pause ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from slaledger.domain.alerts import ClockThresholds
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.contract import Contract
from slaledger.domain.incidents.clocks import NEVER, Pauses, Unit, compute_clocks
from slaledger.domain.incidents.log import CODE, EventLog
from slaledger.services.incidents import I64, CalendarFor, clock_columns


@dataclass(frozen=True)
class ClockInfo:
    """What a message says about a clock besides its instants."""

    title: str
    target: str | None
    calendar: str | None


def clock_thresholds(
    *,
    contract: Contract,
    log: EventLog,
    at: int,
    calendars: CalendarFor,
    risk_share: float = 0.75,
    kinds: Sequence[str] | None = None,
) -> tuple[list[ClockThresholds], dict[tuple[str, str], ClockInfo]]:
    """Every clock with a target of every incident, as of ``at``; plus each one's info."""
    thresholds: list[ClockThresholds] = []
    info: dict[tuple[str, str], ClockInfo] = {}
    pauses = log.pauses()
    ongoing = np.zeros(log.count, dtype=bool)
    now_paused = (pauses.start <= at) & (pauses.end > at)
    ongoing[pauses.incident[now_paused]] = True
    for clock in contract.clocks:
        columns, targets, calendar_names, _ = clock_columns(
            contract=contract,
            clock=clock,
            log=log,
            at=at,
            calendars=calendars,
            risk_share=risk_share,
            kinds=tuple(kinds) if kinds is not None else None,
        )
        chosen = np.flatnonzero(columns.has_target & columns.applicable)
        if len(chosen) == 0:
            continue
        start = log.first(CODE[clock.start.value], at=at)
        risk_at = np.full(log.count, NEVER, dtype=np.int64)
        names = np.asarray([calendar_names[i] or "" for i in range(log.count)], dtype=object)
        for name in sorted({str(names[i]) for i in chosen.tolist()}):
            members = chosen[names[chosen] == name]
            risk_at[members] = _risk_instants(
                calendars(name),
                members,
                start=start,
                stop=columns.stopped,
                original=columns.result.original_deadline,
                pauses=pauses,
                at=at,
                risk_share=risk_share,
            )
        for index in chosen.tolist():
            stop = int(columns.stopped[index])
            thresholds.append(
                ClockThresholds(
                    incident=log.names[index],
                    clock=clock.clause.id,
                    contract=contract.id,
                    clause=clock.clause.article,
                    deadline=int(columns.result.deadline[index]),
                    at_risk_at=int(risk_at[index]),
                    stopped_at=stop if stop != NEVER else None,
                    paused=bool(ongoing[index]) and stop == NEVER,
                )
            )
            info[(log.names[index], clock.clause.id)] = ClockInfo(
                title=clock.name, target=targets[index], calendar=calendar_names[index]
            )
    return thresholds, info


def _risk_instants(
    calendar: BusinessCalendar,
    members: I64,
    *,
    start: I64,
    stop: I64,
    original: I64,
    pauses: Pauses,
    at: int,
    risk_share: float,
) -> I64:
    """The instant each member's elapsed time reaches the risk share of its budget."""
    budget = calendar.seconds_between_array(start[members], original[members])
    # the very expression compute_clocks compares the elapsed time with
    risk_target = np.ceil(budget * risk_share).astype(np.int64)
    mapping = np.full(len(start), -1, dtype=np.int64)
    mapping[members] = np.arange(len(members))
    keep = mapping[pauses.incident] >= 0
    result = compute_clocks(
        calendar=calendar,
        start=start[members],
        stop=stop[members],
        target=risk_target,
        unit=Unit.BUSINESS_SECONDS,
        pauses=Pauses(mapping[pauses.incident[keep]], pauses.start[keep], pauses.end[keep]),
        at=at,
        risk_share=risk_share,
    )
    return result.deadline
