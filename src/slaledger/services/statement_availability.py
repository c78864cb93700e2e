"""The statement's availability section of one commitment: the month's figure with its
coverage, allowance, spans not guaranteed and trace summary, and the last twelve months."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from slaledger.domain.availability import Measure
from slaledger.domain.budget import Usage, allowance_line, target_line
from slaledger.domain.contract.availability import Availability
from slaledger.domain.periods import Month
from slaledger.services.availability import AvailabilityError
from slaledger.services.figures_json import not_guaranteed
from slaledger.services.statement_context import StatementContext
from slaledger.services.statement_figures import coverage_line, quotes, summarise
from slaledger.services.statement_model import (
    AvailabilityPoint,
    BudgetUseLine,
    NotGuaranteedLine,
    ServiceAvailability,
)


def availability_section(context: StatementContext, clause: Availability) -> ServiceAvailability:
    """The commitment's section; with ``error`` alone when its figure cannot be computed."""
    contract = context.contract
    service = clause.service or ""
    names = {s.id: s.name for s in contract.services}
    base = ServiceAvailability(
        service=service,
        service_name=names.get(service, service),
        clause=clause.clause.id,
        article=clause.clause.article,
        target=clause.target if isinstance(clause.target, Decimal) else None,
        period_kind=clause.period.value,
        quotes=quotes(contract, clause),
    )
    try:
        figure = context.figure(clause, context.month)
    except AvailabilityError as exc:
        return replace(base, error=exc.message)
    return replace(
        base,
        period_label=figure.window.label,
        period_start=context.local(figure.window.start),
        period_end=context.local(figure.window.end),
        availability=figure.shown,
        exact=figure.exact,
        no_data=figure.no_data,
        coverage=coverage_line(figure, context.observations.min_coverage),
        rounding_mode=figure.shown_rounding.mode.value,
        rounding_decimals=figure.shown_rounding.decimals,
        met=figure.met,
        reference_seconds=figure.reference_seconds,
        down_seconds=figure.down_seconds,
        removed_seconds=figure.removed_seconds,
        excused_seconds=figure.excused_seconds,
        formula=figure.formula,
        summary=summarise(figure),
        history=tuple(_point(context, clause, month) for month in context.history()),
        guaranteed=figure.guaranteed,
        allowance_seconds=figure.allowance_seconds,
        allowance_met=figure.allowance_met,
        allowance_left_seconds=figure.allowance_left_seconds,
        allowance_over_seconds=figure.allowance_over_seconds,
        budget=budget_use(figure, clause),
        not_guaranteed_seconds=figure.not_guaranteed_seconds,
        not_guaranteed=tuple(
            NotGuaranteedLine(
                t.clause, context.local(t.start), context.local(t.end), t.seconds, t.reason
            )
            for t in not_guaranteed(figure)
        ),
    )


def _point(context: StatementContext, clause: Availability, month: Month) -> AvailabilityPoint:
    try:
        figure = context.figure(clause, month)
    except AvailabilityError:
        return AvailabilityPoint(str(month), None, None)
    return AvailabilityPoint(str(month), figure.shown, figure.met, exact=figure.exact)


def budget_use(figure: Measure, clause: Availability) -> BudgetUseLine | None:
    """The period's error budget as spent by its end: the target's (else the
    allowance's) downtime allowed, consumed, left or over (``domain.budget``, as
    ``sla budget`` at the period's end)."""
    if not figure.guaranteed or figure.no_data:
        return None
    window = figure.window
    usage = Usage(
        denominator_seconds=max(0, figure.reference_seconds - figure.removed_seconds),
        consumed_seconds=figure.down_seconds,
        elapsed_seconds=window.seconds,
        period_seconds=window.seconds,
    )
    if figure.target is not None:
        line = target_line(clause.clause.id, figure.target, usage)
    elif clause.allowance_seconds is not None:
        line = allowance_line(clause.clause.id, clause.allowance_seconds, usage)
    else:
        return None
    share = (
        None
        if line.allowed_seconds == 0
        else (Decimal(100 * line.consumed_seconds) / line.allowed_seconds).quantize(Decimal("0.1"))
    )
    return BudgetUseLine(
        basis=line.kind,
        allowed_seconds=line.allowed_seconds,
        consumed_seconds=line.consumed_seconds,
        remaining_seconds=line.remaining_seconds,
        over_seconds=line.over_seconds,
        used_percent=share,
    )
