"""Use case: the events that start a stored contract's obligations.

Storage keeps the contract's events (an obligation events file uploaded) and a service
opening date; the opening stands for the events the contract's clauses count from when the
service opens (``service-opened``, and ``credentials-sent`` when the access is handed over
the same day) unless an event of that name is stored. The API's obligations calendar and
the dashboard's both read them through ``stored_triggers``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from slaledger.domain.contract.contract import Contract
from slaledger.domain.obligations.model import Trigger
from slaledger.domain.obligations.schedule import known_events

#: events a service opening date stands for, when the contract knows them
OPENING_EVENTS = ("service-opened", "credentials-sent")


def opening_triggers(*, contract: Contract, opened: date | None) -> tuple[Trigger, ...]:
    """The opening day (whole day, in the contract's zone) as the triggers the contract's
    obligations know; none without an opening date."""
    if opened is None:
        return ()
    start = datetime.combine(opened, time(), ZoneInfo(contract.timezone))
    known = known_events(contract)
    return tuple(
        Trigger(event, start, whole_day=True) for event in OPENING_EVENTS if event in known
    )


def stored_triggers(
    *, contract: Contract, opened: date | None, events: Sequence[Trigger] = ()
) -> tuple[Trigger, ...]:
    """The stored ``events`` and, for the opening events none of them names, the opening
    day's triggers; in time order."""
    named = {event.event for event in events}
    opening = opening_triggers(contract=contract, opened=opened)
    opening = tuple(t for t in opening if t.event not in named)
    return tuple(sorted((*events, *opening), key=lambda t: t.at))
