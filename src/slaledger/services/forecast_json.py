"""The forecast as JSON, the same for ``sla forecast --json`` and the API: probabilities
to four decimals, durations in minutes, money as text with its currency."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slaledger.domain.contract.values import Money
from slaledger.domain.credits import Outcome
from slaledger.services.budget_json import budget_json, line_json
from slaledger.services.figures_json import decimal_text, minutes
from slaledger.services.forecast import Forecast


def _percent(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


def forecast_json(found: Forecast, zone: ZoneInfo, fee: Money | None) -> dict[str, Any]:
    currency = None if fee is None else fee.currency
    credit = found.projected_credit
    tiered = credit is not None and credit.outcome is Outcome.TIER
    spread = found.spread
    return {
        "budget": budget_json(found.budget, zone, fee),
        "model": {
            "kind": "bootstrap of daily downtime",
            "history_days": found.history_days,
            "history_minutes_down": minutes(found.history_down_seconds),
            "draws": found.draws,
            "seed": found.seed,
        },
        "minutes_remaining_in_period": minutes(found.remaining_seconds),
        "if_current_burn_continues": {
            "minutes_down": minutes(found.projected_down_seconds),
            "availability": _percent(found.projected_availability),
            "credit_tier": credit.tier_range if tiered and credit else None,
            "credit_percent": decimal_text(credit.percent) if tiered and credit else None,
            "credit_days": decimal_text(credit.days) if tiered and credit else None,
            "credit_amount": decimal_text(credit.amount) if tiered and credit else None,
            "currency": currency if tiered and credit and credit.amount is not None else None,
        },
        "minutes_down_at_end": None
        if spread is None
        else {
            "p10": round(spread.p10 / 60, 4),
            "p50": round(spread.p50 / 60, 4),
            "p90": round(spread.p90 / 60, 4),
        },
        "lines": [
            line_json(f.line, currency)
            | {
                "projected_exceeded": f.projected_exceeded,
                "probability": None if f.probability is None else round(f.probability, 4),
            }
            for f in found.lines
        ],
    }
