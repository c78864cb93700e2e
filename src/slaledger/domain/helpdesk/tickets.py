"""A helpdesk ticket in one neutral shape, whatever the vendor.

Each connector reads its vendor's payloads into ``Ticket`` values: the ticket's key, its
creation instant, its current field values, and its history as field changes, each with
the vendor's history id (Jira's changelog id, Zammad's history id, GLPI's log id,
ServiceNow's sys_audit sys_id, Freshdesk's activity position), so that the same change
delivered twice is recognised. Instants are epoch seconds (the connectors resolve time
zones). ``origin`` says where the ticket was read, for messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    """One field's change in a ticket's history."""

    history_id: str
    at: int
    field: str
    before: str | None
    after: str | None
    #: another name of the same field (Jira's ``fieldId`` beside its display name)
    field_id: str | None = None

    def names(self) -> tuple[str, ...]:
        if self.field_id is None or self.field_id == self.field:
            return (self.field,)
        return (self.field, self.field_id)


@dataclass(frozen=True)
class VendorVerdict:
    """The helpdesk's own SLA timer for a ticket (Jira SLA field, Zammad escalation...).

    ``breached`` is the helpdesk's word when it gives one; otherwise it is derived from
    ``deadline`` (the helpdesk's target instant) and ``done_at`` (when the helpdesk saw
    the timer's goal reached) by ``verdict``. ``goal_seconds``: the helpdesk's target as
    a duration, when it gives one (Jira's ``goalDuration``).
    """

    name: str
    deadline: int | None
    done_at: int | None
    breached: bool | None = None
    goal_seconds: int | None = None

    def verdict(self, at: int) -> str:
        """``met``, ``breached``, ``running`` or ``unknown`` as of ``at``."""
        if self.breached is not None and (self.done_at is not None or self.breached):
            return "breached" if self.breached else "met"
        if self.deadline is None:
            return (
                "unknown" if self.breached is None else ("breached" if self.breached else "running")
            )
        if self.done_at is not None:
            return "met" if self.done_at <= self.deadline else "breached"
        return "breached" if at > self.deadline else "running"


@dataclass(frozen=True)
class Ticket:
    key: str
    created: int
    fields: Mapping[str, str | None]
    changes: tuple[Change, ...] = ()
    updated: int | None = None
    sla: tuple[VendorVerdict, ...] = ()
    origin: str = ""
    #: instants carried by fields (a custom "diagnosed at" date), by field name
    instants: Mapping[str, int] = field(default_factory=dict)

    def same_delivery(self, other: Ticket) -> bool:
        """Two deliveries of one ticket that agree (a duplicate, not a conflict)."""
        return (
            self.created == other.created
            and dict(self.fields) == dict(other.fields)
            and self.changes == other.changes
            and dict(self.instants) == dict(other.instants)
        )


class DeliveryError(ValueError):
    """Deliveries that contradict each other: the source changed while it was read."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


def deduplicated(tickets: Iterable[Ticket]) -> list[Ticket]:
    """Each ticket once, and each of its history entries once.

    A ticket or a history entry delivered twice with the same content is kept once (a
    page read twice, a retried request); delivered twice with different content it is
    a ``DeliveryError`` naming the ticket: the source changed under the reader, and
    importing either version would be a guess.
    """
    seen: dict[str, Ticket] = {}
    problems: list[str] = []
    order: list[str] = []
    for ticket in tickets:
        ticket = _unique_changes(ticket, problems)
        earlier = seen.get(ticket.key)
        if earlier is None:
            seen[ticket.key] = ticket
            order.append(ticket.key)
        elif not earlier.same_delivery(ticket):
            problems.append(
                f"ticket {ticket.key}: delivered twice with different content "
                f"({earlier.origin or 'first read'}; {ticket.origin or 'second read'}): "
                "the helpdesk changed while it was read"
            )
    if problems:
        raise DeliveryError(problems)
    return [seen[key] for key in order]


def _unique_changes(ticket: Ticket, problems: list[str]) -> Ticket:
    by_id: dict[tuple[str, str], Change] = {}
    kept: list[Change] = []
    for change in ticket.changes:
        key = (change.history_id, change.field)
        earlier = by_id.get(key)
        if earlier is None:
            by_id[key] = change
            kept.append(change)
        elif earlier != change:
            problems.append(
                f"ticket {ticket.key}: history entry {change.history_id} ({change.field}) "
                "delivered twice with different content"
            )
    if len(kept) == len(ticket.changes):
        return ticket
    return Ticket(
        ticket.key,
        ticket.created,
        ticket.fields,
        tuple(kept),
        ticket.updated,
        ticket.sla,
        ticket.origin,
        ticket.instants,
    )
