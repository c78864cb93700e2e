"""Unit analysis of contract formulas.

Names carry the units of their context's vocabulary; a bare number is a scalar that
takes the unit of what it is added to (``365 * 24 - maintenance`` is in hours). Adding
quantities of different dimensions is an error; so is adding a percentage to a ratio,
or a number other than 0 or 1 to a ratio (``100 - downtime / period`` subtracts a
fraction from 100: the "× 100" is missing). A result may be a ratio where the text
claims a percentage (a ratio reads as a percentage), but not another dimension.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from slaledger.domain.contract.formula import (
    RATIO,
    VOCABULARIES,
    BinOp,
    Formula,
    Neg,
    Node,
    Num,
    Unit,
    Var,
    render,
)


@dataclass(frozen=True)
class Scalar:
    """A bare number (or arithmetic of bare numbers), unit-less until combined."""

    value: Decimal | None


Inferred = Unit | Scalar


def unit_problems(formula: Formula) -> list[str]:
    """What is wrong with the units of a formula, as sentences; empty when nothing."""
    problems: list[str] = []
    vocabulary = VOCABULARIES[formula.context]
    result = _infer(formula.tree, vocabulary, problems, formula.tree)
    if isinstance(result, Unit) and result.dims != formula.unit.dims:
        problems.append(f"the formula yields {_name(result)} but claims {_name(formula.unit)}")
    return problems


def _name(unit: Unit) -> str:
    text = str(unit)
    return {
        "ratio": "a ratio",
        "percent": "a percentage",
        "time": "a duration",
        "currency": "an amount of money",
        "index": "an index value",
    }.get(text, text)


def _infer(node: Node, vocabulary: dict[str, Unit], problems: list[str], root: Node) -> Inferred:
    if isinstance(node, Num):
        return Unit(percent=1) if node.percent else Scalar(node.value)
    if isinstance(node, Var):
        return vocabulary[node.name]
    if isinstance(node, Neg):
        inner = _infer(node.operand, vocabulary, problems, root)
        return Scalar(-inner.value) if isinstance(inner, Scalar) and inner.value else inner
    left = _infer(node.left, vocabulary, problems, root)
    right = _infer(node.right, vocabulary, problems, root)
    if node.op in "+-":
        return _additive(node, left, right, problems, "it" if node is root else None)
    if node.op == "*":
        return _product(left, right)
    return _quotient(left, right)


def _additive(
    node: BinOp, left: Inferred, right: Inferred, problems: list[str], name: str | None
) -> Inferred:
    verb = "adds" if node.op == "+" else "subtracts"
    text = name or f"'{render(node)}'"
    if isinstance(left, Scalar) and isinstance(right, Scalar):
        if left.value is None or right.value is None:
            return Scalar(None)
        return Scalar(left.value + right.value if node.op == "+" else left.value - right.value)
    if isinstance(left, Scalar) or isinstance(right, Scalar):
        scalar, unit, ratio_node = (
            (left, right, node.right) if isinstance(left, Scalar) else (right, left, node.left)
        )
        assert isinstance(unit, Unit)
        assert isinstance(scalar, Scalar)
        if unit == RATIO and scalar.value is not None and scalar.value not in (0, 1):
            problems.append(
                f"{text} {verb} the ratio '{render(ratio_node)}' (a fraction between 0 "
                f"and 1) and the number {scalar.value}: the result is neither a ratio nor a "
                f"percentage; '× 100' is missing on the ratio"
            )
        return unit
    if left.dims != right.dims:
        problems.append(f"{text} {verb} {_name(left)} and {_name(right)}")
    elif left.percent != right.percent:
        problems.append(f"{text} {verb} a percentage and a ratio: multiply the ratio by 100 first")
    return left


def _product(left: Inferred, right: Inferred) -> Inferred:
    if isinstance(left, Scalar) and isinstance(right, Scalar):
        if left.value is None or right.value is None:
            return Scalar(None)
        return Scalar(left.value * right.value)
    if isinstance(left, Scalar):
        return right
    if isinstance(right, Scalar):
        return left
    return left.times(right)


def _quotient(left: Inferred, right: Inferred) -> Inferred:
    if isinstance(left, Scalar) and isinstance(right, Scalar):
        if left.value is None or not right.value:
            return Scalar(None)
        return Scalar(left.value / right.value)
    if isinstance(right, Scalar):
        return left
    if isinstance(left, Scalar):
        return RATIO.over(right)
    return left.over(right)
