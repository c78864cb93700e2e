"""The error budget of a contract's availability clause at an instant, from stored
observations (docs/budgets.md). The body is ``sla budget --json``'s, with the contract's
key. An expensive request, like the figures it is computed from (adapters/api/busy.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query

from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import (
    CalendarsDep,
    ContractDep,
    LanguageDep,
    LoadedDep,
    NowDep,
    StoreDep,
)
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
from slaledger.adapters.db.models import Contract
from slaledger.adapters.db.store import Store
from slaledger.adapters.i18n.json import localized
from slaledger.domain.contract.contract import Contract as Terms
from slaledger.domain.contract.values import Money
from slaledger.domain.message import msg
from slaledger.domain.periods import Month
from slaledger.services.availability import Observations
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


@dataclass(frozen=True)
class BudgetQuery:
    """What the budget and forecast reads share: the instant, the month, the fee, and the
    contract's observations and opening day (then the connection goes back to the pool)."""

    zone: ZoneInfo
    at: int
    month: Month
    money: Money | None
    observations: Observations
    opened: date | None


def budget_query(
    store: Store,
    contract: Contract,
    terms: Terms,
    now: datetime,
    *,
    at: str | None,
    month: str | None,
    service: str | None,
    fee: str | None,
) -> BudgetQuery:
    zone = ZoneInfo(terms.timezone)
    instant = parse_at(at, now)
    local = instant.astimezone(zone)
    chosen = parse_month(month) if month else Month(local.year, local.month)
    money = fee_param(fee)
    observations = store.observations(contract.key, now=now)
    opened = opened_on(contract, service)
    store.release()
    return BudgetQuery(zone, int(instant.timestamp()), chosen, money, observations, opened)


@router.get("/budget", summary="The error budget of the availability clause at an instant")
def budget(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    now: NowDep,
    language: LanguageDep,
    at: AtQuery = None,
    month: OptionalMonthQuery = None,
    service: ServiceQuery = None,
    fee: FeeQuery = None,
) -> dict[str, Any]:
    """Downtime allowed before the target is missed and before each credit tier, consumed
    by the instant (after exclusions), left, and the even-spend line; with ``fee``, the
    money each tier puts at stake."""
    terms = loaded.contract
    asked = budget_query(
        store, contract, terms, now, at=at, month=month, service=service, fee=fee
    )  # fmt: skip
    found = budget_at(
        contract=terms,
        at=asked.at,
        month=asked.month,
        observations=asked.observations,
        calendars=calendars,
        service=service,
        opened=asked.opened,
        fee=None if asked.money is None else asked.money.amount,
    )
    document = budget_json(found, asked.zone, asked.money)
    return {"contract": contract.key, **localized(document, language)}
