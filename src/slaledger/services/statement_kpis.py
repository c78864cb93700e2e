"""The statement's KPIs: each KPI the contract states, as ``services.kpis`` computes it
(durations in whole seconds), or, for an availability KPI, read from the availability
section of the commitment it names (the same figure, the same history)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from slaledger.domain.contract.kpis import Direction, KpiMeasure
from slaledger.domain.incidents.table import IncidentTable
from slaledger.services.kpis import KpiView, kpis_for_month, maintenance_notices
from slaledger.services.statement_context import StatementContext
from slaledger.services.statement_model import KpiLine, KpiPointLine, ServiceAvailability


def kpi_lines(
    context: StatementContext,
    events: IncidentTable | None,
    sections: Sequence[ServiceAvailability],
) -> tuple[KpiLine, ...]:
    """Every KPI of the contract with a figure, in the contract's order."""
    windows = context.observations.maintenance
    notices = None
    if windows is not None:
        notices = maintenance_notices(windows)
    views = {
        v.kpi: v
        for v in kpis_for_month(
            contract=context.contract,
            month=context.month,
            calendars=context.calendars,
            log=events.log if events else None,
            kinds=events.kind if events else None,
            maintenance=notices,
        )
    }
    by_clause = {s.clause: s for s in sections}
    lines = []
    for kpi in context.contract.kpis:
        if kpi.clause.id in views:
            lines.append(_kpi_line(views[kpi.clause.id]))
            continue
        section = by_clause.get(kpi.availability or "")
        limit = kpi.target.percent
        if kpi.measure is KpiMeasure.AVAILABILITY and section and section.error is None:
            rule = kpi.target.direction
            lines.append(
                KpiLine(
                    kpi=kpi.clause.id,
                    name=kpi.name,
                    clause=kpi.clause.article,
                    unit="percent",
                    direction=rule.value,
                    target=kpi.target.describe(),
                    limit=limit if isinstance(limit, Decimal) else None,
                    value=section.availability,
                    met=_met(section.exact, limit, rule),
                    count=1,
                    series=tuple(
                        KpiPointLine(p.month, p.availability, _met(p.exact, limit, rule))
                        for p in section.history
                    ),
                )
            )
    return tuple(lines)


def _kpi_line(view: KpiView) -> KpiLine:
    direction = view.target.split(" ", 1)[0]
    return KpiLine(
        kpi=view.kpi,
        name=view.name,
        clause=view.clause,
        unit=view.unit,
        direction=direction,
        target=view.target,
        limit=_seconds(view.limit),
        value=_seconds(view.value),
        met=view.met,
        count=view.count,
        series=tuple(KpiPointLine(p.month, _seconds(p.value), p.met) for p in view.series),
    )


def _met(value: Decimal | None, limit: object, direction: Direction) -> bool | None:
    if value is None or not isinstance(limit, Decimal):
        return None
    exact, bound = Fraction(value), Fraction(limit)
    return exact >= bound if direction is Direction.AT_LEAST else exact <= bound


def _seconds(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(round(value))
