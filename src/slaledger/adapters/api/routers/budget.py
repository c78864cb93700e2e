"""The error budget of a contract's availability clause at an instant, from stored
observations (docs/budgets.md). The body is ``sla budget --json``'s, with the contract's
key. An expensive request, like the figures it is computed from (adapters/api/busy.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query

from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import CalendarsDep, ContractDep, LoadedDep, NowDep, StoreDep
from slaledger.adapters.api.params import (
    FIRST_YEAR,
    LAST_YEAR,
    MONTH_PATTERN,
    FeeQuery,
    fee_param,
    opened_on,
    parse_month,
)
from slaledger.adapters.api.problems import invalid
from slaledger.adapters.api.routers.figures import ServiceQuery
from slaledger.domain.message import msg
from slaledger.domain.periods import Month
from slaledger.services.budget import budget_at
from slaledger.services.budget_json import budget_json

router = APIRouter(
    prefix="/api/contracts/{contract_id}", tags=["figures"], dependencies=[EXPENSIVE]
)
AT_EXPECTED = msg("problem.expected.instant-with-offset")
AtQuery = Annotated[
    str | None,
    Query(max_length=40, description="the instant, ISO 8601 with its offset (default: now)"),
]
OptionalMonthQuery = Annotated[
    str | None,
    Query(pattern=MONTH_PATTERN, description="the month, YYYY-MM (default: the instant's)"),
]


def parse_at(text: str | None, now: datetime) -> datetime:
    if text is None:
        return now
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise invalid("at", AT_EXPECTED, text) from None
    if at.tzinfo is None or at.utcoffset() is None:
        raise invalid("at", AT_EXPECTED, text)
    if not FIRST_YEAR <= at.year <= LAST_YEAR:
        raise invalid(
            "at",
            msg("problem.expected.instant-range", first=str(FIRST_YEAR), last=str(LAST_YEAR)),
            text,
        )
    return at


@router.get("/budget", summary="The error budget of the availability clause at an instant")
def budget(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    now: NowDep,
    at: AtQuery = None,
    month: OptionalMonthQuery = None,
    service: ServiceQuery = None,
    fee: FeeQuery = None,
) -> dict[str, Any]:
    """Downtime allowed before the target is missed and before each credit tier, consumed
    by the instant (after exclusions), left, and the even-spend line; with ``fee``, the
    money each tier puts at stake."""
    terms = loaded.contract
    zone = ZoneInfo(terms.timezone)
    instant = parse_at(at, now)
    local = instant.astimezone(zone)
    chosen = parse_month(month) if month else Month(local.year, local.month)
    money = fee_param(fee)
    observations = store.observations(contract.key, now=now)
    opened = opened_on(contract, service)
    store.release()
    found = budget_at(
        contract=terms,
        at=int(instant.timestamp()),
        month=chosen,
        observations=observations,
        calendars=calendars,
        service=service,
        opened=opened,
        fee=None if money is None else money.amount,
    )
    return {"contract": contract.key, **budget_json(found, zone, money)}
