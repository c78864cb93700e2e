"""Side by side: the helpdesk's own SLA verdict and the contract's, per ticket.

The mapping names which helpdesk timer stands beside which contract clock ("Time to
first response" beside take-into-account). The helpdesk's timers know neither the
contract's calendars (holidays per clause), nor reclassification from the original
start, nor exemptions by attribution: where they disagree is what a contract manager
wants to see first. A pair disagrees when both verdicts are final (met or breached) and
differ, or when one side says breached while the other is still running.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from slaledger.domain.helpdesk.tickets import Ticket

FINAL = frozenset({"met", "breached"})


@dataclass(frozen=True)
class SidePair:
    ticket: str
    helpdesk_timer: str
    helpdesk: str  # met, breached, running, unknown
    clock: str
    contract: str  # the contract clock's status, or 'absent'
    helpdesk_deadline: int | None
    contract_deadline: int | None

    @property
    def disagree(self) -> bool:
        contract = "breached" if self.contract == "breached" else self.contract
        if self.helpdesk in FINAL and contract in FINAL:
            return self.helpdesk != contract
        return "breached" in {self.helpdesk, contract} and self.helpdesk != contract


@dataclass(frozen=True)
class ContractVerdict:
    """What the contract side needs: a clock's status and deadline for a ticket."""

    status: str
    deadline: int | None


def side_by_side(
    tickets: Sequence[Ticket],
    contract: Mapping[tuple[str, str], ContractVerdict],
    pairing: Mapping[str, str],
    *,
    at: int,
) -> list[SidePair]:
    """Every helpdesk timer the mapping pairs with a clock, for every ticket that has one."""
    wanted = {name.casefold(): clock for name, clock in pairing.items()}
    pairs = []
    for ticket in tickets:
        for timer in ticket.sla:
            clock = wanted.get(timer.name.casefold())
            if clock is None:
                continue
            ours = contract.get((ticket.key, clock))
            pairs.append(
                SidePair(
                    ticket=ticket.key,
                    helpdesk_timer=timer.name,
                    helpdesk=timer.verdict(at),
                    clock=clock,
                    contract=ours.status if ours else "absent",
                    helpdesk_deadline=timer.deadline,
                    contract_deadline=ours.deadline if ours else None,
                )
            )
    return pairs
