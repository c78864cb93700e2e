"""The fee of a service for a month, from the contract's priced items and their revision."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.i18n import english, render
from slaledger.domain.commercial.indexes import IndexPoint, IndexSeries
from slaledger.domain.commercial.prices import PriceError, fee_for_month
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.values import Money
from slaledger.domain.periods import Month
from tests.conftest import ROOT

PRICED = ROOT / "tests" / "fixtures" / "contracts" / "priced.yaml"


@pytest.fixture(scope="module")
def priced() -> Contract:
    return load_contract(PRICED).contract


def _syntec(**values: str) -> dict[str, IndexSeries]:
    points = [
        IndexPoint(Month.parse(m.replace("_", "-")[1:]), Decimal(v)) for m, v in values.items()
    ]
    return {"SYNTEC": IndexSeries.of("SYNTEC", points)}


def _fee(contract: Contract, service: str | None, month: str, indexes=None):
    return fee_for_month(
        contract.commercial.prices,
        contract.commercial.price_revisions,
        service=service,
        month=Month.parse(month),
        indexes=indexes or {},
    )


def test_an_annual_price_gives_a_twelfth_of_it_each_month(priced):
    fee = _fee(priced, "app", "2024-05")
    assert fee is not None
    assert fee.fee == Money(Decimal(1000), "EUR")
    assert fee.items[0].clause_id == "app-fee"
    assert english(fee.trace[-1]) == "year's price 12000 / 12 for the month"
    assert render(fee.trace[-1], "fr") == "prix de l'année 12\u202f000 / 12 pour le mois"


def test_a_quarterly_price_gives_a_third_of_it_each_month(priced):
    fee = _fee(priced, "hosting", "2024-05")
    assert fee is not None
    assert fee.fee.amount == Decimal(300)


def test_a_service_without_its_own_price_takes_the_contract_price(priced):
    fee = _fee(priced, "other", "2024-05")
    assert fee is not None
    assert fee.fee == Money(Decimal(250), "EUR")
    assert fee.items[0].service is None


def test_the_price_is_revised_by_the_syntec_index_from_the_next_year(priced):
    indexes = _syntec(m2023_10="100", m2024_10="103")
    fee = _fee(priced, "app", "2025-02", indexes)
    assert fee is not None
    assert fee.items[0].price.amount == Decimal("12360.00")
    assert fee.fee.amount == Decimal("1030")
    assert any("revised by price-revision on 2024-10-01" in english(line) for line in fee.trace)
    french = [render(line, "fr") for line in fee.trace]
    assert any("révisé par price-revision le 2024-10-01" in line for line in french)


def test_the_revision_s_floor_of_2_percent_applies_when_the_index_rises_less(priced):
    fee = _fee(priced, "app", "2025-02", _syntec(m2023_10="100", m2024_10="101"))
    assert fee is not None
    assert fee.items[0].price.amount == Decimal("12240.00")
    assert english(fee.trace[1]).endswith("(floor applied)")
    assert render(fee.trace[1], "fr").endswith("(plancher appliqué)")


def test_the_revised_price_holds_for_the_months_before_its_first_revision(priced):
    fee = _fee(priced, "app", "2024-12", _syntec(m2023_10="100", m2024_10="103"))
    assert fee is not None
    assert fee.items[0].price.amount == Decimal(12000)


def test_a_year_without_a_known_index_value_keeps_the_price_and_the_trace_says_so(priced):
    fee = _fee(priced, "app", "2026-03", _syntec(m2023_10="100", m2024_10="103"))
    assert fee is not None
    assert fee.items[0].price.amount == Decimal("12360.00")
    lines = [english(line) for line in fee.trace]
    assert any(t.startswith("2026: not revised") and "2025-10" in t for t in lines)
    french = [render(line, "fr") for line in fee.trace]
    assert any(t.startswith("2026\u00a0: non révisé par price-revision\u00a0: la série SYNTEC")
               for t in french)  # fmt: skip


def test_an_amendment_s_new_price_applies_from_its_effective_date(priced):
    before = _fee(priced, "app", "2026-06")
    after = _fee(priced, "app", "2026-07")
    assert before is not None
    assert after is not None
    assert before.fee.amount == Decimal(1000)
    assert after.fee.amount == Decimal(1250)


def test_no_price_for_a_month_before_every_price_gives_no_fee(priced):
    assert _fee(priced, "app", "2023-12") is None


def test_prices_of_one_service_in_two_currencies_are_refused(priced):
    usd = dataclasses.replace(
        priced.commercial.prices[2],
        clause=dataclasses.replace(priced.commercial.prices[2].clause, id="hosting-usd"),
        amount=Money(Decimal(10), "USD"),
    )
    prices = (*priced.commercial.prices, usd)
    with pytest.raises(PriceError, match="one currency"):
        fee_for_month(prices, (), service="hosting", month=Month(2024, 5), indexes={})
