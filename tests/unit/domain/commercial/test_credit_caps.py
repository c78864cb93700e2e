"""Caps on credits in money: per month, per year, a share of the annual fee, liability."""

from __future__ import annotations

from decimal import Decimal

import pytest

from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.i18n import english, render
from slaledger.domain.commercial.credit_caps import (
    CapLimit,
    cap_credit,
    liability_limit,
    liability_window,
    money_cap_limits,
)
from slaledger.domain.contract.values import Money
from slaledger.domain.message import msg
from slaledger.domain.periods import Month
from tests.conftest import ROOT

PRICED = ROOT / "tests" / "fixtures" / "contracts" / "priced.yaml"
EUR = "EUR"


def _limit(limit: str, already: str = "0", clause: str = "cap") -> CapLimit:
    return CapLimit(
        "month", clause, "8", Decimal(limit), EUR, Decimal(already), msg("cap.period.month")
    )


def test_a_credit_under_every_cap_is_owed_whole():
    capped = cap_credit(Decimal("120"), EUR, [_limit("300")])
    assert (capped.amount, capped.cap, capped.note) == (Decimal("120"), None, None)


def test_the_tightest_cap_bites_and_is_named_with_its_clause():
    capped = cap_credit(Decimal("500"), EUR, [_limit("300", clause="a"), _limit("400", "250", "b")])
    assert capped.amount == Decimal("150")
    assert capped.cap is not None
    assert capped.cap.clause_id == "b"
    assert capped.note is not None
    assert english(capped.note) == (
        "capped by b (art. 8): calendar month; 400 EUR less 250 already owed leaves 150, "
        "not 500 EUR"
    )
    assert render(capped.note, "fr") == (
        "plafonné par b (art. 8)\u00a0: mois civil\u00a0; 400\u00a0EUR moins 250 déjà dû "
        "laisse 150, et non 500\u00a0EUR"
    )


def test_a_yearly_cap_already_used_up_leaves_nothing():
    capped = cap_credit(Decimal("10"), EUR, [_limit("100", "130")])
    assert capped.amount == Decimal(0)


def test_a_cap_in_another_currency_is_refused():
    limit = CapLimit("month", "cap", "", Decimal(1), "USD", Decimal(0), "")
    with pytest.raises(ValueError, match="different currencies"):
        cap_credit(Decimal(1), EUR, [limit])


def test_the_contract_s_caps_per_month_and_percent_of_annual_fee_become_limits():
    caps = load_contract(PRICED).contract.commercial.credit_caps
    limits, notes = money_cap_limits(
        caps,
        schedule="credits",
        currency=EUR,
        annual_fee=Money(Decimal(12000), EUR),
        owed_earlier_in_year=Decimal(400),
    )
    assert notes == []
    month, year = limits
    assert (month.limit, month.already) == (Decimal(300), Decimal(0))
    assert (year.kind, year.limit, year.already) == (
        "percent-of-annual-fee", Decimal(600), Decimal(400)
    )  # fmt: skip
    assert cap_credit(Decimal(250), EUR, limits).amount == Decimal(200)


def test_a_percent_cap_without_an_annual_fee_is_noted_not_guessed():
    caps = load_contract(PRICED).contract.commercial.credit_caps
    limits, notes = money_cap_limits(
        caps, schedule="credits", currency=EUR, annual_fee=None, owed_earlier_in_year=Decimal(0)
    )
    assert [c.clause_id for c in limits] == ["cap-month"]
    assert "annual fee is not known" in english(notes[0])


def test_previsoft_s_liability_cap_counts_the_12_months_before_the_breach(seeds):
    cap = seeds["003"].commercial.liability[0]
    assert liability_window(cap, Month(2025, 3)) == (Month(2024, 3), Month(2025, 2))
    fees = {Month(2024, m): Money(Decimal(100), EUR) for m in range(1, 13)}
    fees[Month(2025, 3)] = Money(Decimal(999), EUR)
    limit = liability_limit(cap, breach=Month(2025, 3), fees=fees, currency=EUR,
                            owed_in_window=Decimal(0))  # fmt: skip
    assert limit.limit == Decimal(1000)  # March to December 2024, not the breach's month
    assert limit.clause_id == cap.clause.id


def test_imri_s_liability_cap_counts_the_sums_invoiced_in_the_year_so_far(seeds):
    cap = seeds["004"].commercial.liability[0]
    fees = {Month(2025, m): Money(Decimal(100), EUR) for m in range(1, 13)}
    limit = liability_limit(cap, breach=Month(2025, 4), fees=fees, currency=EUR,
                            owed_in_window=Decimal(350))  # fmt: skip
    assert (limit.limit, limit.room) == (Decimal(400), Decimal(50))
