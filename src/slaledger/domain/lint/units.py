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
from slaledger.domain.message import Message, Number, Param, msg


@dataclass(frozen=True)
class Scalar:
    """A bare number (or arithmetic of bare numbers), unit-less until combined."""

    value: Decimal | None


Inferred = Unit | Scalar


def unit_problems(formula: Formula) -> list[Message]:
    """What is wrong with the units of a formula, as messages; empty when nothing."""
    problems: list[Message] = []
    vocabulary = VOCABULARIES[formula.context]
    result = _infer(formula.tree, vocabulary, problems, formula.tree)
    if isinstance(result, Unit) and result.dims != formula.unit.dims:
        problems.append(
            msg("units.yields-but-claims", result=_name(result), claimed=_name(formula.unit))
        )
    return problems


_NAMES = {
    "ratio": msg("units.ratio"),
    "percent": msg("units.percent"),
    "time": msg("units.time"),
    "currency": msg("units.currency"),
    "index": msg("units.index"),
}


def _name(unit: Unit) -> Param:
    text = str(unit)
    return _NAMES.get(text, text)


def _infer(
    node: Node, vocabulary: dict[str, Unit], problems: list[Message], root: Node
) -> Inferred:
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
        return _additive(node, left, right, problems, node is root)
    if node.op == "*":
        return _product(left, right)
    return _quotient(left, right)


def _additive(
    node: BinOp, left: Inferred, right: Inferred, problems: list[Message], whole: bool
) -> Inferred:
    adds = node.op == "+"
    subject: Param = msg("units.it") if whole else msg("units.term", term=render(node))
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
            params: dict[str, Param] = {
                "subject": subject,
                "ratio": render(ratio_node),
                "number": Number(scalar.value),
            }
            problems.append(
                msg("units.adds-ratio-and-number", **params)
                if adds
                else msg("units.subtracts-ratio-and-number", **params)
            )
        return unit
    if left.dims != right.dims:
        pair: dict[str, Param] = {"subject": subject, "left": _name(left), "right": _name(right)}
        problems.append(msg("units.adds", **pair) if adds else msg("units.subtracts", **pair))
    elif left.percent != right.percent:
        problems.append(
            msg("units.adds-percent-and-ratio", subject=subject)
            if adds
            else msg("units.subtracts-percent-and-ratio", subject=subject)
        )
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
