"""Figures computed from storage by the existing services: availability (a month, and
the months up to one), KPIs, credits. Each is an expensive request (adapters/api/busy.py):
it loads what it needs, gives its connection back, then computes."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query

from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import CalendarsDep, ContractDep, LoadedDep, NowDep, StoreDep
from slaledger.adapters.api.params import MonthQuery, opened_on, parse_month
from slaledger.adapters.cli.availability_cmds import credit_json, measure_json
from slaledger.adapters.db.models import Contract
from slaledger.services.availability import (
    availability_clause,
    availability_for_month,
    credits_for_month,
)
from slaledger.services.kpis import KpiView, MaintenanceNotices, kpis_for_month, maintenance_notices

router = APIRouter(
    prefix="/api/contracts/{contract_id}", tags=["figures"], dependencies=[EXPENSIVE]
)
ServiceQuery = Annotated[
    str | None,
    Query(max_length=200, description="the service (default: the availability clause's)"),
]


@router.get("/availability", summary="The contract's availability figure for a month, traced")
def availability(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    month: MonthQuery,
    now: NowDep,
    service: ServiceQuery = None,
) -> dict[str, Any]:
    terms = loaded.contract
    observations = store.observations(contract.key, now=now)
    opened = opened_on(contract, service)
    store.release()
    figure = availability_for_month(
        contract=terms,
        month=parse_month(month),
        observations=observations,
        calendars=calendars,
        service=service,
        opened=opened,
    )
    return {"contract": contract.key, **measure_json(figure, ZoneInfo(terms.timezone))}


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
    count: Annotated[int, Query(ge=1, le=36)] = 12,
    service: ServiceQuery = None,
) -> dict[str, Any]:
    terms = loaded.contract
    last = parse_month(to)
    clause = availability_clause(terms, service)
    observations = store.observations(contract.key, now=now)
    opened = opened_on(contract, service)
    store.release()
    points = []
    for back in range(count - 1, -1, -1):
        figure = availability_for_month(
            contract=terms,
            month=last.shift(-back),
            observations=observations,
            calendars=calendars,
            service=service,
            opened=opened,
        )
        points.append(
            {
                "month": str(last.shift(-back)),
                "period": figure.window.label,
                "availability": None if figure.shown is None else str(figure.shown),
                "availability_exact": None if figure.exact is None else str(figure.exact),
                "data": figure.coverage.state.value if figure.coverage else None,
                "no_data": figure.no_data,
                "target": None if figure.target is None else str(figure.target),
                "met": figure.met,
                "minutes_down": figure.down_seconds // 60,
            }
        )
    return {
        "contract": contract.key,
        "service": service or clause.service,
        "clause": clause.clause.id,
        "period_kind": clause.period.value,
        "months": points,
    }


def _kpi_json(view: KpiView) -> dict[str, Any]:
    return {
        "kpi": view.kpi,
        "name": view.name,
        "clause": view.clause,
        "measure": view.measure,
        "unit": view.unit,
        "value": view.value,
        "target": view.target,
        "target_value": view.limit,
        "met": view.met,
        "count": view.count,
        "note": view.note,
        "series": [
            {"month": p.month, "value": p.value, "count": p.count, "met": p.met}
            for p in view.series
        ],
    }


def _notices(store: Any, contract: Contract) -> MaintenanceNotices:
    windows = store.maintenance_table(contract.key)
    return maintenance_notices(windows)


@router.get("/kpis", summary="Every KPI as of the end of a month, with its monthly series")
def kpis(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    month: MonthQuery,
) -> dict[str, Any]:
    terms = loaded
    table, notices = store.incident_table(contract.key), _notices(store, contract)
    store.release()
    views = kpis_for_month(
        contract=terms.contract,
        month=parse_month(month),
        calendars=calendars,
        log=table.log,
        kinds=table.kind,
        maintenance=notices,
    )
    return {"contract": contract.key, "month": month, "kpis": [_kpi_json(v) for v in views]}


@router.get("/credits", summary="The credit a month earns, and its claim deadline")
def credits(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    month: MonthQuery,
    now: NowDep,
    service: ServiceQuery = None,
    fee: Annotated[
        Decimal | None,
        Query(ge=0, le=10**12, max_digits=18, decimal_places=6, description="the monthly fee"),
    ] = None,
) -> dict[str, Any]:
    terms = loaded.contract
    observations = store.observations(contract.key, now=now)
    opened = opened_on(contract, service)
    store.release()
    report = credits_for_month(
        contract=terms,
        month=parse_month(month),
        observations=observations,
        calendars=calendars,
        fee=fee,
        service=service,
        opened=opened,
    )
    return {"contract": contract.key, **credit_json(report, ZoneInfo(terms.timezone), fee)}
