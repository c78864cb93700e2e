"""formula-units and year-length on availability commitments."""

from __future__ import annotations

from slaledger.adapters.i18n import english
from slaledger.domain.contract import FormulaContext, Period, YearLength, parse_formula
from slaledger.domain.contract.formula import PERCENT, RATIO
from slaledger.domain.lint import lint_contract

from .builders import availability, contract


def _rules(c, rule):
    return [f for f in lint_contract(c) if f.rule == rule]


def _with(expression, unit=PERCENT, **extra):
    formula = parse_formula(expression, FormulaContext.AVAILABILITY, unit)
    return contract(availability=(availability("99.5", formula=formula, **extra),))


def test_100_minus_a_fraction_is_missing_its_times_100():
    [finding] = _rules(_with("100 - downtime / (365 * 24 - maintenance)"), "formula-units")
    assert "'× 100' is missing" in english(finding.message)
    assert finding.path == "x.avail.formula"


def test_a_fraction_read_as_a_percentage_is_fine():
    assert _rules(_with("(period - downtime) / period"), "formula-units") == []


def test_a_year_whose_length_the_text_does_not_fix_is_reported():
    c = _with(
        "(year - maintenance - downtime) / (year - maintenance)",
        RATIO,
        period=Period.ROLLING_12_MONTHS,
    )
    [finding] = _rules(c, "year-length")
    assert "365 or 366 days" in english(finding.message)


def test_a_365_day_year_for_a_contract_year_is_reported():
    c = _with(
        "(period - downtime) / period", year_length=YearLength.DAYS_365, period=Period.CONTRACT_YEAR
    )
    [finding] = _rules(c, "year-length")
    assert "8,784 h" in english(finding.message)


def test_a_real_period_length_is_not_reported():
    c = _with("(period - downtime) / period", period=Period.ROLLING_12_MONTHS)
    assert _rules(c, "year-length") == []
    monthly = _with("(period - downtime) / period", year_length=YearLength.DAYS_365)
    assert _rules(monthly, "year-length") == []  # a calendar month has no year to fix
