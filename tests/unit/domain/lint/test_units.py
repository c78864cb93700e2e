"""Unit analysis of formulas."""

from __future__ import annotations

import pytest

from slaledger.adapters.i18n import english
from slaledger.domain.contract.formula import (
    CURRENCY,
    PERCENT,
    RATIO,
    TIME,
    FormulaContext,
    parse_formula,
)
from slaledger.domain.lint.units import unit_problems

A, C, P, K = (
    FormulaContext.AVAILABILITY,
    FormulaContext.CREDIT,
    FormulaContext.PRICE,
    FormulaContext.KPI,
)


@pytest.mark.parametrize(
    ("expression", "context", "unit"),
    [
        ("(period - downtime) / period", A, PERCENT),  # a ratio read as a percentage
        ("(period - downtime) / period", A, RATIO),
        ("100 * (period - downtime) / period", A, PERCENT),  # the × 100 is there
        ("1 - downtime / period", A, RATIO),  # 1 minus a ratio is a ratio
        ("(365 * 24 - maintenance - downtime) / (365 * 24 - maintenance)", A, RATIO),
        ("100% - availability", C, PERCENT),  # IPfolio's formula tier
        ("price * index_new / index_old", P, CURRENCY),  # SYNTEC revisions
        ("total / count", K, TIME),  # a mean stays a duration
    ],
)
def test_formulas_whose_units_work_raise_nothing(expression, context, unit):
    assert unit_problems(parse_formula(expression, context, unit)) == []


@pytest.mark.parametrize(
    ("expression", "context", "unit", "hint"),
    [
        ("100 - downtime / (365 * 24 - maintenance)", A, PERCENT, "'× 100' is missing"),
        ("50 + downtime / period", A, PERCENT, "the number 50"),
        ("100% - downtime / period", A, PERCENT, "a percentage and a ratio"),
        ("price + index_new", P, CURRENCY, "adds an amount of money and an index value"),
        ("downtime / period", A, TIME, "yields a ratio but claims a duration"),
    ],
)
def test_formulas_whose_units_do_not_work_say_why(expression, context, unit, hint):
    problems = unit_problems(parse_formula(expression, context, unit))
    assert any(hint in english(p) for p in problems), [english(p) for p in problems]
