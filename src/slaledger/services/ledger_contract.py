"""The ledger's figures that need no data file: what the calendar engine states of the
hours clauses over the year, and the first dates of a term that the ledger's two-year
range does not reach (a 36-month term opened in the year ends in its third year).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.contract import Contract
from slaledger.domain.message import Text
from slaledger.domain.obligations.dates import start_of_day
from slaledger.domain.obligations.model import Item, ItemKind, Trigger
from slaledger.domain.obligations.schedule import build_schedule

Ledger = dict[str, list[str]]


def hours_ledger(
    contract: Contract,
    *,
    calendars: Mapping[str, BusinessCalendar],
    year: int,
    computed: Collection[str] = (),
) -> Ledger:
    """What the calendar engine states of the hours clauses over the year (``sla calendar
    between`` from 1 January to the next): each service-hours clause's open time, each
    support channel's, and the service hours a computed maintenance clause's windows
    must fall in (its allowed slots)."""
    zone = ZoneInfo(contract.timezone)
    start, end = start_of_day(date(year, 1, 1), zone), start_of_day(date(year + 1, 1, 1), zone)

    def open_time(calendar: str) -> str:
        seconds = calendars[calendar].seconds_between(start, end)
        hours, rest = divmod(seconds, 3600)
        return f"{hours}h{rest // 60:02d} open in {year} (calendar {calendar})"

    entries: defaultdict[str, list[str]] = defaultdict(list)
    by_calendar = {h.calendar: h.clause.id for h in contract.service_hours}
    for hours in contract.service_hours:
        entries[hours.clause.id].append(open_time(hours.calendar))
    for kind in contract.maintenance:
        slots = kind.allowed_slots
        if kind.clause.id in computed and slots in by_calendar:
            entries[by_calendar[slots]].append(
                f"the slots maintenance {kind.clause.id} is judged in"
            )
    for support in contract.support:
        for channel in support.channels:
            if channel.calendar is not None:
                entries[support.clause.id].append(
                    f"channel {channel.id} ({channel.kind.value}): {open_time(channel.calendar)}"
                )
    return {key: values for key, values in sorted(entries.items())}


#: how far the ledger looks for the first dates of a term the range does not reach (a
#: 36-month term opened in the year ends in its third year after)
TERM_REACH_YEARS = 10


def late_term_ledger(
    contract: Contract,
    *,
    triggers: Sequence[Trigger],
    calendars: Mapping[str, BusinessCalendar],
    year: int,
    computed: Collection[str],
    say: Callable[[Text], str],
) -> Ledger:
    """For each term clause the ledger's range reaches with no date, its dates up to its
    first term end, from the same events (``sla obligations`` over the next years);
    ``say`` renders their messages."""
    unreached = {t.clause.id for t in contract.commercial.terms} - set(computed)
    if not unreached:
        return {}
    zone = ZoneInfo(contract.timezone)
    schedule = build_schedule(
        contract,
        triggers=triggers,
        calendars=calendars,
        start=start_of_day(date(year, 1, 1), zone),
        end=start_of_day(date(year + TERM_REACH_YEARS, 1, 1), zone),
    )
    entries: defaultdict[str, list[str]] = defaultdict(list)
    for clause in sorted(unreached):
        items = [i for i in schedule.items if i.clause_id == clause]
        ends = [i.due for i in items if i.kind is ItemKind.TERM_END]
        for item in items:
            if ends and item.due <= min(ends):
                entries[clause].append(_item_line(item, say))
    return {key: values for key, values in sorted(entries.items())}


def _item_line(item: Item, say: Callable[[Text], str]) -> str:
    opens = "opens" if item.opens else "due"
    return f"{item.kind.value} {opens} {item.due.isoformat()}: {say(item.summary)}"
