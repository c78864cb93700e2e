"""The budget as JSON, the same for ``sla budget --json`` and the API: durations in
minutes (whole when they are, else to four decimals), instants ISO 8601 in the contract's
zone, money as text (Decimal)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from slaledger.domain.budget import BudgetLine
from slaledger.domain.contract.values import Money
from slaledger.services.budget import NOTES, Budget
from slaledger.services.figures_json import coverage_json, decimal_text, local_iso, minutes


def _fraction_minutes(seconds: Fraction) -> int | float:
    value = seconds / 60
    return int(value) if value.denominator == 1 else round(float(value), 4)


def line_json(line: BudgetLine, currency: str | None) -> dict[str, Any]:
    return {
        "kind": line.kind,
        "clause": line.clause,
        "label": line.label,
        "tier": line.tier,
        "minutes_allowed": minutes(line.allowed_seconds),
        "minutes_consumed": minutes(line.consumed_seconds),
        "minutes_remaining": minutes(line.remaining_seconds),
        "minutes_over": minutes(line.over_seconds),
        "exceeded": line.exceeded,
        "minutes_even_spend": _fraction_minutes(line.even_spend_seconds),
        "ahead_of_even_spend": line.ahead_of_even_spend,
        "credit_percent": decimal_text(line.credit_percent),
        "credit_days": decimal_text(line.credit_days),
        "money_at_stake": decimal_text(line.money),
        "currency": currency if line.money is not None else None,
    }


def budget_json(budget: Budget, zone: ZoneInfo, fee: Money | None) -> dict[str, Any]:
    window, usage = budget.window, budget.usage
    currency = None if fee is None else fee.currency
    return {
        "contract": budget.contract,
        "service": budget.service,
        "clause": budget.clause,
        "month": str(budget.month),
        "at": local_iso(budget.at, zone),
        "unit": "minutes",
        "period": {
            "kind": window.kind.value,
            "label": window.label,
            "start": local_iso(window.start, zone),
            "end": local_iso(window.end, zone),
            "minutes": minutes(window.seconds),
        },
        "minutes_elapsed": minutes(usage.elapsed_seconds),
        "minutes_denominator": minutes(usage.denominator_seconds),
        "minutes_consumed": minutes(usage.consumed_seconds),
        "minutes_removed": minutes(budget.so_far.removed_seconds),
        "minutes_excused": minutes(budget.so_far.excused_seconds),
        "guaranteed": budget.guaranteed,
        "coverage": coverage_json(budget.figure),
        "credit_schedule": budget.schedule,
        "credit_minutes_consumed": (
            None
            if budget.credit_consumed_seconds is None
            else minutes(budget.credit_consumed_seconds)
        ),
        "fee": None if fee is None else str(fee.amount),
        "currency": currency,
        "lines": [line_json(line, currency) for line in budget.lines],
        "notes": [{"key": key, "text": NOTES[key]} for key in budget.notes],
    }
