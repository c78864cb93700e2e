"""Rules on formulas: units that do not work, and years whose length is not fixed."""

from __future__ import annotations

from collections.abc import Iterator

from slaledger.domain.contract.availability import Period, YearLength
from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.formula import NOMINAL_LENGTHS, Formula
from slaledger.domain.lint.finding import Draft
from slaledger.domain.lint.units import unit_problems


def formulas(contract: Contract) -> Iterator[tuple[ClauseInfo, Formula, str]]:
    """Every formula in the contract, with its clause and path."""
    for availability in contract.availability:
        if availability.formula:
            yield availability.clause, availability.formula, f"{availability.clause.where}.formula"
    for schedule in contract.credits:
        for tier in schedule.tiers:
            if tier.formula:
                yield schedule.clause, tier.formula, f"{tier.where}.formula"
    for kpi in contract.kpis:
        if kpi.formula:
            yield kpi.clause, kpi.formula, f"{kpi.clause.where}.formula"
    for revision in contract.commercial.price_revisions:
        yield revision.clause, revision.formula, f"{revision.clause.where}.formula"


def formula_units(contract: Contract) -> Iterator[Draft]:
    for clause, formula, path in formulas(contract):
        for problem in unit_problems(formula):
            yield Draft(clause, f"the formula '{formula.expression}': {problem}", path)


_YEARLY = (Period.ROLLING_12_MONTHS, Period.CONTRACT_YEAR)
_LENGTHS = {"year": "a year has 365 or 366 days", "month": "a month has 28 to 31 days"}


def year_lengths(contract: Contract) -> Iterator[Draft]:
    for availability in contract.availability:
        formula = availability.formula
        nominal = sorted(formula.names & NOMINAL_LENGTHS) if formula else []
        if nominal:
            yield Draft(
                availability.clause,
                f"the formula counts '{nominal[0]}' as a length, which the text does not fix: "
                f"{_LENGTHS[nominal[0]]}; the measured period "
                f"({availability.period.value}) has its own real length",
                f"{availability.clause.where}.formula",
            )
        if availability.year_length is YearLength.DAYS_365 and availability.period in _YEARLY:
            yield Draft(
                availability.clause,
                f"a year is fixed at 365 days (8,760 h) but a {availability.period.value} "
                f"period that contains 29 February lasts 366 days (8,784 h): downtime is "
                f"counted over one more day than the denominator holds",
                f"{availability.clause.where}.year_length",
            )
