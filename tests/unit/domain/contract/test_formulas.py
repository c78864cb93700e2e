"""Formulas written in contracts: parsing, evaluating, printing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from slaledger.domain.contract.formula import (
    PERCENT,
    RATIO,
    FormulaContext,
    FormulaError,
    parse_formula,
    render,
)


def test_the_ipfolio_formula_tier_gives_100_percent_minus_availability():
    formula = parse_formula("100% - availability", FormulaContext.CREDIT, PERCENT)
    assert formula.evaluate({"availability": Decimal("40.00")}) == Decimal("60.00")


def test_the_text_s_multiplication_and_minus_signs_are_read():
    formula = parse_formula(
        "100 − (downtime ÷ (365 × 24 − maintenance))", FormulaContext.AVAILABILITY, PERCENT
    )
    value = formula.evaluate({"downtime": Decimal(876), "maintenance": Decimal(0)})
    assert value == Decimal("99.9")
    assert formula.names == {"downtime", "maintenance"}


def test_a_name_its_context_does_not_know_is_refused():
    with pytest.raises(FormulaError, match="known name"):
        parse_formula("100 - uptime", FormulaContext.CREDIT, PERCENT)


@pytest.mark.parametrize(
    "expression",
    [
        "(period - downtime",  # unclosed parenthesis
        "period downtime",  # two operands, no operator
        "period ^ 2",  # an unknown operator
        "period -",  # stops in the middle
    ],
)
def test_a_formula_that_does_not_parse_is_refused(expression):
    with pytest.raises(FormulaError):
        parse_formula(expression, FormulaContext.AVAILABILITY, RATIO)


def test_a_formula_prints_with_only_the_parentheses_it_needs():
    formula = parse_formula("((period - downtime)) / (period)", FormulaContext.AVAILABILITY, RATIO)
    assert render(formula.tree) == "(period - downtime) / period"
    nested = parse_formula("period - (downtime - maintenance)", FormulaContext.AVAILABILITY, RATIO)
    assert render(nested.tree) == "period - (downtime - maintenance)"


def test_dividing_by_zero_says_where():
    formula = parse_formula("downtime / period", FormulaContext.AVAILABILITY, RATIO)
    with pytest.raises(ZeroDivisionError, match="downtime / period"):
        formula.evaluate({"downtime": Decimal(1), "period": Decimal(0)})
