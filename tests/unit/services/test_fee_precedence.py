"""Which fee a credit rests on: the explicit one, else the invoiced one, else the
contract's price; and the caps in money applied after it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.i18n import english
from slaledger.domain.commercial.credit_money import CreditAmount
from slaledger.domain.commercial.prices import InvoicedFee
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.values import Money
from slaledger.domain.periods import Month
from slaledger.services.fees import (
    COMMAND_LINE,
    CONTRACT_PRICE,
    INVOICED,
    FeeBook,
    annual_fee,
    apply_caps,
    choose_fee,
)
from tests.conftest import ROOT

PRICED = ROOT / "tests" / "fixtures" / "contracts" / "priced.yaml"
MARCH = Month(2024, 3)


@pytest.fixture(scope="module")
def priced() -> Contract:
    return load_contract(PRICED).contract


def _invoiced(service: str | None, amount: str, month: Month = MARCH) -> InvoicedFee:
    return InvoicedFee("priced", service, month, Money(Decimal(amount), "EUR"), "billing.csv")


def test_an_explicit_fee_wins_over_the_invoiced_one_and_the_price(priced):
    book = FeeBook(invoiced=(_invoiced("app", "900"),))
    chosen = choose_fee(contract=priced, service="app", month=MARCH,
                        explicit=Money(Decimal(5), "USD"), book=book)  # fmt: skip
    assert chosen is not None
    assert (chosen.fee, chosen.source) == (Money(Decimal(5), "USD"), COMMAND_LINE)


def test_the_invoiced_fee_wins_over_the_contract_price(priced):
    book = FeeBook(invoiced=(_invoiced("app", "900"),))
    chosen = choose_fee(contract=priced, service="app", month=MARCH, book=book)
    assert chosen is not None
    assert (chosen.fee.amount, chosen.source) == (Decimal(900), INVOICED)
    assert "billing.csv" in english(chosen.trace[0])


def test_a_fee_invoiced_for_the_whole_contract_serves_a_service_without_its_own(priced):
    book = FeeBook(invoiced=(_invoiced(None, "700"),))
    chosen = choose_fee(contract=priced, service="app", month=MARCH, book=book)
    assert chosen is not None
    assert chosen.fee.amount == Decimal(700)


def test_without_an_invoiced_fee_for_the_month_the_contract_price_applies(priced):
    book = FeeBook(invoiced=(_invoiced("app", "900", Month(2024, 4)),))
    chosen = choose_fee(contract=priced, service="app", month=MARCH, book=book)
    assert chosen is not None
    assert (chosen.fee.amount, chosen.source) == (Decimal(1000), CONTRACT_PRICE)


def test_no_fee_at_all_is_none_never_zero(priced):
    assert choose_fee(contract=priced, service="app", month=Month(2023, 1)) is None


def test_the_annual_fee_adds_the_twelve_months(priced):
    book = FeeBook(invoiced=(_invoiced("app", "400"),))
    year = annual_fee(contract=priced, service="app", year=2024, book=book)
    assert year == Money(Decimal(11400), "EUR")  # 11 x 1000 + 400


def _money(amount: str) -> CreditAmount:
    value = Decimal(amount)
    return CreditAmount(Money(Decimal(1000), "EUR"), value, value, "EUR", "rounded once")


def test_the_monthly_cap_in_money_bites_and_is_named(priced):
    money, cap, _notes = apply_caps(
        _money("450"), contract=priced, schedule="credits", service="app", month=MARCH,
        earlier=lambda _m: Decimal(0),
    )  # fmt: skip
    assert money.amount == Decimal("300.00")
    assert cap is not None
    assert cap.cap is not None
    assert cap.cap.clause_id == "cap-month"


def test_the_yearly_cap_counts_the_credits_owed_earlier_in_the_year(priced):
    # 5 % of 12 000 = 600 a year; 550 owed in January and February leaves 50
    owed = {Month(2024, 1): Decimal(300), Month(2024, 2): Decimal(250)}
    money, cap, _notes = apply_caps(
        _money("200"), contract=priced, schedule="credits", service="app", month=MARCH,
        earlier=owed.get,
    )  # fmt: skip
    assert money.amount == Decimal("50.00")
    assert cap is not None
    assert cap.cap is not None
    assert cap.cap.kind == "percent-of-annual-fee"


def test_credits_of_earlier_months_not_known_are_noted(priced):
    _amount, _cap, notes = apply_caps(
        _money("10"), contract=priced, schedule="credits", service="app", month=MARCH
    )
    assert any("2024-01, 2024-02 not known" in english(n) for n in notes)


def test_the_ledger_lists_each_price_s_share_of_the_month(priced):
    from slaledger.services.ledger import clause_ledger

    class _Period:
        month = "2026-07"

    class _Statement:  # the fields of a statement the ledger reads
        period = _Period()
        availability = credits = incidents = kpis = liability = maintenance = ()
        credit_balance = None

    ledger = clause_ledger(priced, [_Statement()])  # type: ignore[list-item]
    assert ledger["app-fee"] == ["2026-07 app: 1250 EUR for the month (15000 EUR per year)"]
    assert ledger["support-fee"] == [
        "2026-07 the contract: 250 EUR for the month (250 EUR per month)"
    ]
