"""Side by side: the helpdesk's own SLA verdict and the contract's, per ticket.

The mapping names which helpdesk timer stands beside which contract clock ("Time to
first response" beside take-into-account). The helpdesk's timers know neither the
contract's calendars (holidays per clause), nor reclassification from the original
start, nor exemptions by attribution: where they disagree is what a contract manager
wants to see first. A pair disagrees when both verdicts are final (met or breached) and
differ, or when one side says breached while the other is still running.

``helpdesk_verdicts`` lists, for each ticket and each clock the mapping pairs, the
helpdesk's timer, or none (the helpdesk is silent on that clock for that ticket): this
is what the store keeps. ``compare`` sets them beside the contract's clocks as of an
instant, and ``tally`` counts agreements, disagreements and silences per clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from slaledger.domain.helpdesk.tickets import Ticket, VendorVerdict

FINAL = frozenset({"met", "breached"})
#: the helpdesk gave no timer for the clock (``unknown``: a timer with nothing to judge by)
SILENT = "silent"
AGREE, DISAGREE, HELPDESK_SILENT = "agree", "disagree", "helpdesk-silent"
OUTCOMES = (AGREE, DISAGREE, HELPDESK_SILENT)


@dataclass(frozen=True)
class SidePair:
    ticket: str
    helpdesk_timer: str
    helpdesk: str  # met, breached, running, unknown, silent
    clock: str
    contract: str  # the contract clock's status, or 'absent'
    helpdesk_deadline: int | None
    contract_deadline: int | None

    @property
    def disagree(self) -> bool:
        return self.outcome == DISAGREE

    @property
    def outcome(self) -> str:
        """``agree``, ``disagree``, or ``helpdesk-silent`` (no timer, or one that says
        nothing: no deadline and no word on a breach)."""
        if self.helpdesk in (SILENT, "unknown"):
            return HELPDESK_SILENT
        if self.helpdesk in FINAL and self.contract in FINAL:
            return DISAGREE if self.helpdesk != self.contract else AGREE
        if "breached" in {self.helpdesk, self.contract} and self.helpdesk != self.contract:
            return DISAGREE
        return AGREE


@dataclass(frozen=True)
class ContractVerdict:
    """What the contract side needs: a clock's status and deadline for a ticket."""

    status: str
    deadline: int | None


@dataclass(frozen=True)
class HelpdeskVerdict:
    """The helpdesk's timer standing beside ``clock`` for ``ticket`` (None: silent)."""

    ticket: str
    clock: str
    timer_name: str
    timer: VendorVerdict | None

    def verdict(self, at: int) -> str:
        return SILENT if self.timer is None else self.timer.verdict(at)


def helpdesk_verdicts(
    tickets: Sequence[Ticket], pairing: Mapping[str, str]
) -> list[HelpdeskVerdict]:
    """For each ticket, each helpdesk timer the mapping pairs with a clock, and each
    paired clock the ticket has no timer for (silent)."""
    wanted = {name.casefold(): clock for name, clock in pairing.items()}
    named: dict[str, str] = {}
    for name, clock in pairing.items():
        named.setdefault(clock, name)
    found = []
    for ticket in tickets:
        covered: set[str] = set()
        for timer in ticket.sla:
            paired = wanted.get(timer.name.casefold())
            if paired is None or paired in covered:
                continue
            covered.add(paired)
            found.append(HelpdeskVerdict(ticket.key, paired, timer.name, timer))
        found += [
            HelpdeskVerdict(ticket.key, clock, name, None)
            for clock, name in named.items()
            if clock not in covered
        ]
    return found


def compare(
    verdicts: Iterable[HelpdeskVerdict],
    contract: Mapping[tuple[str, str], ContractVerdict],
    *,
    at: int,
) -> list[SidePair]:
    """Each helpdesk verdict beside the contract's clock for the same ticket, as of ``at``."""
    pairs = []
    for found in verdicts:
        ours = contract.get((found.ticket, found.clock))
        pairs.append(
            SidePair(
                ticket=found.ticket,
                helpdesk_timer=found.timer_name,
                helpdesk=found.verdict(at),
                clock=found.clock,
                contract=ours.status if ours else "absent",
                helpdesk_deadline=found.timer.deadline if found.timer else None,
                contract_deadline=ours.deadline if ours else None,
            )
        )
    return pairs


def side_by_side(
    tickets: Sequence[Ticket],
    contract: Mapping[tuple[str, str], ContractVerdict],
    pairing: Mapping[str, str],
    *,
    at: int,
    silent: bool = False,
) -> list[SidePair]:
    """Every helpdesk timer the mapping pairs with a clock, for every ticket that has one
    (and, with ``silent``, the paired clocks a ticket has no timer for)."""
    chosen = [v for v in helpdesk_verdicts(tickets, pairing) if silent or v.timer is not None]
    return compare(chosen, contract, at=at)


@dataclass(frozen=True)
class Tally:
    """How the pairs of one clock came out."""

    clock: str
    agree: int = 0
    disagree: int = 0
    helpdesk_silent: int = 0

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.helpdesk_silent


def tally(pairs: Iterable[SidePair]) -> list[Tally]:
    """Per clock (in order of first appearance): agreements, disagreements, silences."""
    counts: dict[str, dict[str, int]] = {}
    for pair in pairs:
        row = counts.setdefault(pair.clock, dict.fromkeys(OUTCOMES, 0))
        row[pair.outcome] += 1
    return [Tally(clock, c[AGREE], c[DISAGREE], c[HELPDESK_SILENT]) for clock, c in counts.items()]
