"""Incidents as the use cases receive them: the checked event log plus, per incident, its
service, kind, logged effort and the provider's notes. Event files, the store and helpdesk
connectors produce it."""

from __future__ import annotations

from dataclasses import dataclass, field

from slaledger.domain.incidents.log import EventLog


@dataclass(frozen=True)
class IncidentTable:
    """The events, ordered and checked, plus per-incident service and kind."""

    log: EventLog
    service: tuple[str | None, ...]
    kind: tuple[str, ...]
    effort_seconds: tuple[int, ...]  # effort logged on each ticket, summed
    #: the note written with an event, by the event's ``row`` in the log (only events
    #: with a note); the provider's internal notes, never shown to a customer
    notes: dict[int, str] = field(default_factory=dict)
