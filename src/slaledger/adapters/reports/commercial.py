"""The commercial figures as JSON values, the same for the CLI and the API: amounts as
decimal strings ("3560.00"), days YYYY-MM-DD, months YYYY-MM, instants ISO 8601 with
their offset; each figure names its clause and article."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from slaledger.domain.commercial.credit_balance import CreditDaysBalance
from slaledger.domain.commercial.fees import FeeResult
from slaledger.domain.commercial.liability import CapResult
from slaledger.domain.commercial.money import ROUNDING_RULE
from slaledger.domain.commercial.quantities import LimitCheck
from slaledger.domain.commercial.surcharges import SurchargeResult
from slaledger.domain.commercial.volumes import VolumeFinding
from slaledger.domain.contract.commercial import VolumeVariation

#: the settlement of carried credit days, as the statement and the JSON say it
CARRIED_RULE = "carried to the end of the contract: days of subscription, never cash"


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def cap_json(cap: CapResult) -> dict[str, Any]:
    return {
        "clause": cap.clause_id,
        "article": cap.article,
        "basis": cap.basis.value,
        "from": cap.first.isoformat(),
        "to": cap.last.isoformat(),
        "invoices": list(cap.invoices),
        "cap": str(cap.cap),
    }


def liability_json(contract_id: str, breach: date, caps: Sequence[CapResult]) -> dict[str, Any]:
    return {
        "contract": contract_id,
        "breach": breach.isoformat(),
        "rounding": ROUNDING_RULE,
        "caps": [cap_json(c) for c in caps],
    }


def surcharge_json(
    contract_id: str, in_service: date, on: date, results: Sequence[SurchargeResult]
) -> dict[str, Any]:
    return {
        "contract": contract_id,
        "in_service": in_service.isoformat(),
        "on": on.isoformat(),
        "surcharges": [
            {
                "clause": r.clause_id,
                "article": r.article,
                "age_years": str(r.age_years.quantize(Decimal("0.0001"))),
                "in_a_bracket": r.in_a_bracket,
                "bracket": None if r.bracket is None else str(r.bracket.range),
                "percent": str(r.percent),
                "amount": _text(r.amount),
            }
            for r in results
        ],
    }


def fees_json(contract_id: str, results: Sequence[FeeResult]) -> dict[str, Any]:
    return {
        "contract": contract_id,
        "rounding": ROUNDING_RULE,
        "fees": [
            {
                "clause": r.clause_id,
                "article": r.article,
                "engineer_days": str(r.engineer_days),
                "billed_days": str(r.billed_days),
                "rate": str(r.rate),
                "currency": r.currency,
                "amount": str(r.amount),
            }
            for r in results
        ],
    }


def _finding(f: VolumeFinding) -> dict[str, Any]:
    return {
        "effect": f.effect,
        "bracket": str(f.bracket.range),
        "first_month": str(f.first_month),
        "reached_in": str(f.reached_in),
        "months": f.months,
        "peak_percent": str(f.peak_percent.quantize(Decimal("0.01"))),
    }


def volumes_json(
    contract_id: str,
    contracted: Decimal,
    results: Sequence[tuple[VolumeVariation, Sequence[VolumeFinding]]],
) -> dict[str, Any]:
    return {
        "contract": contract_id,
        "contracted": str(contracted),
        "clauses": [
            {
                "clause": v.clause.id,
                "article": v.clause.article,
                "observed_longer_than": None
                if v.observed_longer_than is None
                else str(v.observed_longer_than),
                "findings": [_finding(f) for f in findings],
            }
            for v, findings in results
        ],
    }


def balance_json(contract_id: str, balance: CreditDaysBalance) -> dict[str, Any]:
    return {
        "contract": contract_id,
        "schedule": balance.schedule,
        "settlement": balance.settlement.value,
        "rule": CARRIED_RULE,
        "from": str(balance.first),
        "to": str(balance.last),
        "days": str(balance.days),
        "complete": balance.complete,
        "undetermined_months": [str(m) for m in balance.undetermined],
        "cash": str(balance.cash),
        "months": [
            {
                "month": str(m.month),
                "days": _text(m.days),
                "capped": m.capped,
                "balance": str(m.balance),
                "claim_deadline": None
                if m.claim_deadline is None
                else m.claim_deadline.isoformat(),
            }
            for m in balance.months
        ],
    }


#: how a quantity limit is read, as the JSON says it
LIMIT_RULE = "the limit is the share of the base rounded down to a whole item"


def limits_json(contract_id: str, checks: Sequence[LimitCheck]) -> dict[str, Any]:
    return {
        "contract": contract_id,
        "rule": LIMIT_RULE,
        "checks": [
            {
                "clause": c.clause_id,
                "article": c.article,
                "on": c.on.isoformat(),
                "counted": c.counted,
                "count": c.count,
                "base": c.base,
                "base_count": c.base_count,
                "at_most_percent": str(c.at_most_percent),
                "allowed": c.allowed,
                "within": c.within,
                "over_by": c.over_by,
                "percent": None if c.percent is None else str(c.percent.quantize(Decimal("0.01"))),
            }
            for c in checks
        ],
    }
