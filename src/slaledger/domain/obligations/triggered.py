"""Deadlines started by events: data obligations, notices, limitation periods, payments.

Each trigger meets the clauses *in force on its date* whose deadline names its event:
``breach-discovered`` meets PREVISOFT's 2-day breach notification, ``visit`` meets
IMRI's 48-hour visit notice, ``invoice-issued`` the payment term and, through it, the
right to terminate after 90 days of late payment. A planned maintenance window is the
reserved event ``maintenance`` with the clause id of its maintenance kind. The end of
each term period is the event ``term-end`` (IMRI's equipment changes are due 3 months
before it); the schedule makes those triggers from the terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.clause import ClauseInfo, in_force
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.maintenance import Maintenance
from slaledger.domain.contract.obligations import DatedObligation, DeadlineKind, ObligationKind
from slaledger.domain.contract.parties import Party
from slaledger.domain.contract.values import Blank, Duration
from slaledger.domain.message import msg
from slaledger.domain.obligations.dates import DeadlineError, shift
from slaledger.domain.obligations.deadlines import (
    ItemSpec,
    due_at,
    due_before,
    make_item,
    resolve_due,
    trigger_key,
)
from slaledger.domain.obligations.model import (
    Category,
    Item,
    ItemKind,
    ObligationError,
    Trigger,
    Window,
)
from slaledger.domain.obligations.words import deadline_rule, duration

#: the event of a planned maintenance window (its ``clause`` names the maintenance kind)
MAINTENANCE_EVENT = "maintenance"
#: the end of a term period, made by the schedule from the terms
TERM_END_EVENT = "term-end"

_KINDS: dict[ObligationKind, tuple[ItemKind, Category]] = {
    ObligationKind.BACKUP: (ItemKind.BACKUP, Category.DATA),
    ObligationKind.RESTORE: (ItemKind.RESTORE, Category.DATA),
    ObligationKind.BREACH_NOTIFICATION: (ItemKind.BREACH_NOTIFICATION, Category.DATA),
    ObligationKind.DATA_RETURN: (ItemKind.DATA_RETURN, Category.DATA),
    ObligationKind.DATA_DELETION: (ItemKind.DATA_DELETION, Category.DATA),
    ObligationKind.NOTICE: (ItemKind.NOTICE, Category.SERVICE),
    ObligationKind.MONITORING: (ItemKind.OTHER, Category.SERVICE),
    ObligationKind.REPORT: (ItemKind.OTHER, Category.SERVICE),
    ObligationKind.TERMINATION_RIGHT: (ItemKind.TERMINATION_RIGHT, Category.TERM),
    ObligationKind.OTHER: (ItemKind.OTHER, Category.SERVICE),
}
_NOTICE_KINDS = (ObligationKind.NOTICE, ObligationKind.BREACH_NOTIFICATION)


def dated_obligation_items(
    contract: Contract,
    trigger: Trigger,
    *,
    zone: ZoneInfo,
    calendars: Mapping[str, BusinessCalendar],
) -> list[Item]:
    items: list[Item] = []
    for obligation in in_force(contract.obligations, trigger.at.date()):
        deadline = obligation.deadline
        if deadline is None or deadline.event != trigger.event or not _for(trigger, obligation):
            continue
        due, calendar = resolve_due(
            deadline, trigger, clause=obligation.clause, zone=zone, calendars=calendars
        )
        kind, category = _KINDS.get(obligation.kind, (ItemKind.OTHER, Category.SERVICE))
        opens = deadline.kind is DeadlineKind.OPENS_AFTER
        notice = not opens and (
            deadline.kind is DeadlineKind.AT_LEAST_BEFORE or obligation.kind in _NOTICE_KINDS
        )
        items.append(
            make_item(
                ItemSpec(
                    kind,
                    category,
                    obligation.description,
                    owed_by=obligation.owed_by,
                    is_notice=notice,
                    opens=opens,
                ),
                clause=obligation.clause,
                due=due,
                rule=deadline_rule(deadline),
                key=f"{obligation.clause.id}/{trigger_key(trigger)}",
                trigger=trigger,
                calendar_name=deadline.calendar,
                calendar=calendar,
            )
        )
    return items


def _for(trigger: Trigger, obligation: DatedObligation) -> bool:
    return trigger.clause is None or trigger.clause == obligation.clause.id


def limitation_items(
    contract: Contract,
    trigger: Trigger,
    *,
    zone: ZoneInfo,
    calendars: Mapping[str, BusinessCalendar],
) -> list[Item]:
    """Claims and actions barred after a period from the event giving rise to them."""
    items: list[Item] = []
    for limit in in_force(contract.commercial.claim_limits, trigger.at.date()):
        if limit.deadline.event != trigger.event:
            continue
        if trigger.clause is not None and trigger.clause != limit.clause.id:
            continue
        due, calendar = resolve_due(
            limit.deadline, trigger, clause=limit.clause, zone=zone, calendars=calendars
        )
        items.append(
            make_item(
                ItemSpec(
                    ItemKind.LIMITATION,
                    Category.LIMITATION,
                    msg("obligation.limitation", subject=limit.subject),
                    owed_by=(Party.CUSTOMER,),
                ),
                clause=limit.clause,
                due=due,
                rule=deadline_rule(limit.deadline),
                key=f"{limit.clause.id}/{trigger_key(trigger)}",
                trigger=trigger,
                calendar_name=limit.deadline.calendar,
                calendar=calendar,
            )
        )
    return items


def payment_items(
    contract: Contract,
    trigger: Trigger,
    *,
    zone: ZoneInfo,
    calendars: Mapping[str, BusinessCalendar],
) -> list[Item]:
    """The payment due date of an invoice, and the right to terminate if it stays unpaid."""
    items: list[Item] = []
    commercial = contract.commercial
    on = trigger.at.date()
    for terms in in_force(commercial.payment_terms, on):
        if terms.due is None or terms.due.event != trigger.event:
            continue
        due, calendar = resolve_due(
            terms.due, trigger, clause=terms.clause, zone=zone, calendars=calendars
        )
        ref = trigger.ref
        items.append(
            make_item(
                ItemSpec(
                    ItemKind.PAYMENT_DUE,
                    Category.PAYMENT,
                    msg("obligation.invoice-due-ref", ref=ref)
                    if ref
                    else msg("obligation.invoice-due"),
                    owed_by=(Party.CUSTOMER,),
                ),
                clause=terms.clause,
                due=due,
                rule=deadline_rule(terms.due),
                key=f"{terms.clause.id}/{trigger_key(trigger)}",
                trigger=trigger,
                calendar_name=terms.due.calendar,
                calendar=calendar,
            )
        )
        for penalty in in_force(commercial.late_payment, on):
            after = penalty.termination_after
            if after is None:
                continue
            opens = _shifted(due.at, after, zone, penalty.clause)
            items.append(
                make_item(
                    ItemSpec(
                        ItemKind.TERMINATION_RIGHT,
                        Category.TERM,
                        msg("obligation.unpaid-termination-ref", ref=ref)
                        if ref
                        else msg("obligation.unpaid-termination"),
                        owed_by=(Party.PROVIDER,),
                        opens=True,
                    ),
                    clause=penalty.clause,
                    due=due_at(opens, zone),
                    rule=msg("obligation.rule.late-payment", duration=duration(after)),
                    key=f"{penalty.clause.id}/{trigger_key(trigger)}",
                    trigger=trigger,
                )
            )
    return items


def _shifted(at: datetime, duration: Duration, zone: ZoneInfo, clause: ClauseInfo) -> datetime:
    try:
        return shift(at, duration, sign=1, zone=zone)
    except DeadlineError as exc:
        raise ObligationError(clause.id, clause.where, exc.message) from None


def maintenance_items(
    contract: Contract,
    trigger: Trigger,
    *,
    zone: ZoneInfo,
    calendars: Mapping[str, BusinessCalendar],
) -> tuple[list[Item], list[Window]]:
    """A planned window: the notice it needs, and the window itself."""
    if trigger.event != MAINTENANCE_EVENT:
        return [], []
    items: list[Item] = []
    windows: list[Window] = []
    for kind in in_force(contract.maintenance, trigger.at.date()):
        if kind.clause.id != trigger.clause:
            continue
        if trigger.end is not None:
            windows.append(
                Window(
                    kind.clause.id,
                    kind.clause.cited,
                    msg("obligation.maintenance-window", kind=kind.name),
                    trigger.at,
                    trigger.end,
                    key=f"{kind.clause.id}/{trigger_key(trigger)}/window",
                )
            )
        notice = _notice(kind)
        if notice is None:
            continue
        calendar = calendars.get(kind.calendar) if kind.calendar else None
        try:
            due = due_before(trigger, notice, zone=zone, calendar=calendar)
        except DeadlineError as exc:
            raise ObligationError(kind.clause.id, kind.clause.where, exc.message) from None
        items.append(
            make_item(
                ItemSpec(
                    ItemKind.MAINTENANCE_NOTICE,
                    Category.SERVICE,
                    msg(
                        "obligation.announce-maintenance",
                        kind=kind.name,
                        at=trigger.at.isoformat(),
                    ),
                    owed_by=(Party.PROVIDER,),
                    is_notice=True,
                ),
                clause=kind.clause,
                due=due,
                rule=msg(
                    "obligation.rule.before-window-in",
                    duration=duration(notice),
                    calendar=kind.calendar,
                )
                if kind.calendar
                else msg("obligation.rule.before-window", duration=duration(notice)),
                key=f"{kind.clause.id}/{trigger_key(trigger)}",
                trigger=trigger,
                calendar_name=kind.calendar,
                calendar=calendar,
            )
        )
    return items, windows


def _notice(kind: Maintenance) -> Duration | None:
    """The kind's minimum notice; a blank one commits to no date (the linter reports it)."""
    notice = kind.minimum_notice
    if notice is None or isinstance(notice, Blank):
        return None
    return notice
