"""The rules of a mapping file, as the translation uses them (no file reading here).

A mapping says, for one contract and one helpdesk: which tickets belong to the contract
(``scope``: field -> accepted values), which time is ``notified`` (the ticket's creation,
or a field holding an instant), how the helpdesk's priorities map to the contract's
classes, which statuses mean which events (``paused`` statuses pause the clocks while a
ticket stays in them), which other fields' values or instants mean events, and which of
the helpdesk's own SLA timers stand beside which contract clock.

Names of statuses, priorities and values match without regard to case or surrounding
spaces. ``lines`` gives the line of each part in the mapping file, for messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: the event a status rule names to pause the clocks while the ticket is in that status
PAUSED = "paused"


def key(text: str | None) -> str:
    """How statuses, priorities and values are compared."""
    return " ".join((text or "").split()).casefold()


@dataclass(frozen=True)
class EventSpec:
    """An event a rule emits, with its value (``attributed: customer``) if any."""

    event: str
    value: str | None = None


@dataclass(frozen=True)
class ValueRule:
    """A field whose values mean events, emitted when the field changes to the value."""

    field: str
    values: Mapping[str, tuple[EventSpec, ...]]
    line: int | None = None


@dataclass(frozen=True)
class InstantRule:
    """A field that holds the instant of an event (a custom "diagnosed at" date)."""

    field: str
    event: str
    line: int | None = None


@dataclass(frozen=True)
class MappingRules:
    file: str
    source: str
    statuses: Mapping[str, tuple[EventSpec, ...]]  # by key(status)
    priorities: Mapping[str, str]  # key(priority) -> class
    status_field: str = "status"
    priority_field: str = "priority"
    notified_field: str | None = None  # None: the ticket's creation
    value_rules: tuple[ValueRule, ...] = ()
    instant_rules: tuple[InstantRule, ...] = ()
    scope: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    service: str | None = None
    service_field: str | None = None
    kind: str = "incident"
    #: the helpdesk's SLA timer name (as the connector names it) -> contract clock id
    sla: Mapping[str, str] = field(default_factory=dict)
    #: 'statuses', 'priorities', 'fields.<name>', 'sla' ... -> line in the file
    lines: Mapping[str, int] = field(default_factory=dict)
    #: the spelling of each status and priority as written in the file, by key
    spelled: Mapping[str, str] = field(default_factory=dict)

    @property
    def paused_statuses(self) -> frozenset[str]:
        return frozenset(
            name for name, events in self.statuses.items() if any(e.event == PAUSED for e in events)
        )

    def line(self, part: str) -> int | None:
        return self.lines.get(part)

    def in_scope(self, fields: Mapping[str, str | None]) -> bool:
        return all(
            key(fields.get(name)) in {key(v) for v in accepted}
            for name, accepted in self.scope.items()
        )
