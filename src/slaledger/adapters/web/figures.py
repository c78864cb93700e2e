"""The figures the pages show, computed by the services from a contract's record.

No formatting here: instants stay epoch seconds, percentages exact; the templates format
them in the reader's language.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from slaledger.adapters.web.source import ContractRecord
from slaledger.bootstrap import contract_calendars
from slaledger.domain.availability import Measure
from slaledger.domain.commercial.credit_money import CreditAmount
from slaledger.domain.contract.availability import Period
from slaledger.domain.lint import Finding, lint_contract
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    AvailabilityError,
    CreditReport,
    availability_clause,
    availability_for_month,
    credits_for_month,
)
from slaledger.services.credit_pricing import PricedCredit, price_credit
from slaledger.services.figures_json import money_of
from slaledger.services.incidents import IncidentView, evaluate_incidents
from slaledger.services.kpis import KpiView, kpis_for_month, maintenance_notices
from slaledger.services.statements import Statement, build_statement

#: months shown in the availability, KPI and credit histories
HISTORY_MONTHS = 12


def last_complete_month(record: ContractRecord, at: int) -> Month:
    """The month before the one ``at`` falls in, in the contract's zone."""
    local = datetime.fromtimestamp(at, tz=ZoneInfo(record.loaded.contract.timezone))
    return Month(local.year, local.month).shift(-1)


def months_ending(month: Month, count: int = HISTORY_MONTHS) -> list[Month]:
    return [month.shift(-offset) for offset in range(count - 1, -1, -1)]


def has_availability(record: ContractRecord) -> bool:
    return bool(record.loaded.contract.availability)


def availability(record: ContractRecord, month: Month, period: Period | None = None) -> Measure:
    """The contract's figure for the period ending with ``month``; ``period`` replaces the
    clause's own period (the rolling 12 months of a calendar-month clause)."""
    contract = record.loaded.contract
    if period is not None:
        clause = availability_clause(contract, None)
        changed = dataclasses.replace(clause, period=period)
        rest = tuple(c for c in contract.availability if c is not clause)
        contract = dataclasses.replace(contract, availability=(changed, *rest))
    return availability_for_month(
        contract=contract,
        month=month,
        observations=record.observations,
        calendars=contract_calendars(record.loaded.contract),
        opened=record.opened,
    )


@dataclass(frozen=True)
class AvailabilityPoint:
    month: Month
    figure: Measure
    rolling: Measure


def availability_history(record: ContractRecord, last: Month) -> list[AvailabilityPoint]:
    """Each month's figure (the contract's period) and its rolling 12 months."""
    if not has_availability(record):
        return []
    return [
        AvailabilityPoint(
            month,
            availability(record, month),
            availability(record, month, Period.ROLLING_12_MONTHS),
        )
        for month in months_ending(last)
    ]


def credit(record: ContractRecord, month: Month) -> CreditReport | None:
    """The credit the month earns, or None when the contract has no credit schedule."""
    if not has_availability(record):
        return None
    try:
        return credits_for_month(
            contract=record.loaded.contract,
            month=month,
            observations=record.observations,
            calendars=contract_calendars(record.loaded.contract),
            fee=None if record.monthly_fee is None else record.monthly_fee.amount,
            opened=record.opened,
        )
    except AvailabilityError:
        return None


def priced_credit(record: ContractRecord, report: CreditReport, month: Month) -> PricedCredit:
    """The month's credit in money, on the fee chosen by precedence (the record's explicit
    fee, else the invoiced one, else the contract's price) and capped (docs/billing.md)."""
    return price_credit(
        report,
        contract=record.loaded.contract,
        service=report.measure.service or None,
        month=month,
        explicit=record.monthly_fee,
        book=record.fee_book,
        report_for=lambda at: credit(record, at),
    )


def credit_money(
    record: ContractRecord, report: CreditReport, month: Month | None = None
) -> CreditAmount | None:
    """What the report's credit is worth (None: no fee); without ``month``, on the
    record's explicit fee only."""
    if month is None:
        return money_of(report, record.monthly_fee)
    return priced_credit(record, report, month).money


