"""The month-end forecast of a contract's availability clause from stored observations
(docs/budgets.md, "Forecasts"): ``sla forecast --json``'s body with the contract's key.
An expensive request, like the budget it starts from."""

from __future__ import annotations

from typing import Annotated, Any

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
from slaledger.adapters.api.params import FeeQuery
from slaledger.adapters.api.routers.budget import AtQuery, OptionalMonthQuery, budget_query
from slaledger.adapters.api.routers.figures import ServiceQuery
from slaledger.adapters.i18n.json import localized
from slaledger.domain.forecast import DEFAULT_DRAWS, DEFAULT_SEED
from slaledger.services.forecast import forecast_at
from slaledger.services.forecast_json import forecast_json

router = APIRouter(
    prefix="/api/contracts/{contract_id}", tags=["figures"], dependencies=[EXPENSIVE]
)
DrawsQuery = Annotated[int, Query(ge=100, le=50_000, description="futures drawn")]
SeedQuery = Annotated[int, Query(ge=0, le=2**32 - 1, description="the generator's seed")]


@router.get("/forecast", summary="The month-end forecast of the error budget")
def forecast(
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
    draws: DrawsQuery = DEFAULT_DRAWS,
    seed: SeedQuery = DEFAULT_SEED,
) -> dict[str, Any]:
    """The budget at the instant, the period's end if the current burn continues (its
    availability and credit, in money with ``fee``), and the probability of missing
    each line from the last 12 months of daily downtime."""
    terms = loaded.contract
    asked = budget_query(
        store, contract, terms, now, at=at, month=month, service=service, fee=fee
    )  # fmt: skip
    found = forecast_at(
        contract=terms,
        at=asked.at,
        month=asked.month,
        observations=asked.observations,
        calendars=calendars,
        service=service,
        opened=asked.opened,
        fee=None if asked.money is None else asked.money.amount,
        draws=draws,
        seed=seed,
    )
    document = forecast_json(found, asked.zone, asked.money)
    return {"contract": contract.key, **localized(document, language)}
