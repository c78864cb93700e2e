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
- Texts are in the reader's language (``language``: fr or en); the contract's own words
  (its title, an obligation's description) as written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vRecur

from slaledger.adapters.i18n import Renderer, renderer
from slaledger.domain.message import msg
from slaledger.domain.obligations.model import Item, RecurringSeries, Window
from slaledger.domain.obligations.schedule import Schedule
from slaledger.domain.obligations.words import owed_by, trigger_label

PRODID = "-//SLA Ledger//Obligations calendar//EN"
DEFAULT_REMINDERS = (timedelta(days=14), timedelta(days=2))


def uid(contract_id: str, key: str) -> str:
    digest = hashlib.sha256(f"{contract_id}|{key}".encode()).hexdigest()[:32]
    return f"{digest}@slaledger"


def schedule_to_ics(
    schedule: Schedule,
    *,
    generated_at: datetime,
    language: str = "en",
    reminders: Sequence[timedelta] = DEFAULT_REMINDERS,
) -> bytes:
    """The feed's bytes (CRLF lines, folded at 75 octets), its texts in ``language``."""
    say = renderer(language)
    stamp = generated_at.astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = say(msg("obligation.feed.name", title=schedule.title))
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", schedule.zone)
    description = [
        say(
            msg(
                "obligation.feed.range",
                contract=schedule.contract_id,
                start=schedule.start.isoformat(),
                end=schedule.end.isoformat(),
            )
        )
    ]
    description += [say(note) for note in schedule.notes]
    calendar.add("description", "\n".join(description))
    for item in schedule.items:
        calendar.add_component(_item_event(schedule.contract_id, item, stamp, reminders, say))
    for window in schedule.windows:
        calendar.add_component(_window_event(schedule.contract_id, window, stamp, say))
    for series in schedule.recurring:
        event = _series_event(schedule.contract_id, series, stamp, schedule.end, say)
        if event is not None:
            calendar.add_component(event)
    first = schedule.start.date() - timedelta(days=366)
    last = schedule.end.date() + timedelta(days=366)
    calendar.add_missing_timezones(first_date=first, last_date=last)
    data: bytes = calendar.to_ical()
    return data


def _item_event(
    contract_id: str,
    item: Item,
    stamp: datetime,
    reminders: Sequence[timedelta],
    say: Renderer,
) -> Event:
    event = Event()
    event.add("uid", uid(contract_id, item.key))
    event.add("dtstamp", stamp)
    words = dict(kind=item.kind.value, summary=say(item.summary), clause=item.clause_id)
    summary = (
        msg("obligation.feed.opens", **words) if item.opens else msg("obligation.feed.due", **words)
    )
    event.add("summary", say(summary))
    if item.end_of_day:
        day = item.due.date() if item.opens else item.last_day
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    else:
        event.add("dtstart", item.due)
    event.add("transp", "TRANSPARENT")
    event.add("categories", [item.category.value, item.kind.value])
    event.add("description", _describe(item, say))
    if item.is_notice:
        for before in reminders:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", -before)
            reminder = msg(
                "obligation.feed.reminder", summary=say(item.summary), when=_when(item, say)
            )
            alarm.add("description", say(reminder))
            event.add_component(alarm)
    return event


def _when(item: Item, say: Renderer) -> str:
    if item.opens:
        return say(msg("obligation.feed.from", at=item.due.isoformat()))
    if item.end_of_day:
        return say(msg("obligation.feed.by-end", day=item.last_day.isoformat()))
    return say(msg("obligation.feed.by", at=item.due.isoformat()))


def _describe(item: Item, say: Renderer) -> str:
    lines = [
        say(item.summary),
        say(msg("obligation.feed.when", when=_when(item, say))),
        say(msg("obligation.feed.rule", rule=item.rule)),
        say(msg("obligation.feed.clause", clause=item.clause_id, article=item.article)),
    ]
    if item.owed_by:
        lines.append(say(msg("obligation.feed.owed-by", parties=owed_by(item.owed_by))))
    if item.calendar:
        lines.append(say(msg("obligation.feed.counted-in", calendar=item.calendar)))
    if item.trigger is not None:
        lines.append(say(msg("obligation.feed.triggered-by", trigger=trigger_label(item.trigger))))
    if item.act_by is not None:
        lines.append(say(msg("obligation.feed.act-by", day=item.act_by.isoformat())))
    lines += [f"{name}: {value}" for name, value in item.details]
    return "\n".join(lines)


def _window_event(contract_id: str, window: Window, stamp: datetime, say: Renderer) -> Event:
    event = Event()
    event.add("uid", uid(contract_id, window.key))
    event.add("dtstamp", stamp)
    event.add("summary", f"{say(window.summary)} [{window.clause_id}]")
    event.add("dtstart", window.start)
    event.add("dtend", window.end)
    event.add("categories", ["maintenance"])
    clause = msg("obligation.feed.clause", clause=window.clause_id, article=window.article)
    event.add("description", say(clause))
    return event


def _series_event(
    contract_id: str, series: RecurringSeries, stamp: datetime, until: datetime, say: Renderer
) -> Event | None:
    if not series.occurrences:
        return None
    first = series.occurrences[0]
    event = Event()
    event.add("uid", uid(contract_id, series.key))
    event.add("dtstamp", stamp)
    event.add("summary", f"{say(series.summary)} [{series.clause_id}]")
    event.add("dtstart", first.start)
    event.add("dtend", first.end)
    event.add("categories", ["maintenance"])
    described = msg("obligation.feed.rule", rule=series.rule)
    clause = msg("obligation.feed.clause", clause=series.clause_id, article=series.article)
    event.add("description", f"{say(described)}\n{say(clause)}")
    if series.ics_rule is not None:
        rule = series.ics_rule
        if "COUNT=" not in rule and "UNTIL=" not in rule:
            rule += ";UNTIL=" + until.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        event.add("rrule", vRecur.from_ical(rule))
    elif len(series.occurrences) > 1:
        event.add("rdate", [w.start for w in series.occurrences[1:]])
    return event
