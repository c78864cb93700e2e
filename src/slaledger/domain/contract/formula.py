"""Formulas written in contracts, in a small arithmetic language.

A formula is numbers (``100``, ``2.5``, ``100%``), named quantities (``downtime``),
``+ - * /`` and parentheses. Each context (availability, credit tier, price revision,
KPI) has its vocabulary of names, each with a unit, so that a formula can be evaluated
and its units checked. ``×``, ``÷`` and ``−`` are read as ``*``, ``/`` and ``-``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Unit:
    """A unit as powers of base dimensions, plus powers of 1/100 for percentages."""

    dims: tuple[tuple[str, int], ...] = ()
    percent: int = 0

    def times(self, other: Unit) -> Unit:
        return _unit(_merge(self.dims, other.dims, 1), self.percent + other.percent)

    def over(self, other: Unit) -> Unit:
        return _unit(_merge(self.dims, other.dims, -1), self.percent - other.percent)

    @property
    def is_dimensionless(self) -> bool:
        return not self.dims

    def __str__(self) -> str:
        for name, unit in UNITS.items():
            if unit == self:
                return name
        parts = [f"{d}^{e}" if e != 1 else d for d, e in self.dims]
        if self.percent:
            parts.append(f"%^{self.percent}")
        return "·".join(parts) or "ratio"


Dims = tuple[tuple[str, int], ...]


def _merge(a: Dims, b: Dims, sign: int) -> dict[str, int]:
    out = dict(a)
    for name, exponent in b:
        out[name] = out.get(name, 0) + sign * exponent
    return out


def _unit(dims: Mapping[str, int], percent: int) -> Unit:
    return Unit(tuple(sorted((d, e) for d, e in dims.items() if e)), percent)


RATIO = Unit()
PERCENT = Unit(percent=1)
TIME = Unit((("time", 1),))
CURRENCY = Unit((("currency", 1),))
INDEX = Unit((("index", 1),))
COUNT = Unit()  # a number of things: dimensionless, so a mean stays a duration

#: the units a formula may declare for its result
UNITS: dict[str, Unit] = {
    "ratio": RATIO,
    "percent": PERCENT,
    "time": TIME,
    "currency": CURRENCY,
    "index": INDEX,
    "count": COUNT,
}


class FormulaContext(enum.Enum):
    AVAILABILITY = "availability"
    CREDIT = "credit"
    PRICE = "price"
    KPI = "kpi"


#: the names each context knows, with their units
VOCABULARIES: dict[FormulaContext, dict[str, Unit]] = {
    FormulaContext.AVAILABILITY: {
        "period": TIME,  # the real length of the measured period
        "downtime": TIME,  # counted unavailability in the period
        "maintenance": TIME,  # planned maintenance in the period
        "excluded": TIME,  # other excluded time
        "year": TIME,  # "one year": 365 or 366 days, as the text leaves it
        "month": TIME,  # "one month": 28 to 31 days, as the text leaves it
    },
    FormulaContext.CREDIT: {"availability": PERCENT},
    FormulaContext.PRICE: {"price": CURRENCY, "index_new": INDEX, "index_old": INDEX},
    FormulaContext.KPI: {"total": TIME, "count": COUNT, "notice": TIME},
}

#: names whose length the text does not fix (a year of 365 or 366 days)
NOMINAL_LENGTHS = frozenset({"year", "month"})


@dataclass(frozen=True)
class Num:
    value: Decimal
    percent: bool = False


@dataclass(frozen=True)
class Var:
    name: str


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class BinOp:
    op: str
    left: Node
    right: Node


Node = Num | Var | Neg | BinOp


@dataclass(frozen=True)
class Formula:
    """A parsed formula with the unit it claims for its result."""

    expression: str
    tree: Node
    unit: Unit
    context: FormulaContext

    @property
    def names(self) -> frozenset[str]:
        return frozenset(_names(self.tree))

    @property
    def variables(self) -> dict[str, Unit]:
        vocabulary = VOCABULARIES[self.context]
        return {name: vocabulary[name] for name in self.names}

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        """The formula's value; a percentage literal counts as its number (100% -> 100)."""
        return evaluate(self.tree, values)

    def __str__(self) -> str:
        return self.expression


