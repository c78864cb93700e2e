"""Licence periods, initial terms, tacit renewals and the notices before each term.

A period runs from its first day to its last day inclusive and *expires* at local 00:00
after its last day. "12 months from 15 March 2024" has 14 March 2025 as its last day;
"until 31 December" expires at 1 January 00:00. A notice "at least 1 month before the
term" is due one civil month before the expiry instant: 1 December 00:00, so its last
day is 30 November.

A licence period (PREVISOFT) gives the first period's last day from the day of the year
of the subscription, by the brackets of the contract file: the file, not this code, says
which bracket 30 September belongs to. A day no bracket contains is an error naming the
clause, never a silent guess.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.commercial import LicenceBracket, LicencePeriod, Term
from slaledger.domain.contract.obligations import Deadline
from slaledger.domain.contract.parties import Party
from slaledger.domain.contract.values import MonthDay
from slaledger.domain.lint.coverage import describe
from slaledger.domain.message import Day, Items, Message, msg
from slaledger.domain.obligations.dates import add_civil_to_date, end_of_day
from slaledger.domain.obligations.deadlines import (
    ItemSpec,
    due_at,
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
)
from slaledger.domain.obligations.words import deadline_rule, duration

#: a safety stop for renewals (a thousand years of yearly renewals)
_MAX_PERIODS = 1000


@dataclass(frozen=True)
class TermPeriod:
    """One period of a contract: 0 is the initial one, then each renewal."""

    index: int
    first_day: date
    last_day: date

    def expires(self, zone: ZoneInfo) -> datetime:
        return end_of_day(self.last_day, zone)


def licence_bracket(period: LicencePeriod, subscribed: date) -> LicenceBracket:
    """The bracket of the licence clause that contains the day of the subscription."""
    ordinal = Decimal(MonthDay(subscribed.month, subscribed.day).ordinal)
    found = [b for b in period.brackets if b.subscribed.contains(ordinal)]
    day = Day(subscribed, pattern="d MMMM")
    if not found:
        raise ObligationError(
            period.clause.id,
            period.clause.where,
            msg("obligation.error.no-bracket", day=day),
        )
    if len(found) > 1:
        brackets = Items(tuple(str(b.subscribed) for b in found), "comma")
        raise ObligationError(
            period.clause.id,
            period.clause.where,
            msg("obligation.error.brackets-overlap", brackets=brackets, day=day),
        )
    return found[0]


def licence_last_day(period: LicencePeriod, subscribed: date) -> date:
    """The last day of a licence subscribed on ``subscribed`` (31 December N or N+1)."""
    bracket = licence_bracket(period, subscribed)
    year = subscribed.year + bracket.years_after
    day = min(bracket.ends.day, _cal.monthrange(year, bracket.ends.month)[1])
    return date(year, bracket.ends.month, day)


def term_periods(
    term: Term | None, *, start: date, licence: LicencePeriod | None
) -> Iterator[TermPeriod]:
    """The initial period from ``start``, then each tacit renewal, without end (a term,
    a licence period, or both: a licence period gives the first period's last day)."""
    if licence is not None:
        clause = term.clause if term is not None else licence.clause
        last = licence_last_day(licence, start)
    elif term is not None and term.initial is not None:
        clause = term.clause
        last = add_civil_to_date(start, term.initial) - timedelta(days=1)
    elif term is not None:
        clause = term.clause
        raise ObligationError(clause.id, clause.where, msg("obligation.error.no-initial-term"))
    else:
        raise ValueError("term_periods needs a term or a licence period")
    current = TermPeriod(0, start, last)
    yield current
    if term is None or term.renewal is None or not term.tacit_renewal:
        return
    for index in range(1, _MAX_PERIODS):
        first = current.last_day + timedelta(days=1)
        if term.renews_on is not None:
            first = _next_on_or_after(term.renews_on, first)
        last = add_civil_to_date(first, term.renewal) - timedelta(days=1)
        if last < first:
            raise ObligationError(
                clause.id, clause.where, msg("obligation.error.renewal-too-short")
            )
        current = TermPeriod(index, first, last)
        yield current


def _next_on_or_after(on: MonthDay, day: date) -> date:
    for year in (day.year, day.year + 1):
        candidate = date(year, on.month, min(on.day, _cal.monthrange(year, on.month)[1]))
        if candidate >= day:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def term_items(
    term: Term | None,
    *,
    licence: LicencePeriod | None,
    trigger: Trigger,
    zone: ZoneInfo,
    calendars: Mapping[str, BusinessCalendar],
    end: datetime,
) -> list[Item]:
    """Term ends, termination notices and renewal notices of every period that starts
    by ``end`` (the caller keeps those due in its range)."""
    items: list[Item] = []
    begin = trigger.at.date()
    last = end.astimezone(zone).date()
    for period in term_periods(term, start=begin, licence=licence):
        if period.index > 0 and period.first_day > last:
            break
        items += _period_items(
            term, licence, period, trigger=trigger, begin=begin, zone=zone, calendars=calendars
        )
    return items


def _period_items(
    term: Term | None,
    licence: LicencePeriod | None,
    period: TermPeriod,
    *,
    trigger: Trigger,
    begin: date,
    zone: ZoneInfo,
    calendars: Mapping[str, BusinessCalendar],
) -> list[Item]:
    expires = period.expires(zone)
    renews = term is not None and term.tacit_renewal and term.renewal is not None
    if period.index == 0 and licence is not None:
        bracket = licence_bracket(licence, begin)
        clause = licence.clause
        kind = ItemKind.LICENCE_END
        summary: Message = msg(
            "obligation.licence-end", begin=begin.isoformat(), last=period.last_day.isoformat()
        )
        year = {0: msg("obligation.year.same"), 1: msg("obligation.year.next")}.get(
            bracket.years_after, msg("obligation.year.later", n=bracket.years_after)
        )
        ends = Day(date(2000, bracket.ends.month, bracket.ends.day), pattern="d MMMM")
        rule = msg(
            "obligation.rule.licence",
            subscribed=describe(bracket.subscribed),
            ends=ends,
            year=year,
        )
    else:
        assert term is not None
        clause = term.clause
        kind = ItemKind.TERM_END
        what = (
            msg("obligation.term.initial")
            if period.index == 0
            else msg("obligation.term.renewal", n=period.index)
        )
        last = period.last_day.isoformat()
        summary = (
            msg("obligation.term-ends-of", what=what, service=term.service, last=last)
            if term.service
            else msg("obligation.term-ends", what=what, last=last)
        )
        length = term.initial if period.index == 0 else term.renewal
        rule = msg(
            "obligation.rule.term", length=duration(length), first=period.first_day.isoformat()
        )
    if renews and term is not None:
        summary = msg("obligation.renews-tacitly", summary=summary, renewal=duration(term.renewal))
    key = f"{clause.id}/{trigger_key(trigger)}/{period.index}"
    details = (
        ("period_start", period.first_day.isoformat()),
        ("period_end", period.last_day.isoformat()),
        ("tacit_renewal", "yes" if renews else "no"),
    )
    items = [
        make_item(
            ItemSpec(kind, Category.TERM, summary, details=details),
            clause=clause,
            due=due_at(expires, zone),
            rule=rule,
            key=f"{key}/{kind.value}",
            trigger=trigger,
        )
    ]
    if term is None:
        return items
    target = Trigger(event="term-end", at=expires, ref=trigger.ref)
    last_day = period.last_day.isoformat()
    notices: tuple[tuple[Deadline | None, ItemKind, tuple[Party, ...], Message], ...] = (
        (
            term.notice,
            ItemKind.TERMINATION_NOTICE,
            (),
            msg("obligation.termination-notice-form", last=last_day, form=term.notice_form)
            if term.notice_form
            else msg("obligation.termination-notice", last=last_day),
        ),
        (
            term.provider_reminder,
            ItemKind.RENEWAL_NOTICE,
            (Party.PROVIDER,),
            msg("obligation.renewal-notice", last=last_day),
        ),
    )
    for deadline, notice_kind, owed_by, text in notices:
        if deadline is None:
            continue
        due, calendar = resolve_due(
            deadline, target, clause=term.clause, zone=zone, calendars=calendars
        )
        items.append(
            make_item(
                ItemSpec(
                    notice_kind,
                    Category.TERM,
                    text,
                    owed_by=owed_by,
                    is_notice=True,
                    details=details,
                ),
                clause=term.clause,
                due=due,
                rule=deadline_rule(deadline),
                key=f"{key}/{notice_kind.value}",
                trigger=trigger,
                calendar_name=deadline.calendar,
                calendar=calendar,
            )
        )
    return items
