"""Currencies: an ISO 4217 code checked and its minor unit, from Babel's CLDR data; a fee
as written on a command line or in a request ("1250.00 EUR")."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from babel.numbers import get_currency_precision, list_currencies

from slaledger.domain.contract.values import Money
from slaledger.domain.message import Message, msg

#: the largest monthly fee taken: above it, a figure is a typing error, not a fee
MAX_FEE = Decimal(10) ** 10
_FEE = re.compile(r"^\s*(?P<amount>[-+]?[0-9][0-9_,. ]*)\s+(?P<currency>[A-Za-z]{3})\s*$")


class FeeError(ValueError):
    """A fee or currency refused: ``expected`` (a message, for the reader's language) and
    ``found`` say why."""

    def __init__(self, expected: Message, found: str) -> None:
        self.expected = expected
        self.found = found
        super().__init__(f"expected {expected.id}, found {found}")


@cache
def _known() -> frozenset[str]:
    return frozenset(list_currencies())


def at_most_a_fee() -> Message:
    """The refusal of a figure above ``MAX_FEE`` (the catalogs write it grouped, as their
    language does): a typing error, not a fee."""
    return msg("input.fee.at-most")


def currency_decimals(code: str) -> int:
    """The number of decimals of ``code``'s minor unit (EUR 2, JPY 0); FeeError when
    ``code`` is no ISO 4217 currency."""
    if code not in _known():
        raise FeeError(msg("input.fee.currency-code"), repr(code))
    return int(get_currency_precision(code))


def parse_fee(text: str) -> Money:
    """``"1250.00 EUR"`` as Money; a bare number, an unknown currency, a negative or
    absurd amount are refused (FeeError)."""
    expected = msg("input.fee.amount-and-currency")
    match = _FEE.match(text)
    if match is None:
        raise FeeError(expected, repr(text))
    try:
        amount = Decimal(match["amount"].replace(" ", "").replace("_", ""))
    except InvalidOperation:
        raise FeeError(expected, repr(text)) from None
    currency = match["currency"].upper()
    currency_decimals(currency)
    if not amount.is_finite() or amount < 0:
        raise FeeError(msg("input.fee.zero-or-more"), repr(text))
    if amount > MAX_FEE:
        raise FeeError(at_most_a_fee(), repr(text))
    return Money(amount, currency)
