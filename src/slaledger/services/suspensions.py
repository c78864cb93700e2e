"""The suspension clauses of a contract applied to its availability figures (IMRI 3.3,
3.6): the spans the contract's events open and close become time the figure does not
guarantee. ``services.availability`` calls the two functions here, and nothing else."""

from __future__ import annotations

from collections.abc import Sequence

from slaledger.domain.availability import Measure, Spans
from slaledger.domain.contract.availability import Availability
from slaledger.domain.contract.contract import Contract
from slaledger.domain.obligations.model import Trigger
from slaledger.domain.suspensions import (
    Event,
    SuspendedSpan,
    guarantee_verdict,
    not_guaranteed_spans,
    suspended_spans,
)


def contract_spans(contract: Contract, triggers: Sequence[Trigger]) -> list[SuspendedSpan]:
    """Every span of every suspension clause of ``contract`` among ``triggers``."""
    if not contract.suspensions or not triggers:
        return []
    spans: list[SuspendedSpan] = []
    for suspension in contract.suspensions:
        events = [
            Event(t.event, int(t.at.timestamp()), t.ref, t.label, t.shown)
            for t in triggers
            if t.clause in (None, suspension.clause.id)  # a row may name its clause
        ]
        spans += suspended_spans(suspension, events)
    return spans


def not_guaranteed(contract: Contract, clause: Availability, triggers: Sequence[Trigger]) -> Spans:
    """The time ``clause`` does not guarantee, as rows the figure removes."""
    return not_guaranteed_spans(contract_spans(contract, triggers), clause.clause.id)


def guaranteed(figure: Measure) -> Measure:
    """The figure's verdict: none when its whole period is not guaranteed."""
    return guarantee_verdict(figure)
