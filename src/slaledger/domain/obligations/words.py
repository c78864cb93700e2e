"""What an obligation says, as messages (docs/i18n.md): a contract's durations, the rule
of a deadline, the event behind an item. The contract's own words (a description, an
event's or a service's name) are parameters shown as written."""

from __future__ import annotations

from decimal import Decimal

from slaledger.domain.contract.obligations import Deadline, DeadlineKind
from slaledger.domain.contract.parties import Party
from slaledger.domain.contract.values import Blank, Duration, TimeUnit, plain_number
from slaledger.domain.message import Items, Message, Number, Param, msg
from slaledger.domain.obligations.model import Trigger

#: a unit's words, in the singular and the plural
_UNITS: dict[TimeUnit, tuple[Message, Message]] = {
    TimeUnit.SECOND: (msg("value.seconds-short"), msg("value.seconds-short")),
    TimeUnit.MINUTE: (msg("value.minutes-short"), msg("value.minutes-short")),
    TimeUnit.HOUR: (msg("value.hours-short"), msg("value.hours-short")),
    TimeUnit.DAY: (msg("obligation.duration.day"), msg("obligation.duration.days")),
    TimeUnit.WEEK: (msg("obligation.duration.week"), msg("obligation.duration.weeks")),
    TimeUnit.MONTH: (msg("value.month"), msg("value.months")),
    TimeUnit.YEAR: (msg("value.year"), msg("value.years")),
    TimeUnit.BUSINESS_DAY: (
        msg("obligation.duration.business-day"),
        msg("obligation.duration.business-days"),
    ),
}


def duration(value: Duration | Blank | None) -> Message:
    """A contract's duration in words: "2 business days", "48h", "1 month"."""
    if value is None or isinstance(value, Blank):
        return msg("obligation.duration.blank")
    if value.text == "immediately":
        return msg("obligation.duration.immediately")
    one, many = _UNITS[value.unit]
    words = one if value.amount == 1 else many
    return msg(words.id, n=Number(Decimal(plain_number(value.amount))))


def deadline_rule(deadline: Deadline) -> Message:
    """How a deadline is counted: "within 2 days after breach-discovered"."""
    params: dict[str, Param] = {"duration": duration(deadline.duration), "event": deadline.event}
    if deadline.calendar:
        calendar = deadline.calendar
        if deadline.kind is DeadlineKind.WITHIN_AFTER:
            return msg("obligation.rule.within-in", calendar=calendar, **params)
        if deadline.kind is DeadlineKind.OPENS_AFTER:
            return msg("obligation.rule.opens-in", calendar=calendar, **params)
        return msg("obligation.rule.before-in", calendar=calendar, **params)
    if deadline.kind is DeadlineKind.WITHIN_AFTER:
        return msg("obligation.rule.within", **params)
    if deadline.kind is DeadlineKind.OPENS_AFTER:
        return msg("obligation.rule.opens", **params)
    return msg("obligation.rule.before", **params)


def trigger_label(trigger: Trigger) -> Message:
    """The event behind an item: "invoice-issued F-12 at 2024-03-01"."""
    when = trigger.at.date().isoformat() if trigger.whole_day else trigger.at.isoformat()
    if trigger.ref:
        return msg("obligation.trigger-ref", event=trigger.event, ref=trigger.ref, at=when)
    return msg("obligation.trigger", event=trigger.event, at=when)


_OWED = {
    Party.PROVIDER: msg("obligation.owed.provider"),
    Party.CUSTOMER: msg("obligation.owed.customer"),
    Party.THIRD_PARTY: msg("obligation.owed.third-party"),
    Party.FORCE_MAJEURE: msg("obligation.owed.force-majeure"),
}


def owed_by(parties: tuple[Party, ...]) -> Message:
    """Who owes an item: "provider, customer", or "either party"."""
    if not parties:
        return msg("obligation.owed.either")
    return msg("obligation.owed", parties=Items(tuple(_OWED[p] for p in parties), "comma"))
