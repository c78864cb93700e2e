"""Obligations with a date: backups, restores, breach notifications, data return,
notices before an event. Each is owed by a party, at a frequency or by a deadline."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.kpis import Frequency
from slaledger.domain.contract.parties import Party
from slaledger.domain.contract.values import Blank, Duration


class DeadlineKind(enum.Enum):
    WITHIN_AFTER = "within-after"  # at most ``duration`` after ``event``
    AT_LEAST_BEFORE = "at-least-before"  # at least ``duration`` before ``event``
    OPENS_AFTER = "opens-after"  # a right that opens ``duration`` after ``event``


@dataclass(frozen=True)
class Deadline:
    """A date computed from an event: the event's time plus (or minus) a duration,
    counted in ``calendar`` (None: elapsed, in the contract's time zone)."""

    kind: DeadlineKind
    duration: Duration | Blank
    event: str
    calendar: str | None = None
    where: str = field(default="", compare=False)

    def describe(self) -> str:
        word = "before" if self.kind is DeadlineKind.AT_LEAST_BEFORE else "after"
        return f"deadline {word} '{self.event}'"


class ObligationKind(enum.Enum):
    BACKUP = "backup"
    RESTORE = "restore"
    MONITORING = "monitoring"
    BREACH_NOTIFICATION = "breach-notification"
    DATA_RETURN = "data-return"
    DATA_DELETION = "data-deletion"
    NOTICE = "notice"
    TERMINATION_RIGHT = "termination-right"
    CONFIDENTIALITY = "confidentiality"
    REPORT = "report"
    OTHER = "other"


@dataclass(frozen=True)
class DatedObligation:
    clause: ClauseInfo
    kind: ObligationKind
    owed_by: tuple[Party, ...]
    description: str
    frequency: tuple[Frequency, ...] = ()
    deadline: Deadline | None = None
    retention: Duration | None = None
    channel: str | None = None
