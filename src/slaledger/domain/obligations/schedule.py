"""The obligations calendar of a contract over a range: every dated commitment in it.

Inputs are the contract, the events that happened or are planned (triggers), the
contract's calendars made queryable, and the range. Nothing here reads a file or the
clock: the range is an argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.clause import HasClause, in_force
from slaledger.domain.contract.commercial import LicencePeriod
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.obligations import ObligationKind
from slaledger.domain.message import Day, Items, Message, Param, msg
from slaledger.domain.obligations.backups import BackupCheck, check_backups
from slaledger.domain.obligations.credit_claims import credit_claim_items
from slaledger.domain.obligations.dates import last_day
from slaledger.domain.obligations.model import (
    Item,
    ItemKind,
    ObligationError,
    RecurringSeries,
    Trigger,
    Window,
)
from slaledger.domain.obligations.recurrence import RecurrenceError, ics_rule, occurrences
from slaledger.domain.obligations.revisions import price_revision_items
from slaledger.domain.obligations.terms import term_items
from slaledger.domain.obligations.triggered import (
    MAINTENANCE_EVENT,
    TERM_END_EVENT,
    dated_obligation_items,
    limitation_items,
    maintenance_items,
    payment_items,
)
from slaledger.domain.obligations.words import duration
from slaledger.domain.obligations.workdays import act_by


@dataclass(frozen=True)
class Schedule:
    contract_id: str
    title: str
    zone: str
    start: datetime
    end: datetime
    items: tuple[Item, ...]
    windows: tuple[Window, ...] = ()
    recurring: tuple[RecurringSeries, ...] = ()
    backups: tuple[BackupCheck, ...] = ()
    notes: tuple[Message, ...] = ()


def known_events(contract: Contract) -> frozenset[str]:
    """Every event name a trigger may carry for this contract."""
    names: set[str] = set()
    for obligation in contract.obligations:
        if obligation.deadline is not None:
            names.add(obligation.deadline.event)
    commercial = contract.commercial
    names.update(limit.deadline.event for limit in commercial.claim_limits)
    names.update(t.due.event for t in commercial.payment_terms if t.due is not None)
    names.update(term.starts for term in commercial.terms)
    names.update(licence.starts for licence in commercial.licence_periods)
    if contract.maintenance:
        names.add(MAINTENANCE_EVENT)
    for suspension in contract.suspensions:
        names.update((suspension.opens, suspension.closes))
    return frozenset(names)


def build_schedule(
    contract: Contract,
    *,
    triggers: Sequence[Trigger],
    calendars: Mapping[str, BusinessCalendar],
    start: datetime,
    end: datetime,
    backup_successes: NDArray[np.int64] | None = None,
) -> Schedule:
    """Every item due in the range, windows starting in it, and backup checks.

    The range runs from ``start`` to ``end`` (both instants, usually local midnights): a
    deadline belongs to it when it falls in (start, end], a right when it opens in
    [start, end).
    """
    zone = ZoneInfo(contract.timezone)
    unknown = sorted({t.event for t in triggers} - known_events(contract))
    if unknown:
        raise ObligationError(
            "-", "", msg("obligation.error.unknown-events", events=Items(tuple(unknown), "comma"))
        )
    items: list[Item] = []
    windows: list[Window] = []
    for trigger in triggers:
        items += dated_obligation_items(contract, trigger, zone=zone, calendars=calendars)
        items += limitation_items(contract, trigger, zone=zone, calendars=calendars)
        items += payment_items(contract, trigger, zone=zone, calendars=calendars)
        planned, spans = maintenance_items(contract, trigger, zone=zone, calendars=calendars)
        items += planned
        windows += [w for w in spans if start <= w.start < end]
    terms, notes = _term_items(contract, triggers, zone, calendars, end)
    items += terms
    items += credit_claim_items(contract, zone=zone, calendars=calendars, start=start, end=end)
    items += price_revision_items(contract, zone=zone, start=start, end=end)
    workdays = working_days_calendar(contract, calendars)
    items = [_with_workdays(i, workdays, calendars) for i in items if _in_range(i, start, end)]
    items.sort(key=lambda i: (i.due, i.clause_id, i.kind.value, i.key))
    backups: list[BackupCheck] = []
    if backup_successes is not None:
        for obligation in contract.obligations:
            if obligation.kind is ObligationKind.BACKUP:
                backups += check_backups(
                    obligation,
                    successes=backup_successes,
                    zone=contract.timezone,
                    first=start.astimezone(zone).date(),
                    last=last_day(end, zone),
                )
    return Schedule(
        contract_id=contract.id,
        title=contract.title,
        zone=contract.timezone,
        start=start,
        end=end,
        items=tuple(items),
        windows=tuple(sorted(windows, key=lambda w: (w.start, w.clause_id))),
        recurring=tuple(_recurring(contract, zone, start, end)),
        backups=tuple(backups),
        notes=tuple(notes),
    )


def _term_items(
    contract: Contract,
    triggers: Sequence[Trigger],
    zone: ZoneInfo,
    calendars: Mapping[str, BusinessCalendar],
    end: datetime,
) -> tuple[list[Item], list[Message]]:
    """Term and licence dates from each start event (or the contract's effective date)."""
    commercial = contract.commercial
    items: list[Item] = []
    notes: list[Message] = []
    terms = _by_id(commercial.terms)
    started_by_terms = {term.starts for term in commercial.terms}
    licences = {
        clause_id: versions
        for clause_id, versions in _by_id(commercial.licence_periods).items()
        if versions[0].starts not in started_by_terms
    }
    plans: list[tuple[str, str]] = [(i, v[0].starts) for i, v in terms.items()]
    plans += [(i, v[0].starts) for i, v in licences.items()]
    for clause_id, event in plans:
        starting = [
            t for t in triggers if t.event == event and (t.clause is None or t.clause == clause_id)
        ]
        if not starting:
            notes.append(msg("obligation.no-start-event", clause=clause_id, event=event))
            continue
        for trigger in starting:
            day = trigger.at.date()
            term = _version_at(terms[clause_id], day) if clause_id in terms else None
            licence = _licence_at(commercial.licence_periods, event, day)
            periods = term_items(
                term, licence=licence, trigger=trigger, zone=zone, calendars=calendars, end=end
            )
            items += periods
            for ended in periods:
                if ended.kind in (ItemKind.TERM_END, ItemKind.LICENCE_END):
                    expiry = Trigger(TERM_END_EVENT, ended.due, ref=ended.clause_id)
                    items += dated_obligation_items(
                        contract, expiry, zone=zone, calendars=calendars
                    )
    return items, notes


C = TypeVar("C", bound=HasClause)


def _licence_at(licences: Sequence[LicencePeriod], event: str, day: date) -> LicencePeriod | None:
    """The licence period started by ``event`` in force on ``day`` (None: the contract
    has none for that event). A start before the clause's first version took effect is
    an error naming the clause and both dates: the clause did not exist to count from it,
    and the ledger does not guess the earlier terms."""
    versions = [p for p in licences if p.starts == event]
    chosen = in_force(versions, day)
    if chosen or not versions:
        return chosen[0] if chosen else None
    first = min(versions, key=lambda v: v.clause.effective_from or date.min)
    effective = first.clause.effective_from or day
    raise ObligationError(
        first.clause.id,
        first.clause.where,
        msg(
            "obligation.error.before-effective",
            event=event,
            day=Day(day, pattern="d MMMM y"),
            effective=Day(effective, pattern="d MMMM y"),
        ),
    )


def _by_id(clauses: Iterable[C]) -> dict[str, list[C]]:
    """The versions of each clause, by id, in the file's order."""
    grouped: dict[str, list[C]] = {}
    for clause in clauses:
        grouped.setdefault(clause.clause.id, []).append(clause)
    return grouped


def _version_at(versions: Sequence[C], day: date) -> C:
    """The version in force on ``day``; before the first version, the first one."""
    chosen = in_force(versions, day)
    if chosen:
        return chosen[0]
    return min(versions, key=lambda v: v.clause.effective_from or date.min)


def _recurring(
    contract: Contract, zone: ZoneInfo, start: datetime, end: datetime
) -> list[RecurringSeries]:
    series: list[RecurringSeries] = []
    for kind in in_force(contract.maintenance, start.astimezone(zone).date()):
        window = kind.recurring
        if window is None:
            continue
        try:
            spans = occurrences(window, zone=zone, start=start, end=end)
            rule = ics_rule(window.rrule, window.offset)
        except RecurrenceError as exc:
            raise ObligationError(kind.clause.id, kind.clause.where, exc.message) from None
        hours, minutes = divmod(window.start // 60, 60)
        params: dict[str, Param] = {
            "rrule": window.rrule,
            "time": f"{hours:02d}:{minutes:02d}",
            "length": duration(window.max_duration),
        }
        text = (
            msg("obligation.rule.recurring-offset", offset=duration(window.offset), **params)
            if window.offset
            else msg("obligation.rule.recurring", **params)
        )
        summary = msg("obligation.maintenance-window", kind=kind.name)
        series.append(
            RecurringSeries(
                clause_id=kind.clause.id,
                article=kind.clause.cited,
                summary=summary,
                rule=text,
                occurrences=tuple(
                    Window(
                        kind.clause.id,
                        kind.clause.cited,
                        summary,
                        s,
                        e,
                        key=f"{kind.clause.id}/recurring/{s.date().isoformat()}",
                    )
                    for s, e in spans
                ),
                ics_rule=rule,
                key=f"{kind.clause.id}/recurring",
            )
        )
    return series


def _in_range(item: Item, start: datetime, end: datetime) -> bool:
    """A deadline is in the range when its last moment is (a deadline at ``start`` is
    the end of the day before); a right, when it opens in it."""
    if item.opens:
        return start <= item.due < end
    return start < item.due <= end


def working_days_calendar(
    contract: Contract, calendars: Mapping[str, BusinessCalendar]
) -> BusinessCalendar | None:
    """The calendar whose public holidays tell the contract's working days: the first
    calendar of the contract with holidays in the contract's zone (None: Monday-Friday)."""
    for name in contract.calendars:
        calendar = calendars.get(name)
        if (
            calendar is not None
            and calendar.spec.holidays is not None
            and calendar.spec.timezone == contract.timezone
        ):
            return calendar
    return None


def _with_workdays(
    item: Item, workdays: BusinessCalendar | None, calendars: Mapping[str, BusinessCalendar]
) -> Item:
    """``act_by`` from the deadline's own calendar when it knows holidays, else from the
    contract's working days."""
    if item.opens:
        return item
    own = calendars.get(item.calendar) if item.calendar else None
    if own is not None and own.spec.holidays is not None:
        return item
    return replace(item, act_by=act_by(item.last_day, workdays))
