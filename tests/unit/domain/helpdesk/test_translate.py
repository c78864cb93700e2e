"""Tickets to events by the mapping's rules, without I/O."""

from __future__ import annotations

import pytest

from slaledger.domain.helpdesk.mapping import EventSpec, InstantRule, MappingRules, ValueRule
from slaledger.domain.helpdesk.tickets import Change, DeliveryError, Ticket, deduplicated
from slaledger.domain.helpdesk.translate import TranslationError, translate
from slaledger.domain.incidents.log import EVENTS

H = 3600
RULES = MappingRules(
    file="m.yaml",
    source="test",
    statuses={
        "open": (),
        "waiting": (EventSpec("paused"),),
        "working": (EventSpec("acknowledged"),),
        "done": (EventSpec("restored"), EventSpec("closed")),
    },
    priorities={"p1": "critical", "p2": "urgent"},
    value_rules=(ValueRule("cause", {"customer": (EventSpec("attributed", "customer"),)}),),
    instant_rules=(InstantRule("diagnosed_on", "diagnosed"),),
    lines={"statuses": 7, "priorities": 3},
    spelled={"waiting": "Waiting"},
)


def ticket(key: str, *changes: Change, status: str = "done", priority: str = "p1", **kw) -> Ticket:
    return Ticket(
        key, 0, {"status": status, "priority": priority, **kw.pop("fields", {})}, changes, **kw
    )


def events(t: Ticket, rules: MappingRules = RULES) -> list[tuple[int, str, str | None]]:
    log = translate([t], rules).table.log
    return [
        (int(a), EVENTS[int(k)], v)
        for a, k, v in zip(log.at.tolist(), log.kind.tolist(), log.value.tolist(), strict=True)
    ]


def test_leaving_a_paused_status_resumes_and_entering_one_pauses():
    t = ticket(
        "T",
        Change("1", H, "status", "open", "Waiting"),
        Change("2", 2 * H, "status", "waiting", "working"),
        Change("3", 3 * H, "priority", "p2", "p1"),
        Change("4", 4 * H, "status", "working", "done"),
        priority="p1",
    )
    assert events(t) == [
        (0, "notified", None),
        (0, "classified", "urgent"),  # the priority before its first change
        (H, "paused", "Waiting"),
        (2 * H, "resumed", None),
        (2 * H, "acknowledged", None),
        (3 * H, "classified", "critical"),
        (4 * H, "restored", None),
        (4 * H, "closed", None),
    ]


def test_the_first_status_counts_from_the_start_and_a_ticket_created_waiting_is_paused():
    t = ticket("T", Change("1", H, "status", "waiting", "working"))
    assert events(t)[2:] == [
        (0, "paused", "Waiting"),
        (H, "resumed", None),
        (H, "acknowledged", None),
    ]


def test_value_and_instant_fields_mean_events():
    t = ticket(
        "T",
        Change("1", H, "cause", None, "Customer"),
        status="open",
        instants={"diagnosed_on": 2 * H},
    )
    assert events(t)[2:] == [(H, "attributed", "customer"), (2 * H, "diagnosed", None)]


def test_every_unmapped_value_is_reported_once_with_how_many_tickets_have_it():
    tickets = [ticket("A", status="Lost"), ticket("B", status="lost"), ticket("C", priority="p9")]
    with pytest.raises(TranslationError) as caught:
        translate(tickets, RULES)
    gaps = caught.value.gaps
    assert [(g.section, g.value, g.ticket, g.tickets, g.line) for g in gaps] == [
        ("priorities", "p9", "C", 1, 3),
        ("statuses", "Lost", "A", 2, 7),
    ]


def test_tickets_out_of_scope_are_left_out():
    rules = MappingRules(**{**RULES.__dict__, "scope": {"project": ("SUP",)}})
    kept = translate(
        [ticket("A", fields={"project": "sup"}), ticket("B", fields={"project": "OPS"})], rules
    )
    assert kept.table.log.names == ("A",)


def test_a_history_entry_before_the_creation_goes_back_in_time():
    t = Ticket(
        "T",
        10 * H,
        {"status": "open", "priority": "p1"},
        (Change("9", H, "status", "open", "working"),),
    )
    with pytest.raises(TranslationError) as caught:
        translate([t], RULES)
    assert "before the ticket's creation" in str(caught.value.problems[0])


def test_duplicates_are_kept_once_and_conflicts_refused():
    a = ticket("T", Change("1", H, "status", "open", "done"))
    assert len(deduplicated([a, a])) == 1
    twice = ticket(
        "T", Change("1", H, "status", "open", "done"), Change("1", H, "status", "open", "done")
    )
    assert deduplicated([twice])[0].changes == twice.changes[:1]
    with pytest.raises(DeliveryError, match="delivered twice with different content"):
        deduplicated([a, ticket("T")])
