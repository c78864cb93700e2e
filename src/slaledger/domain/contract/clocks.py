"""Clocks: the time from one ticket event to another, against a target per class.

A clock starts at an event (usually ``notified``), stops at the first of its stop
events, and does not run between a pause and a resume. Its targets are given per class
and per "when" (the ticket started inside or outside the clock's service hours); each
target is counted in a calendar (the row's, or else the clock's).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.parties import Obligation, Party
from slaledger.domain.contract.values import Blank, Duration


class Event(enum.Enum):
    """What can happen to a ticket; its event log is made of these."""

    NOTIFIED = "notified"
    CLASSIFIED = "classified"
    ACKNOWLEDGED = "acknowledged"
    DIAGNOSED = "diagnosed"
    WORKAROUND = "workaround"
    RESTORED = "restored"
    RESOLVED = "resolved"
    CLOSED = "closed"
    PAUSED = "paused"
    RESUMED = "resumed"
    ESCALATED = "escalated"
    ATTRIBUTED = "attributed"
    NOT_REPRODUCIBLE = "not-reproducible"
    ONSITE_REQUESTED = "onsite-requested"
    ONSITE_ARRIVED = "onsite-arrived"


class When(enum.Enum):
    """Which tickets a target row is for, by where their start falls."""

    ANY = "any"
    IN_HOURS = "in-hours"
    OUT_OF_HOURS = "out-of-hours"


@dataclass(frozen=True)
class ClockTarget:
    """One cell of a target table.

    ``target`` is None when the row only says where the clock is measured (a KPI takes
    the mean), and BLANK when the text leaves the cell empty.
    """

    class_id: str
    when: When
    target: Duration | Blank | None
    calendar: str | None = None
    where: str = field(default="", compare=False)

    def describe(self) -> str:
        when = "" if self.when is When.ANY else f" ({self.when.value})"
        return f"target for '{self.class_id}'{when}"


@dataclass(frozen=True)
class Exemption:
    """An event after which the clock's targets no longer apply to the ticket.

    ``attributed_to`` narrows an ``attributed`` event to some parties (the cause lies
    with the customer, a third party, force majeure).
    """

    event: Event
    attributed_to: tuple[Party, ...] = ()
    causes: tuple[str, ...] = ()
    where: str = field(default="", compare=False)


@dataclass(frozen=True)
class ClockScope:
    """The incidents a clock applies to, by the category the events data gives them (a
    ``categorised`` event): "hardware faults only" is ``categories=("hardware",)``.

    An incident whose last category is outside ``categories`` gets no clock of this kind;
    an incident with no category is not known to be outside, and its clock runs."""

    categories: tuple[str, ...]
    description: str | None = None

    def excludes(self, category: str | None) -> bool:
        """True when the incident's category is known and outside the scope."""
        return category is not None and category not in self.categories

    def __str__(self) -> str:
        return self.description or "categories " + ", ".join(self.categories)


@dataclass(frozen=True)
class Clock:
    clause: ClauseInfo
    name: str
    start: Event
    stop: tuple[Event, ...]
    pause: tuple[Event, ...] = ()
    resume: tuple[Event, ...] = ()
    classification: str | None = None
    calendar: str | None = None
    service_hours: str | None = None
    targets: tuple[ClockTarget, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    conditions: tuple[str, ...] = ()
    obligation: Obligation = Obligation.RESULT
    #: the kinds of ticket the clock runs for ("incident", "request"); empty: all
    applies_to: tuple[str, ...] = ()
    #: the incidents it applies to by category ("hardware faults only"); None: all
    scope: ClockScope | None = None

    @property
    def id(self) -> str:
        return self.clause.id

    def calendar_for(self, row: ClockTarget) -> str | None:
        """The calendar a row's target is counted in."""
        return row.calendar or self.calendar

    def target_for(self, class_id: str, *, in_hours: bool) -> ClockTarget | None:
        """The row for a class, preferring the row for the ticket's side of the hours."""
        wanted = When.IN_HOURS if in_hours else When.OUT_OF_HOURS
        fallback = None
        for row in self.targets:
            if row.class_id != class_id:
                continue
            if row.when is wanted:
                return row
            if row.when is When.ANY:
                fallback = row
        return fallback
