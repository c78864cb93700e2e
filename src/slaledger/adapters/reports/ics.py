"""An obligations schedule as an iCalendar feed (RFC 5545), for calendar applications.

- Each deadline is an event. A deadline at local 00:00 (the end of a day) is an all-day
  event on its last day; a right that opens at 00:00 is an all-day event on the day it
  opens; any other deadline is an instant event (DTSTART only) in the contract's zone.
- Notices (to give before a deadline) carry VALARM reminders, by default 14 days and
  2 days before.
- Maintenance windows are timed events; a recurring window is one event with an RRULE
  (bounded by the end of the asked range), or with RDATEs when the contract's rule has
  no single-RRULE equivalent.
- UIDs are a hash of the contract id and the item's key, so the same commitment keeps
  its UID from one export to the next; DTSTAMP is the export time given by the caller.
- The VTIMEZONE of every zone used is included.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vRecur

from slaledger.domain.obligations.model import Item, RecurringSeries, Window
from slaledger.domain.obligations.schedule import Schedule

PRODID = "-//SLA Ledger//Obligations calendar//EN"
DEFAULT_REMINDERS = (timedelta(days=14), timedelta(days=2))


def uid(contract_id: str, key: str) -> str:
    digest = hashlib.sha256(f"{contract_id}|{key}".encode()).hexdigest()[:32]
    return f"{digest}@slaledger"


def schedule_to_ics(
    schedule: Schedule,
    *,
    generated_at: datetime,
    reminders: Sequence[timedelta] = DEFAULT_REMINDERS,
) -> bytes:
    """The feed's bytes (CRLF lines, folded at 75 octets)."""
    stamp = generated_at.astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{schedule.title} — obligations"
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", schedule.zone)
    description = [
        f"Contract {schedule.contract_id}, from {schedule.start.isoformat()} "
        f"to {schedule.end.isoformat()}."
    ]
    description += list(schedule.notes)
    calendar.add("description", "\n".join(description))
    for item in schedule.items:
        calendar.add_component(_item_event(schedule.contract_id, item, stamp, reminders))
    for window in schedule.windows:
        calendar.add_component(_window_event(schedule.contract_id, window, stamp))
    for series in schedule.recurring:
        event = _series_event(schedule.contract_id, series, stamp, schedule.end)
        if event is not None:
            calendar.add_component(event)
    first = schedule.start.date() - timedelta(days=366)
    last = schedule.end.date() + timedelta(days=366)
    calendar.add_missing_timezones(first_date=first, last_date=last)
    data: bytes = calendar.to_ical()
    return data


def _item_event(
    contract_id: str, item: Item, stamp: datetime, reminders: Sequence[timedelta]
) -> Event:
    event = Event()
    event.add("uid", uid(contract_id, item.key))
    event.add("dtstamp", stamp)
    verb = "opens" if item.opens else "due"
    event.add("summary", f"{item.kind.value} {verb}: {item.summary} [{item.clause_id}]")
    if item.end_of_day:
        day = item.due.date() if item.opens else item.last_day
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    else:
        event.add("dtstart", item.due)
    event.add("transp", "TRANSPARENT")
    event.add("categories", [item.category.value, item.kind.value])
    event.add("description", _describe(item))
    if item.is_notice:
        for before in reminders:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", -before)
            alarm.add("description", f"Reminder: {item.summary} ({_when(item)})")
            event.add_component(alarm)
    return event


def _when(item: Item) -> str:
    if item.opens:
        return f"from {item.due.isoformat()}"
    if item.end_of_day:
        return f"by the end of {item.last_day.isoformat()}"
    return f"by {item.due.isoformat()}"


def _describe(item: Item) -> str:
    lines = [
        item.summary,
        f"When: {_when(item)}",
        f"Rule: {item.rule}",
        f"Clause: {item.clause_id} ({item.article})",
    ]
    if item.owed_by:
        lines.append("Owed by: " + ", ".join(p.value for p in item.owed_by))
    if item.calendar:
        lines.append(f"Counted in: {item.calendar}")
    if item.trigger is not None:
        lines.append(f"Triggered by: {item.trigger.label}")
    if item.act_by is not None:
        lines.append(
            f"Not a working day: the deadline does not move; act by {item.act_by.isoformat()}"
        )
    lines += [f"{name}: {value}" for name, value in item.details]
    return "\n".join(lines)


def _window_event(contract_id: str, window: Window, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid(contract_id, window.key))
    event.add("dtstamp", stamp)
    event.add("summary", f"{window.summary} [{window.clause_id}]")
    event.add("dtstart", window.start)
    event.add("dtend", window.end)
    event.add("categories", ["maintenance"])
    event.add("description", f"Clause: {window.clause_id} ({window.article})")
    return event


def _series_event(
    contract_id: str, series: RecurringSeries, stamp: datetime, until: datetime
) -> Event | None:
    if not series.occurrences:
        return None
    first = series.occurrences[0]
    event = Event()
    event.add("uid", uid(contract_id, series.key))
    event.add("dtstamp", stamp)
    event.add("summary", f"{series.summary} [{series.clause_id}]")
    event.add("dtstart", first.start)
    event.add("dtend", first.end)
    event.add("categories", ["maintenance"])
    event.add(
        "description",
        f"Rule: {series.rule}\nClause: {series.clause_id} ({series.article})",
    )
    if series.ics_rule is not None:
        rule = series.ics_rule
        if "COUNT=" not in rule and "UNTIL=" not in rule:
            rule += ";UNTIL=" + until.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        event.add("rrule", vRecur.from_ical(rule))
    elif len(series.occurrences) > 1:
        event.add("rdate", [w.start for w in series.occurrences[1:]])
    return event
