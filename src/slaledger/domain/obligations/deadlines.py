"""From a contract's ``Deadline`` and a trigger to a due instant, and to an item.

``within D after E``: the deadline is E + D. When E is known only to the day, civil
durations count from that date (the day itself does not count) and the deadline ends
with its last day; other durations count from the end of that day.

``opens D after E``: a right opens at E + D, counted like ``within``.

``at least D before E``: the deadline is E - D. When E is known only to the day, E is
taken at the start of that day (the earliest it can happen).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from slaledger.domain.calendar.engine import BusinessCalendar, CalendarError
from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.obligations import Deadline, DeadlineKind
from slaledger.domain.contract.parties import Party
from slaledger.domain.contract.values import Blank, Duration
from slaledger.domain.message import Message, Text, msg
from slaledger.domain.obligations.dates import (
    DeadlineError,
    add_civil_to_date,
    end_of_day,
    is_civil,
    is_midnight,
    last_day,
    shift,
    start_of_day,
)
from slaledger.domain.obligations.model import (
    Category,
    Item,
    ItemKind,
    ObligationError,
    Trigger,
)
from slaledger.domain.obligations.workdays import act_by


@dataclass(frozen=True)
class Due:
    at: datetime
    end_of_day: bool
    last_day: date


def due_at(at: datetime, zone: ZoneInfo) -> Due:
    local = at.astimezone(zone)
    return Due(local, is_midnight(local, zone), last_day(local, zone))


def due_after(
    trigger: Trigger, duration: Duration, *, zone: ZoneInfo, calendar: BusinessCalendar | None
) -> Due:
    zone = calendar.zone if calendar is not None else zone
    if trigger.whole_day:
        day = trigger.at.date()
        if is_civil(duration):
            return due_at(end_of_day(add_civil_to_date(day, duration), zone), zone)
        return due_at(
            shift(end_of_day(day, zone), duration, sign=1, zone=zone, calendar=calendar), zone
        )
    return due_at(shift(trigger.at, duration, sign=1, zone=zone, calendar=calendar), zone)


def due_before(
    target: Trigger, duration: Duration, *, zone: ZoneInfo, calendar: BusinessCalendar | None
) -> Due:
    zone = calendar.zone if calendar is not None else zone
    at = target.at
    if target.whole_day:
        at = start_of_day(at.date(), zone)
    return due_at(shift(at, duration, sign=-1, zone=zone, calendar=calendar), zone)


def resolve_due(
    deadline: Deadline,
    trigger: Trigger,
    *,
    clause: ClauseInfo,
    zone: ZoneInfo,
    calendars: Mapping[str, BusinessCalendar],
) -> tuple[Due, BusinessCalendar | None]:
    """The due instant of ``deadline`` for ``trigger``; ObligationError names the clause."""
    if isinstance(deadline.duration, Blank):
        raise ObligationError(
            clause.id, deadline.where or clause.where, msg("obligation.error.blank-duration")
        )
    calendar = None
    if deadline.calendar is not None:
        calendar = calendars.get(deadline.calendar)
        if calendar is None:
            raise ObligationError(
                clause.id,
                deadline.where,
                msg("obligation.error.no-calendar", calendar=deadline.calendar),
            )
    try:
        if deadline.kind in (DeadlineKind.WITHIN_AFTER, DeadlineKind.OPENS_AFTER):
            due = due_after(trigger, deadline.duration, zone=zone, calendar=calendar)
        else:
            due = due_before(trigger, deadline.duration, zone=zone, calendar=calendar)
    except DeadlineError as exc:
        raise ObligationError(clause.id, deadline.where or clause.where, exc.message) from None
    except CalendarError as exc:
        raise ObligationError(clause.id, deadline.where or clause.where, str(exc)) from None
    return due, calendar


@dataclass(frozen=True)
class ItemSpec:
    """What an item says beyond its date."""

    kind: ItemKind
    category: Category
    summary: Text
    owed_by: tuple[Party, ...] = ()
    is_notice: bool = False
    opens: bool = False
    details: tuple[tuple[str, str], ...] = ()


def make_item(
    spec: ItemSpec,
    *,
    clause: ClauseInfo,
    due: Due,
    rule: Message,
    key: str,
    trigger: Trigger | None = None,
    calendar_name: str | None = None,
    calendar: BusinessCalendar | None = None,
) -> Item:
    return Item(
        kind=spec.kind,
        category=spec.category,
        clause_id=clause.id,
        article=clause.cited,
        summary=spec.summary,
        rule=rule,
        due=due.at,
        last_day=due.last_day,
        end_of_day=due.end_of_day,
        key=key,
        owed_by=spec.owed_by,
        calendar=calendar_name,
        trigger=trigger,
        is_notice=spec.is_notice,
        opens=spec.opens,
        act_by=None if spec.opens else act_by(due.last_day, calendar),
        details=spec.details,
    )


def trigger_key(trigger: Trigger) -> str:
    """A trigger's identity in item keys: event, day or instant, reference."""
    when = trigger.at.date().isoformat() if trigger.whole_day else trigger.at.isoformat()
    return f"{trigger.event}/{trigger.ref or ''}/{when}"