def _names(node: Node) -> list[str]:
    if isinstance(node, Var):
        return [node.name]
    if isinstance(node, Neg):
        return _names(node.operand)
    if isinstance(node, BinOp):
        return _names(node.left) + _names(node.right)
    return []


def evaluate(node: Node, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Var):
        return values[node.name]
    if isinstance(node, Neg):
        return -evaluate(node.operand, values)
    left, right = evaluate(node.left, values), evaluate(node.right, values)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if right == 0:
        raise ZeroDivisionError(f"division by zero in {render(node)}")
    return left / right


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def render(node: Node) -> str:
    """The formula back as text, with the parentheses its structure needs."""
    if isinstance(node, Num):
        return format(node.value, "f") + ("%" if node.percent else "")
    if isinstance(node, Var):
        return node.name
    if isinstance(node, Neg):
        inner = render(node.operand)
        return f"-({inner})" if isinstance(node.operand, BinOp) else f"-{inner}"
    level = _PRECEDENCE[node.op]
    left, right = render(node.left), render(node.right)
    if isinstance(node.left, BinOp) and _PRECEDENCE[node.left.op] < level:
        left = f"({left})"
    if isinstance(node.right, BinOp) and (
        _PRECEDENCE[node.right.op] < level
        or (_PRECEDENCE[node.right.op] == level and node.op in "-/")
    ):
        right = f"({right})"
    return f"{left} {node.op} {right}"


_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)(%?)|([A-Za-z_][A-Za-z0-9_]*)|(.))")
_TRANSLATE = str.maketrans({"×": "*", "÷": "/", "−": "-", "–": "-"})


class FormulaError(ValueError):
    """A formula that does not parse, or names something its context does not know."""


def parse_formula(expression: str, context: FormulaContext, unit: Unit) -> Formula:
    tokens = _tokenize(expression.translate(_TRANSLATE))
    parser = _Parser(tokens, VOCABULARIES[context])
    tree = parser.expression()
    if parser.peek() is not None:
        raise FormulaError(f"unexpected '{parser.peek()}' after a complete formula")
    return Formula(expression=expression, tree=tree, unit=unit, context=context)


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # pragma: no cover - the last alternative matches any char
            break
        number, percent, name, other = match.groups()
        if number is not None:
            tokens.append(number + percent)
        elif name is not None:
            tokens.append(name)
        elif other is not None and other in "+-*/()":
            tokens.append(other)
        elif other is not None:
            raise FormulaError(f"an operator + - * / or parentheses, not '{other}'")
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[str], vocabulary: Mapping[str, Unit]) -> None:
        self.tokens = tokens
        self.index = 0
        self.vocabulary = vocabulary

    def peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise FormulaError("a formula that does not stop in the middle")
        self.index += 1
        return token

    def expression(self) -> Node:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            node = BinOp(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek() in ("*", "/"):
            op = self.take()
            node = BinOp(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.peek() == "-":
            self.take()
            return Neg(self.unary())
        return self.atom()

    def atom(self) -> Node:
        token = self.take()
        if token == "(":
            node = self.expression()
            if self.take() != ")":
                raise FormulaError("a closing parenthesis")
            return node
        if token[0].isdigit():
            percent = token.endswith("%")
            return Num(Decimal(token.rstrip("%")), percent)
        if token[0].isalpha() or token[0] == "_":
            if token not in self.vocabulary:
                known = ", ".join(sorted(self.vocabulary))
                raise FormulaError(f"a known name ({known}), not '{token}'")
            return Var(token)
        raise FormulaError(f"a number, a name or '(', not '{token}'")
