"""Use case: the events that start a stored contract's obligations.

A service opening date is all storage keeps of the contract's life events; it stands for
the events the contract's clauses count from when the service opens (``service-opened``,
and ``credentials-sent`` when the access is handed over the same day). The API's
obligations calendar and the dashboard's both read the opening through this function.
"""

from __future__ import annotations

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
