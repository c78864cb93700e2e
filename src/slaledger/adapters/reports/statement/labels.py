"""Codes the statement carries (statuses, categories, effects...) and their labels.

Each label is an English msgid marked with ``N_`` so that extraction finds it; the
template translates it with the catalog of the statement's language. A code no table
knows (a category a contract defines itself) is shown as it is.
"""

from __future__ import annotations

from slaledger.adapters.reports.statement.i18n import N_

STATUS = {
    "running": N_("running"),
    "paused": N_("paused"),
    "at-risk": N_("at risk"),
    "met": N_("met"),
    "breached": N_("breached"),
    "no-target": N_("no target"),
}
EFFECT = {
    "counted": N_("counted as downtime"),
    "excused": N_("excused (counts as available)"),
    "removed": N_("removed from the period"),
    "not-eligible": N_("not eligible for credits"),
}
CATEGORY = {
    "unplanned": N_("unplanned outage"),
    "planned-maintenance": N_("planned maintenance"),
    "force-majeure": N_("force majeure"),
    "customer": N_("caused by the customer"),
    "third-party": N_("third party"),
    "customer-change": N_("change requested by the customer"),
    "maintenance-outside-rules": N_("maintenance outside the rules"),
    "not-guaranteed": N_("not guaranteed (a suspension clause)"),
}
OUTCOME = {
    "tier": N_("credit tier reached"),
    "above-tiers": N_("above every tier: no credit"),
    "gap": N_("in no tier: the contract leaves this value undefined"),
    "no-credit": N_("credit tier reached: it states no credit"),
    "no-data": N_("no data for the period: no credit rated"),
}
UNIT = {
    "percent-of-fee": N_("percent of the monthly fee"),
    "days-of-subscription": N_("days of subscription"),
}
DIRECTION = {"at-least": N_("at least"), "at-most": N_("at most")}
PERIOD = {
    "calendar-month": N_("calendar month"),
    "rolling-12-months": N_("rolling 12 months"),
    "contract-year": N_("contract year"),
}
ROLE = {
    "provider": N_("Provider"),
    "customer": N_("Customer"),
    "third-party": N_("Third party"),
    "force-majeure": N_("Force majeure"),
}
SEVERITY = {"error": N_("error"), "warning": N_("warning"), "info": N_("information")}
KIND = {"incident": N_("incident"), "request": N_("request")}
ROUNDING = {
    "half-up": N_("half up"),
    "half-even": N_("half to even"),
    "down": N_("down"),
    "up": N_("up"),
}
BASIS = {
    "fees-paid-preceding-12-months": N_("price paid in the twelve months before the breach"),
    "fees-invoiced-current-year": N_("sums invoiced in the current year"),
}
FEE_SOURCE = {
    "command line": N_("given on the command line"),
    "invoiced": N_("invoiced fee"),
    "contract price": N_("contract price"),
}

TABLES = {
    "status": STATUS,
    "effect": EFFECT,
    "category": CATEGORY,
    "outcome": OUTCOME,
    "unit": UNIT,
    "direction": DIRECTION,
    "period": PERIOD,
    "role": ROLE,
    "severity": SEVERITY,
    "kind": KIND,
    "rounding": ROUNDING,
    "basis": BASIS,
    "fee_source": FEE_SOURCE,
}


def label(table: str, code: str | None) -> str:
    """The English msgid for ``code`` in ``table`` (the code itself when unknown)."""
    if code is None:
        return ""
    return TABLES[table].get(code, code)
