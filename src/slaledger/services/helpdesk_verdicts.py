"""Use case: the helpdesks' stored SLA verdicts beside the contract's clocks, as of an
instant, with the disagreements counted per clock (docs/helpdesks.md).

The verdicts come from the store (each helpdesk source's last sync); the contract's
clocks are computed from the stored events of the same tickets. Nothing is read here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slaledger.domain.contract.contract import Contract
from slaledger.domain.helpdesk.compare import (
    DISAGREE,
    ContractVerdict,
    HelpdeskVerdict,
    SidePair,
    Tally,
    compare,
    tally,
)
from slaledger.domain.incidents.table import IncidentTable
from slaledger.services.incidents import CalendarFor, evaluate_incidents


@dataclass(frozen=True)
class SourcedPair:
    source: str
    pair: SidePair
    verdict: HelpdeskVerdict  # what the helpdesk said (its target, goal, observed instant)


@dataclass(frozen=True)
class VerdictReport:
    pairs: tuple[SourcedPair, ...]  # disagreements first, then by ticket and clock
    tallies: tuple[Tally, ...]

    @property
    def disagreements(self) -> int:
        return sum(t.disagree for t in self.tallies)


def verdict_report(
    *,
    verdicts: Sequence[tuple[str, HelpdeskVerdict]],
    table: IncidentTable | None,
    contract: Contract,
    calendars: CalendarFor,
    at: int,
) -> VerdictReport:
    """``verdicts``: (source, verdict) pairs; ``table``: the stored incidents of their
    tickets (a ticket with no stored incident has no contract clock: ``absent``)."""
    views = (
        evaluate_incidents(
            contract=contract,
            log=table.log,
            at=at,
            calendars=calendars,
            kinds=table.kind,
            effort_seconds=table.effort_seconds,
        )
        if table is not None and table.log.count
        else []
    )
    ours = {
        (view.incident, clock.name): ContractVerdict(clock.status, clock.deadline)
        for view in views
        for clock in view.clocks
    }
    pairs = [
        SourcedPair(source, pair, found)
        for source, found in verdicts
        for pair in compare([found], ours, at=at)
    ]
    pairs.sort(key=lambda p: (p.pair.outcome != DISAGREE, p.pair.ticket, p.pair.clock, p.source))
    tallies = sorted(tally(p.pair for p in pairs), key=lambda t: t.clock)
    return VerdictReport(tuple(pairs), tuple(tallies))
