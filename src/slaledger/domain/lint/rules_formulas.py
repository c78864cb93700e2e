"""Rules on formulas: units that do not work, and years whose length is not fixed."""

from __future__ import annotations

from collections.abc import Iterator

from slaledger.domain.contract.availability import Period, YearLength
from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.formula import NOMINAL_LENGTHS, Formula
from slaledger.domain.lint.finding import Draft
from slaledger.domain.lint.units import unit_problems
from slaledger.domain.message import msg


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
            yield Draft(
                clause,
                msg("lint.formula-units", expression=formula.expression, problem=problem),
                path,
            )


_YEARLY = (Period.ROLLING_12_MONTHS, Period.CONTRACT_YEAR)
_LENGTHS = {"year": msg("lint.length.year"), "month": msg("lint.length.month")}


def year_lengths(contract: Contract) -> Iterator[Draft]:
    for availability in contract.availability:
        formula = availability.formula
        nominal = sorted(formula.names & NOMINAL_LENGTHS) if formula else []
        if nominal:
            yield Draft(
                availability.clause,
                msg(
                    "lint.nominal-length",
                    name=nominal[0],
                    length=_LENGTHS[nominal[0]],
                    period=availability.period.value,
                ),
                f"{availability.clause.where}.formula",
            )
        if availability.year_length is YearLength.DAYS_365 and availability.period in _YEARLY:
            yield Draft(
                availability.clause,
                msg("lint.year-365", period=availability.period.value),
                f"{availability.clause.where}.year_length",
            )
