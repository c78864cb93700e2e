"""Each figure as plain JSON values, built once for every surface that prints it: the
API's figure routes, ``sla availability|credits|kpis --json``, and the statements (which
take the coverage percentage and the spans not guaranteed from here).

Decimals are strings ("99.93"), so that no binary float ever rounds them; instants are
ISO 8601 with the contract zone's offset; durations are minutes (whole when they are,
else to four decimals). docs/availability.md documents the availability and credit
documents, docs/incidents.md the KPIs'.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from slaledger.domain.availability import NOT_GUARANTEED, Measure, TraceEntry
from slaledger.domain.commercial.credit_money import CreditAmount, credit_amount
from slaledger.domain.contract.values import Money
from slaledger.domain.coverage import Coverage
from slaledger.services.availability import CreditReport
from slaledger.services.currency import currency_decimals
from slaledger.services.kpis import KpiView

if TYPE_CHECKING:
    from slaledger.domain.commercial.credit_caps import CappedCredit
    from slaledger.services.fees import PricedCredit

#: the step coverage percentages are shown to, truncated (a period 89.996 % observed is
#: "89.99", never "90.00" beside a 90 % threshold it missed)
PERCENT_STEP = Decimal("0.01")


# ------------------------------------------------------------------- values
def minutes(seconds: int) -> int | float:
    """Seconds as minutes: whole when they are, else to four decimals."""
    return seconds // 60 if seconds % 60 == 0 else round(seconds / 60, 4)


def local_iso(epoch: int, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(epoch, UTC).astimezone(zone).isoformat()


def decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def observed_percent(coverage: Coverage) -> Decimal:
    """The share of the period observed, in percent, truncated to two decimals."""
    share = coverage.share
    exact = Decimal(100 * share.numerator) / Decimal(share.denominator)
    return exact.quantize(PERCENT_STEP, rounding=ROUND_DOWN)


def not_guaranteed(figure: Measure) -> list[TraceEntry]:
    """The spans a suspension clause takes out of the guarantee, in time order."""
    return [t for t in figure.trace if t.category == NOT_GUARANTEED]


# ------------------------------------------------------------- availability
def coverage_json(figure: Measure) -> dict[str, Any] | None:
    """What the measurements observed of the period (docs/availability.md, "Coverage")."""
    coverage = figure.coverage
    if coverage is None:
        return None
    return {
        "state": coverage.state.value,
        "reason": coverage.reason,
        "minutes_observed": minutes(coverage.observed_seconds),
        "minutes_measurable": minutes(coverage.measurable_seconds),
        "percent": str(observed_percent(coverage)),
        "sources": [
            {"source": s.source, "name": s.name, "minutes_observed": minutes(s.observed_seconds)}
            for s in coverage.sources
        ],
    }


def allowance_json(figure: Measure) -> dict[str, Any] | None:
    """The downtime allowance beside the target ("no more than N minutes"), judged on the
    downtime counted; None when the clause states none."""
    if figure.allowance_seconds is None:
        return None
    left, over = figure.allowance_left_seconds, figure.allowance_over_seconds
    return {
        "minutes": minutes(figure.allowance_seconds),
        "met": figure.allowance_met,
        "minutes_left": None if left is None else minutes(left),
        "minutes_over": None if over is None else minutes(over),
    }


def measure_json(figure: Measure, zone: ZoneInfo) -> dict[str, Any]:
    """The figure as the JSON documented in docs/availability.md."""
    return {
        "service": figure.service,
        "clause": figure.clause,
        "period": {
            "kind": figure.window.kind.value,
            "label": figure.window.label,
            "start": local_iso(figure.window.start, zone),
            "end": local_iso(figure.window.end, zone),
            "minutes": minutes(figure.window.seconds),
        },
        "minutes_total": minutes(figure.reference_seconds),
        "minutes_excluded": minutes(figure.excluded_seconds),
        "minutes_removed": minutes(figure.removed_seconds),
        "minutes_excused": minutes(figure.excused_seconds),
        "minutes_down": minutes(figure.down_seconds),
        "availability": decimal_text(figure.shown),
        "availability_exact": decimal_text(figure.exact),
        "availability_fraction": None if figure.availability is None else str(figure.availability),
        "coverage": coverage_json(figure),
        "rounding": {
            "decimals": figure.shown_rounding.decimals,
            "mode": figure.shown_rounding.mode.value,
        },
        "target": decimal_text(figure.target),
        "met": figure.met,
        "downtime_allowance": allowance_json(figure),
        "guaranteed": figure.guaranteed,
        "minutes_not_guaranteed": minutes(figure.not_guaranteed_seconds),
        "not_guaranteed": [
            {
                "clause": t.clause,
                "start": local_iso(t.start, zone),
                "end": local_iso(t.end, zone),
                "minutes": minutes(t.seconds),
                "reason": t.reason,
            }
            for t in not_guaranteed(figure)
        ],
        "formula": figure.formula,
        "formula_as_written": (
            None if figure.formula_as_written is None else str(figure.formula_as_written)
        ),
        "exclusions": [
            {
                "category": e.category,
                "effect": e.effect.value,
                "minutes": minutes(e.seconds),
                "clause": e.clause,
                "description": e.description,
            }
            for e in figure.exclusions
        ],
        "trace": [
            {
                "start": local_iso(t.start, zone),
                "end": local_iso(t.end, zone),
                "minutes": minutes(t.seconds),
                "category": t.category,
                "effect": t.effect,
                "reason": t.reason,
                "clause": t.clause,
                "source": t.source,
            }
            for t in figure.trace
        ],
    }


def month_point_json(month: str, figure: Measure) -> dict[str, Any]:
    """One month of an availability history: the figure, its data state and verdict."""
    return {
        "month": month,
        "period": figure.window.label,
        "availability": decimal_text(figure.shown),
        "availability_exact": decimal_text(figure.exact),
        "data": figure.coverage.state.value if figure.coverage else None,
        "no_data": figure.no_data,
        "target": decimal_text(figure.target),
        "met": figure.met,
        "minutes_down": figure.down_seconds // 60,
    }


# ------------------------------------------------------------------ credits
def money_of(report: CreditReport, fee: Money | None) -> CreditAmount | None:
    """The credit's amount in the fee's currency, rounded once to its minor unit with the
    schedule's credit rounding mode (half up when it states none); None without a fee."""
    if fee is None:
        return None
    return credit_amount(
        report.credit,
        fee,
        decimals=currency_decimals(fee.currency),
        mode=report.rounding_mode,
        day_value=report.day_value,
    )


