"""KPI and clock budgets as JSON, the same for ``sla clock-budget --json`` and the API."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slaledger.domain.contract.values import Money
from slaledger.services.budget import Budget
from slaledger.services.clock_budget import ClockRisk, KpiBudget
from slaledger.services.figures_json import local_iso, minutes


def kpi_budget_json(found: KpiBudget, zone: ZoneInfo) -> dict[str, Any]:
    h = found.headroom
    return {
        "kpi": found.kpi,
        "name": found.name,
        "clause": found.clause,
        "clock": found.clock,
        "classes": list(found.classes),
        "window_start": local_iso(found.window_start, zone),
        "minutes_limit": minutes(h.limit_seconds),
        "incidents_counted": h.counted,
        "incidents_open": h.open,
        "minutes_total": minutes(h.total_seconds),
        "minutes_open": minutes(h.open_seconds),
        "minutes_remaining": minutes(h.remaining_seconds),
        "minutes_next_incident": minutes(h.next_incident_seconds),
        "missed": h.missed,
    }


def risk_json(row: ClockRisk, zone: ZoneInfo, currency: str | None) -> dict[str, Any]:
    s = row.stake
    return {
        "incident": row.incident,
        "clock": row.clock,
        "clock_title": row.clock_title,
        "target": row.target,
        "status": row.status,
        "at_risk_at": None if row.at_risk_at is None else local_iso(row.at_risk_at, zone),
        "deadline": local_iso(row.deadline, zone),
        "minutes_down_by_deadline": minutes(row.extra_seconds),
        "tier_now": None if s is None or s.tier_now is None else s.tier_now.label,
        "tier_then": None if s is None or s.tier_then is None else s.tier_then.label,
        "money_at_stake": None if s is None or currency is None else str(s.money),
        "currency": None if s is None else currency,
    }


def clock_budget_json(
    *,
    contract: str,
    at: int,
    kpis: list[KpiBudget],
    risks: list[ClockRisk],
    budget: Budget | None,
    zone: ZoneInfo,
    fee: Money | None,
) -> dict[str, Any]:
    currency = None if fee is None else fee.currency
    return {
        "contract": contract,
        "at": local_iso(at, zone),
        "kpis": [kpi_budget_json(k, zone) for k in kpis],
        "period": None if budget is None else budget.window.label,
        "fee": None if fee is None else str(fee.amount),
        "currency": currency,
        "at_risk": [risk_json(r, zone, currency) for r in risks],
    }
