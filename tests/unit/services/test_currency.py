"""Fees as written ("1250.00 EUR"): checked against ISO 4217 with Babel's data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from slaledger.adapters.i18n import english
from slaledger.domain.contract.values import Money
from slaledger.services.currency import (
    MAX_FEE,
    FeeError,
    at_most_a_fee,
    currency_decimals,
    parse_fee,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1250.00 EUR", Money(Decimal("1250.00"), "EUR")),
        ("1000 usd", Money(Decimal(1000), "USD")),  # the code in any case
        ("  0 JPY ", Money(Decimal(0), "JPY")),  # a zero fee is a fee
    ],
)
def test_a_fee_is_an_amount_and_its_currency(text: str, expected: Money) -> None:
    assert parse_fee(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1000", "its ISO 4217 currency"),  # a bare number
        ("1000 EUX", "an ISO 4217 currency code"),  # no such currency
        ("-3 EUR", "a fee of zero or more"),
        ("99999999999 EUR", "a monthly fee of at most"),  # absurd
        ("EUR 1000", "its ISO 4217 currency"),  # the amount first
        ("NaN EUR", "its ISO 4217 currency"),
    ],
)
def test_a_bad_fee_is_refused_saying_what_was_expected(text: str, expected: str) -> None:
    with pytest.raises(FeeError) as caught:
        parse_fee(text)
    assert expected in english(caught.value.expected)
    assert caught.value.found in (repr(text), repr(text.split()[-1]))  # the value refused


@pytest.mark.parametrize(("code", "decimals"), [("EUR", 2), ("USD", 2), ("JPY", 0), ("BHD", 3)])
def test_the_minor_unit_is_babels(code: str, decimals: int) -> None:
    assert currency_decimals(code) == decimals


def test_the_refusal_of_an_absurd_fee_writes_the_limit_it_checks():
    assert english(at_most_a_fee()).endswith(f"{MAX_FEE:,}")
