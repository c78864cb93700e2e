"""Figures computed from storage by the existing services: availability (a month, and
the months up to one), KPIs, credits. Each is an expensive request (adapters/api/busy.py):
it loads what it needs, gives its connection back, then computes. The bodies are the
figures' JSON as ``sla availability|credits|kpis --json`` prints it
(services/figures_json.py), with the contract's key."""

from __future__ import annotations

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
    FeeQuery,
    MonthQuery,
    fee_param,
    opened_on,
    parse_month,
)
from slaledger.adapters.db.models import Contract
from slaledger.adapters.db.store import Store
from slaledger.adapters.i18n.json import localized
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    AvailabilityError,
    CreditReport,
    Observations,
    availability_clause,
    availability_for_month,
    credits_for_month,
)
from slaledger.services.credit_pricing import price_credit
from slaledger.services.fees import FeeBook
from slaledger.services.figures_json import credit_json, kpis_json, measure_json, month_point_json
from slaledger.services.kpis import kpis_for_month, maintenance_notices

router = APIRouter(
    prefix="/api/contracts/{contract_id}", tags=["figures"], dependencies=[EXPENSIVE]
)
ServiceQuery = Annotated[
    str | None,
    Query(max_length=200, description="the service (default: the availability clause's)"),
]


def _observed(
    store: Store, contract: Contract, now: datetime, service: str | None
) -> tuple[Observations, date | None]:
    """The contract's observations and the service's opening day; then the connection
    goes back to the pool (the figures are computed without it)."""
    observations = store.observations(contract.key, now=now)
    opened = opened_on(contract, service)
    store.release()
    return observations, opened


@router.get("/availability", summary="The contract's availability figure for a month, traced")
def availability(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    month: MonthQuery,
    now: NowDep,
    language: LanguageDep,
    service: ServiceQuery = None,
) -> dict[str, Any]:
    """The trace's reasons in the Accept-Language's fr or en."""
    terms = loaded.contract
    observations, opened = _observed(store, contract, now, service)
    figure = availability_for_month(
        contract=terms,
        month=parse_month(month),
        observations=observations,
        calendars=calendars,
        service=service,
        opened=opened,
    )
    return {
        "contract": contract.key,
        **localized(measure_json(figure, ZoneInfo(terms.timezone)), language),
    }


@router.get(
    "/availability/months",
    summary="The figure of each month up to a month (12 by default: the rolling year)",
)
def availability_months(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    to: MonthQuery,
    now: NowDep,
    language: LanguageDep,
    count: Annotated[int, Query(ge=1, le=36)] = 12,
    service: ServiceQuery = None,
) -> dict[str, Any]:
    terms = loaded.contract
    last = parse_month(to)
    clause = availability_clause(terms, service)
    observations, opened = _observed(store, contract, now, service)
    points = []
    for back in range(count - 1, -1, -1):
        month = last.shift(-back)
        figure = availability_for_month(
            contract=terms,
            month=month,
            observations=observations,
            calendars=calendars,
            service=service,
            opened=opened,
        )
        points.append(month_point_json(str(month), figure))
    return {
        "contract": contract.key,
        "service": service or clause.service,
        "clause": clause.clause.id,
        "period_kind": clause.period.value,
        "months": localized(points, language),
    }


@router.get("/kpis", summary="Every KPI as of the end of a month, with its monthly series")
def kpis(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    month: MonthQuery,
    language: LanguageDep,
) -> dict[str, Any]:
    table = store.incident_table(contract.key)
    notices = maintenance_notices(store.maintenance_table(contract.key))
    store.release()
    views = kpis_for_month(
        contract=loaded.contract,
        month=parse_month(month),
        calendars=calendars,
        log=table.log,
        kinds=table.kind,
        maintenance=notices,
    )
    document: dict[str, Any] = localized(kpis_json(contract.key, month, views), language)
    return document


@router.get("/credits", summary="The credit a month earns, and its claim deadline")
def credits(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    month: MonthQuery,
    now: NowDep,
    language: LanguageDep,
    service: ServiceQuery = None,
    fee: FeeQuery = None,
) -> dict[str, Any]:
    """The fee: ``fee`` when given, else the invoiced fee stored, else the contract's
    price (``fee_source`` says which; docs/billing.md); eligibility in the
    Accept-Language's fr or en."""
    terms = loaded.contract
    money = fee_param(fee)
    book = FeeBook(invoiced=store.invoiced_fees(contract.key))
    observations, opened = _observed(store, contract, now, service)
    chosen = parse_month(month)

    def report_for(at: Month) -> CreditReport | None:
        try:
            return credits_for_month(
                contract=terms, month=at, observations=observations, calendars=calendars,
                fee=None, service=service, opened=opened,
            )  # fmt: skip
        except AvailabilityError:
            return None

    report = credits_for_month(
        contract=terms,
        month=chosen,
        observations=observations,
        calendars=calendars,
        fee=None if money is None else money.amount,
        service=service,
        opened=opened,
    )
    priced = price_credit(
        report,
        contract=terms,
        service=service or report.measure.service or None,
        month=chosen,
        explicit=money,
        book=book,
        report_for=report_for,
    )
    document = credit_json(report, ZoneInfo(terms.timezone), money, priced=priced)
    return {"contract": contract.key, **localized(document, language)}
