"""KPI and clock budgets of a contract from its stored incidents and observations
(docs/budgets.md, "KPI and clock budgets"): ``sla clock-budget --json``'s body."""

from __future__ import annotations

from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query

from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import (
    CalendarsDep,
    ContractDep,
    LoadedDep,
    NowDep,
    SettingsDep,
    StoreDep,
)
from slaledger.adapters.api.params import FeeQuery, fee_param, opened_on
from slaledger.adapters.api.routers.budget import AtQuery, parse_at
from slaledger.adapters.api.routers.figures import ServiceQuery
from slaledger.services.clock_budget import at_risk, kpi_budgets
from slaledger.services.clock_budget_json import clock_budget_json

router = APIRouter(
    prefix="/api/contracts/{contract_id}", tags=["figures"], dependencies=[EXPENSIVE]
)
RiskQuery = Annotated[
    float | None, Query(gt=0, le=1, description="at-risk share (default: the service's)")
]


@router.get("/clock-budget", summary="KPI budgets and open clocks by money at stake")
def clock_budget(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    now: NowDep,
    settings: SettingsDep,
    at: AtQuery = None,
    service: ServiceQuery = None,
    fee: FeeQuery = None,
    risk_share: RiskQuery = None,
) -> dict[str, Any]:
    """The clock time left before each rolling mean KPI is missed, and the open
    incidents' clocks, most money at stake first (with ``fee``: in money)."""
    terms = loaded.contract
    zone = ZoneInfo(terms.timezone)
    instant = int(parse_at(at, now).timestamp())
    money = fee_param(fee)
    table = store.incident_table(contract.key)
    observations = store.observations(contract.key, now=now)
    opened = opened_on(contract, service)
    store.release()
    kpis = kpi_budgets(contract=terms, at=instant, log=table.log, calendars=calendars,
                       kinds=table.kind)  # fmt: skip
    risks, budget = at_risk(
        contract=terms, at=instant, log=table.log, calendars=calendars, kinds=table.kind,
        observations=observations, service=service, opened=opened,
        fee=None if money is None else money.amount,
        risk_share=settings.risk_share if risk_share is None else risk_share,
    )  # fmt: skip
    return clock_budget_json(contract=contract.key, at=instant, kpis=kpis, risks=risks,
                             budget=budget, zone=zone, fee=money)  # fmt: skip
