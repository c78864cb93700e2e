"""One month's figures of a contract, everything the dashboard's pages show of a complete
month: the availability (the contract's period and the rolling 12 months), the credit,
the clocks that breached in the month, the KPIs. Computed as the pages compute them
(``adapters/web/figures.py``), so that a stored copy (the figure cache) reads the same.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from slaledger.domain.availability import Measure
from slaledger.domain.contract.availability import Period
from slaledger.domain.contract.contract import Contract
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    AvailabilityError,
    CreditReport,
    Observations,
    availability_clause,
    availability_for_month,
    credits_for_month,
)
from slaledger.services.incidents import CalendarFor, IncidentView, evaluate_incidents
from slaledger.services.kpis import KpiView, kpis_for_month, maintenance_notices


@dataclass(frozen=True)
class MonthInputs:
    """What a contract's figures are computed from (as a ``ContractRecord`` holds it)."""

    contract: Contract
    calendars: CalendarFor
    observations: Observations
    incidents: IncidentTable | None
    fee: Decimal | None = None  # the monthly fee's amount, None: none
    opened: date | None = None  # the service opening date


@dataclass(frozen=True)
class MonthFigures:
    month: Month
    availability: Measure | None
    rolling: Measure | None
    credit: CreditReport | None
    #: clocks whose breach instant falls in the month, the incidents evaluated at ``at``
    breached: int
    kpis: tuple[KpiView, ...]


def availability_of(inputs: MonthInputs, month: Month, period: Period | None = None) -> Measure:
    contract = inputs.contract
    if period is not None:
        clause = availability_clause(contract, None)
        changed = dataclasses.replace(clause, period=period)
        rest = tuple(c for c in contract.availability if c is not clause)
        contract = dataclasses.replace(contract, availability=(changed, *rest))
    return availability_for_month(
        contract=contract,
        month=month,
        observations=inputs.observations,
        calendars=inputs.calendars,
        opened=inputs.opened,
    )


def credit_of(inputs: MonthInputs, month: Month) -> CreditReport | None:
    if not inputs.contract.availability:
        return None
    try:
        return credits_for_month(
            contract=inputs.contract,
            month=month,
            observations=inputs.observations,
            calendars=inputs.calendars,
            fee=inputs.fee,
            opened=inputs.opened,
        )
    except AvailabilityError:
        return None


def incident_views(inputs: MonthInputs, at: int) -> list[IncidentView]:
    table = inputs.incidents
    if table is None or table.log.count == 0:
        return []
    return evaluate_incidents(
        contract=inputs.contract,
        log=table.log,
        at=at,
        calendars=inputs.calendars,
        kinds=table.kind,
        effort_seconds=table.effort_seconds,
    )


def breached_count(contract: Contract, views: list[IncidentView], month: Month) -> int:
    first, end = month.start(contract.timezone), month.end(contract.timezone)
    return sum(
        1
        for view in views
        for clock in view.clocks
        if clock.breached_at is not None and first <= clock.breached_at < end
    )


def kpis_of(inputs: MonthInputs, month: Month) -> list[KpiView]:
    table = inputs.incidents
    windows = inputs.observations.maintenance
    return kpis_for_month(
        contract=inputs.contract,
        month=month,
        calendars=inputs.calendars,
        log=table.log if table else None,
        kinds=table.kind if table else None,
        maintenance=None if windows is None else maintenance_notices(windows),
        observations=inputs.observations,
    )


def summary(figures: MonthFigures) -> MonthFigures:
    """The figures as the cache keeps them: each availability figure without its trace
    (the trace page computes it when asked; every other page reads only the totals)."""

    def bare(measure: Measure | None) -> Measure | None:
        return None if measure is None else dataclasses.replace(measure, trace=())

    credit = figures.credit
    if credit is not None:
        credit = dataclasses.replace(credit, measure=dataclasses.replace(credit.measure, trace=()))
    return dataclasses.replace(
        figures, availability=bare(figures.availability), rolling=bare(figures.rolling),
        credit=credit,
    )  # fmt: skip


def month_figures(
    *, inputs: MonthInputs, months: list[Month], at: int
) -> dict[Month, MonthFigures]:
    """Each month's figures, the incidents evaluated once at ``at`` for all of them."""
    views = incident_views(inputs, at)
    has = bool(inputs.contract.availability)
    return {
        month: MonthFigures(
            month=month,
            availability=availability_of(inputs, month) if has else None,
            rolling=availability_of(inputs, month, Period.ROLLING_12_MONTHS) if has else None,
            credit=credit_of(inputs, month),
            breached=breached_count(inputs.contract, views, month),
            kpis=tuple(kpis_of(inputs, month)),
        )
        for month in months
    }
