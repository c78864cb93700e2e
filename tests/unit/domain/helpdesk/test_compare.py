"""The helpdesk's verdicts beside the contract's clocks: agree, disagree, silent."""

from __future__ import annotations

import pytest

from slaledger.domain.helpdesk.compare import (
    ContractVerdict,
    SidePair,
    compare,
    helpdesk_verdicts,
    side_by_side,
    tally,
)
from slaledger.domain.helpdesk.tickets import Ticket, VendorVerdict

H = 3600
PAIRING = {"Time to first response": "take-into-account", "Time to resolution": "restore"}


def pair(helpdesk: str, contract: str) -> SidePair:
    return SidePair("T", "timer", helpdesk, "restore", contract, None, None)


@pytest.mark.parametrize(
    ("helpdesk", "contract", "outcome"),
    [
        ("met", "met", "agree"),
        ("breached", "breached", "agree"),
        ("met", "breached", "disagree"),
        ("breached", "met", "disagree"),
        ("breached", "running", "disagree"),  # the contract's clock has time left
        ("running", "breached", "disagree"),
        ("breached", "absent", "disagree"),  # the contract holds no such clock
        ("running", "at-risk", "agree"),
        ("met", "running", "agree"),  # nothing final to set against each other yet
        ("unknown", "breached", "helpdesk-silent"),
        ("silent", "met", "helpdesk-silent"),
    ],
)
def test_a_pair_agrees_disagrees_or_finds_the_helpdesk_silent(helpdesk, contract, outcome):
    assert pair(helpdesk, contract).outcome == outcome
    assert pair(helpdesk, contract).disagree == (outcome == "disagree")


def ticket(key: str, *timers: VendorVerdict) -> Ticket:
    return Ticket(key, 0, {}, sla=timers)


def test_a_paired_clock_without_a_timer_is_the_helpdesk_being_silent():
    tickets = [
        ticket("A", VendorVerdict("time to first response", 4 * H, 3 * H)),  # names fold case
        ticket("B", VendorVerdict("Other timer", H, None)),
    ]
    found = helpdesk_verdicts(tickets, PAIRING)
    assert [(v.ticket, v.clock, v.timer is not None) for v in found] == [
        ("A", "take-into-account", True),
        ("A", "restore", False),
        ("B", "take-into-account", False),
        ("B", "restore", False),
    ]
    assert found[1].verdict(0) == "silent"


def test_compare_sets_each_verdict_beside_the_same_ticket_and_clock():
    tickets = [
        ticket("A", VendorVerdict("Time to first response", 4 * H, 3 * H)),
        ticket("B", VendorVerdict("Time to first response", 8 * H, 7 * H)),
    ]
    ours = {
        ("A", "take-into-account"): ContractVerdict("met", 4 * H),
        ("B", "take-into-account"): ContractVerdict("breached", 6 * H),
    }
    pairs = compare(helpdesk_verdicts(tickets, PAIRING), ours, at=10 * H)
    assert [(p.ticket, p.clock, p.helpdesk, p.contract, p.outcome) for p in pairs] == [
        ("A", "take-into-account", "met", "met", "agree"),
        ("A", "restore", "silent", "absent", "helpdesk-silent"),
        ("B", "take-into-account", "met", "breached", "disagree"),
        ("B", "restore", "silent", "absent", "helpdesk-silent"),
    ]
    assert [(t.clock, t.agree, t.disagree, t.helpdesk_silent, t.total) for t in tally(pairs)] == [
        ("take-into-account", 1, 1, 0, 2),
        ("restore", 0, 0, 2, 2),
    ]
    # without silent, only the timers the helpdesk gave
    assert len(side_by_side(tickets, ours, PAIRING, at=10 * H)) == 2


def test_a_running_helpdesk_timer_is_judged_as_of_the_instant_asked():
    timer = VendorVerdict("Time to resolution", 5 * H, None)
    found = [v for v in helpdesk_verdicts([ticket("A", timer)], PAIRING) if v.clock == "restore"]
    ours = {("A", "restore"): ContractVerdict("running", 9 * H)}
    before, after = (compare(found, ours, at=at)[0] for at in (4 * H, 6 * H))
    assert (before.helpdesk, before.outcome) == ("running", "agree")
    assert (after.helpdesk, after.outcome) == ("breached", "disagree")