def credit_json(
    report: CreditReport,
    zone: ZoneInfo,
    fee: Money | None,
    *,
    priced: PricedCredit | None = None,
) -> dict[str, Any]:
    """The figure the credit rests on, then the credit: tier, rate, amount and currency,
    the fee's source and the cap that bit, claim deadline (docs/availability.md,
    "Credits"; docs/billing.md); the trace comes last. ``priced``: the fee chosen by
    precedence and the caps applied (``services.credit_pricing``); without it, ``fee``
    is the one given."""
    credit = report.credit
    if priced is not None:
        fee = None if priced.fee is None else priced.fee.fee
        money = priced.money
        source = None if priced.fee is None else priced.fee.source
        fee_trace = [] if priced.fee is None else list(priced.fee.trace)
    else:
        money = money_of(report, fee)
        source = None if fee is None else "command line"
        fee_trace = []
    cap = None if priced is None else priced.cap
    document = measure_json(report.measure, zone)
    trace = document.pop("trace")
    document.update(
        {
            "schedule": credit.schedule,
            "unit": credit.unit.value,
            "rated_availability": decimal_text(credit.rated),
            "outcome": credit.outcome.value,
            "tier": credit.tier,
            "tier_range": credit.tier_range,
            "credit_percent": decimal_text(credit.percent),
            "credit_days": decimal_text(credit.days),
            "fee": None if fee is None else decimal_text(fee.amount),
            "currency": None if fee is None else fee.currency,
            "fee_source": source,
            "fee_trace": fee_trace,
            "credit_amount": None if money is None else decimal_text(money.amount),
            "credit_amount_unrounded": None if money is None else decimal_text(money.unrounded),
            "rounding_rule": None if money is None else money.rounding_rule,
            "capped": credit.capped or cap is not None,
            "money_cap": None if cap is None or cap.cap is None else _cap_json(cap),
            "claim_deadline": (
                None if credit.claim_deadline is None else credit.claim_deadline.isoformat()
            ),
            "eligibility": list(report.eligibility),
            "notes": list(credit.notes) + ([] if priced is None else list(priced.notes)),
            "trace": trace,
        }
    )
    return document


def _cap_json(capped: CappedCredit) -> dict[str, Any]:
    assert capped.cap is not None
    cap = capped.cap
    return {
        "clause": cap.clause_id,
        "article": cap.article,
        "kind": cap.kind,
        "limit": decimal_text(cap.limit),
        "already_owed": decimal_text(cap.already),
        "uncapped_amount": decimal_text(capped.uncapped),
        "currency": cap.currency,
        "note": capped.note,
    }


# --------------------------------------------------------------------- KPIs
def kpi_json(view: KpiView) -> dict[str, Any]:
    """A KPI: its value and target in its unit (seconds or percent), verdict, items
    averaged, and its monthly series."""
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


def kpis_json(contract_id: str, month: str, views: Sequence[KpiView]) -> dict[str, Any]:
    """Every KPI of a contract as of the end of ``month``."""
    return {"contract": contract_id, "month": month, "kpis": [kpi_json(v) for v in views]}