def totals_by_currency(
    groups: Sequence[tuple[ContractRecord, Sequence[tuple[Month, CreditReport]]]],
) -> dict[str, Decimal]:
    """The credits owed across contracts, one total per currency: amounts in different
    currencies are never added together. Credits without an amount (no fee, days,
    undetermined) are left out of every total."""
    totals: dict[str, Decimal] = {}
    for record, reports in groups:
        for month, report in reports:
            money = credit_money(record, report, month)
            if money is None or money.amount is None or not report.credit.owed:
                continue
            totals[money.currency] = totals.get(money.currency, Decimal(0)) + money.amount
    return dict(sorted(totals.items()))


def credits_history(record: ContractRecord, last: Month) -> list[tuple[Month, CreditReport]]:
    reports = [(month, credit(record, month)) for month in months_ending(last)]
    return [(month, report) for month, report in reports if report is not None]


def incidents(record: ContractRecord, at: int) -> list[IncidentView]:
    table = record.incidents
    if table is None or table.log.count == 0:
        return []
    return evaluate_incidents(
        contract=record.loaded.contract,
        log=table.log,
        at=at,
        calendars=contract_calendars(record.loaded.contract),
        kinds=table.kind,
        effort_seconds=table.effort_seconds,
    )


def live_incidents(record: ContractRecord, at: int) -> list[IncidentView]:
    """Incidents notified by ``at`` and neither restored nor closed, whatever their clocks
    say (an acknowledged ticket is still open), as the API's ``status=open``."""
    return [view for view in incidents(record, at) if view.open]


def breached_in(
    record: ContractRecord, month: Month, at: int, views: Sequence[IncidentView] | None = None
) -> int:
    """Clocks that breached during ``month``; ``views``: the incidents as of ``at``, when
    already evaluated."""
    zone = record.loaded.contract.timezone
    first, end = month.start(zone), month.end(zone)
    return sum(
        1
        for view in (incidents(record, at) if views is None else views)
        for clock in view.clocks
        if clock.breached_at is not None and first <= clock.breached_at < end
    )


def kpis(record: ContractRecord, month: Month) -> list[KpiView]:
    table = record.incidents
    windows = record.observations.maintenance
    notices = None
    if windows is not None:
        notices = maintenance_notices(windows)
    return kpis_for_month(
        contract=record.loaded.contract,
        month=month,
        calendars=contract_calendars(record.loaded.contract),
        log=table.log if table else None,
        kinds=table.kind if table else None,
        maintenance=notices,
        observations=record.observations,
    )


_FINDINGS: dict[int, list[Finding]] = {}


def findings(record: ContractRecord) -> list[Finding]:
    """The lint findings of the record's terms, found once per parsed terms object."""
    terms = record.loaded.contract
    found = _FINDINGS.get(id(terms))
    if found is None:
        found = _FINDINGS[id(terms)] = lint_contract(terms, record.loaded.lines)
        weakref.finalize(terms, _FINDINGS.pop, id(terms), None)
    return list(found)


@dataclass(frozen=True)
class Health:
    """A contract at a glance: last month's availability, breaches, credit, findings."""

    record: ContractRecord
    month: Month
    figure: Measure | None
    breached: int
    live: int
    credit: CreditReport | None
    findings: list[Finding]

    @property
    def severities(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.severity.value] = counts.get(finding.severity.value, 0) + 1
        return counts


def health(record: ContractRecord, at: int, *, provider: bool = True) -> Health:
    """The contract at a glance as of ``at``; the lint findings (the provider's working
    notes) only for the ``provider``'s people: a customer's page never carries them."""
    month = last_complete_month(record, at)
    figure = availability(record, month) if has_availability(record) else None
    views = incidents(record, at)  # evaluated once for the breaches and the live count
    return Health(
        record=record,
        month=month,
        figure=figure,
        breached=breached_in(record, month, at, views),
        live=sum(1 for view in views if view.open),
        credit=credit(record, month),
        findings=findings(record) if provider else [],
    )


def statement(record: ContractRecord, month: Month, *, audience: str = "provider") -> Statement:
    """The monthly statement, as of the end of the month (so it reads the same every time),
    for the provider or the customer (``audience``)."""
    return build_statement(
        loaded_contract=record.loaded,
        calendars=contract_calendars(record.loaded.contract),
        month=month,
        outages=record.observations.outages,
        samples=record.observations.samples,
        counts=record.observations.counts,
        maintenance=record.observations.maintenance,
        events=record.incidents,
        fee=record.monthly_fee,
        fee_book=record.fee_book,
        opened=record.opened,
        audience=audience,
        credit_notes=record.credit_notes,
    )
