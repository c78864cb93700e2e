"""What the obligations calendar is made of: triggers in, dated items and windows out.

A *trigger* is something that happened or is planned (a breach discovered, a data return
requested, an invoice issued, a visit planned, a subscription). An *item* is one dated
commitment computed from the contract: a deadline (something must be done by then), or
a date from which a right opens. Every item names the clause that produced it.

A deadline is an instant. When it falls at local 00:00 it reads as "by the end of the
day before" (``last_day``), which is how a contract's dates read: a licence valid
"until 31 December" ends at 1 January 00:00 and its last day is 31 December.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from slaledger.domain.contract.parties import Party
from slaledger.domain.message import Message, Text, msg


class ObligationError(ValueError):
    """A clause cannot give a date: the error names the clause and what is missing."""

    def __init__(self, clause_id: str, where: str, message: Text) -> None:
        self.clause_id = clause_id
        self.where = where
        #: what is missing, rendered by the adapters in the reader's language
        self.message = message
        # the domain renders no language: ``str(exc)`` shows a message's id
        reason = message if isinstance(message, str) else message.id
        super().__init__(f"clause {clause_id}: {reason}")

    @property
    def text(self) -> Message:
        """The clause and what is missing: "clause renewal: …"."""
        return msg("obligation.error", clause=self.clause_id, reason=self.message)


class Category(enum.Enum):
    DATA = "data"
    SERVICE = "service"
    TERM = "term"
    PAYMENT = "payment"
    LIMITATION = "limitation"


class ItemKind(enum.Enum):
    """What an item is; the values are the names used in JSON and in calendar feeds."""

    BREACH_NOTIFICATION = "breach-notification"
    DATA_RETURN = "data-return"
    DATA_DELETION = "data-deletion"
    RESTORE = "restore"
    BACKUP = "backup"
    NOTICE = "notice"
    MAINTENANCE_NOTICE = "maintenance-notice"
    CREDIT_CLAIM = "credit-claim"
    LICENCE_END = "licence-end"
    TERM_END = "term-end"
    RENEWAL_NOTICE = "renewal-notice"
    TERMINATION_NOTICE = "termination-notice"
    TERMINATION_RIGHT = "termination-right"
    PAYMENT_DUE = "payment-due"
    PRICE_REVISION = "price-revision"
    LIMITATION = "limitation"
    OTHER = "other"


@dataclass(frozen=True)
class Trigger:
    """An event that starts (or, for a notice, is the target of) a deadline.

    ``whole_day`` says only the date is known: ``at`` is then local 00:00 of that date.
    ``end`` closes a span (a maintenance window). ``clause`` narrows the trigger to one
    clause (a planned window of one maintenance kind); ``ref`` is the user's identifier
    (an invoice number, a ticket).
    """

    event: str
    at: datetime
    whole_day: bool = False
    end: datetime | None = None
    ref: str | None = None
    clause: str | None = None
    note: str | None = None

    @property
    def label(self) -> str:
        """The event as an identifier ("visit T-12 at 2024-03-01"), for the suspensions'
        events; what an obligation shows is ``words.trigger_label``."""
        when = self.at.date().isoformat() if self.whole_day else self.at.isoformat()
        return f"{self.event} {self.ref + ' ' if self.ref else ''}at {when}"

    @property
    def shown(self) -> Message:
        """``label`` for people, in their language ("visit T-12 at 2024-03-01")."""
        when = self.at.date().isoformat() if self.whole_day else self.at.isoformat()
        if self.ref:
            return msg("suspension.event-ref", event=self.event, ref=self.ref, when=when)
        return msg("suspension.event", event=self.event, when=when)


@dataclass(frozen=True)
class Item:
    """One dated commitment.

    ``due`` is the deadline (or, with ``opens``, the instant a right opens); ``act_by``
    is set when ``last_day`` is not a working day: the deadline does not move, and the
    last working day before it is the practical date to act (see ``workdays``).
    ``key`` identifies the commitment across runs (calendar UIDs are made from it).
    ``summary`` is a message, or the contract's own description of the obligation;
    ``rule`` says how the date is counted.
    """

    kind: ItemKind
    category: Category
    clause_id: str
    article: Text
    summary: Text
    rule: Message
    due: datetime
    last_day: date
    end_of_day: bool
    key: str
    owed_by: tuple[Party, ...] = ()
    calendar: str | None = None
    trigger: Trigger | None = None
    is_notice: bool = False
    opens: bool = False
    act_by: date | None = None
    details: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class Window:
    """A planned span of time (a maintenance window), with the clause that allows it."""

    clause_id: str
    article: Text
    summary: Message
    start: datetime
    end: datetime
    key: str


@dataclass(frozen=True)
class RecurringSeries:
    """A recurring window: its occurrences in the asked range, and the rule behind them.

    ``ics_rule`` is an RFC 5545 RRULE that gives exactly these occurrences from the first
    one (None when the contract's rule plus offset has no single-RRULE equivalent: the
    feed then lists the dates).
    """

    clause_id: str
    article: Text
    summary: Message
    rule: Message
    occurrences: tuple[Window, ...]
    ics_rule: str | None
    key: str
