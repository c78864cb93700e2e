"""Volume variation, restitution fees and liability caps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from slaledger.domain.commercial.fees import day_fee
from slaledger.domain.commercial.liability import liability_cap
from slaledger.domain.commercial.payments import Invoice
from slaledger.domain.commercial.volumes import volume_findings
from slaledger.domain.periods import Month

JANUARY_2024 = Month(2024, 1)


def _months(*volumes: int) -> list[tuple[Month, Decimal]]:
    return [(JANUARY_2024.shift(i), Decimal(v)) for i, v in enumerate(volumes)]


@pytest.mark.parametrize(
    ("volumes", "reached"),
    [
        ((100, 125, 130, 121), [Month(2024, 4)]),  # 3 months at 120 % or more: new offer
        ((100, 125, 130, 110), []),  # two months only
        ((120, 120, 120), [Month(2024, 3)]),  # exactly 120 % is "égal ou supérieur"
        ((119, 119, 119, 119), []),
        ((125, 110, 125, 125), []),  # the run restarts after a dip
    ],
)
def test_previsoft_asks_a_new_offer_after_more_than_two_months_at_120_percent(
    seeds, volumes, reached
):
    variation = seeds["003"].commercial.volume_variation[0]
    findings = volume_findings(variation, contracted=Decimal(100), observed=_months(*volumes))
    assert [f.reached_in for f in findings] == reached
    assert all(f.effect == "new-offer" for f in findings)


@pytest.mark.parametrize(
    ("engineer_days", "billed", "amount"),
    [
        ("3", "4", "3560.00"),  # billed by blocks of two engineer-days
        ("4", "4", "3560.00"),
        ("0.5", "2", "1780.00"),
        ("0", "0", "0.00"),
    ],
)
def test_imri_bills_data_restitution_by_two_engineer_days(seeds, engineer_days, billed, amount):
    fee = seeds["004"].commercial.fees[0]
    result = day_fee(fee, engineer_days=Decimal(engineer_days))
    assert (result.billed_days, result.amount) == (Decimal(billed), Decimal(amount))
    assert result.currency == "EUR"


INVOICES = [
    Invoice("A", date(2023, 12, 1), Decimal(1000), paid=date(2024, 3, 14)),  # before the 12 months
    Invoice("B", date(2024, 3, 1), Decimal(2000), paid=date(2024, 3, 15)),  # first day in
    Invoice("C", date(2024, 12, 1), Decimal(4000), paid=date(2025, 3, 14)),  # last day in
    Invoice("D", date(2025, 3, 1), Decimal(8000), paid=date(2025, 3, 15)),  # the breach's day
    Invoice("E", date(2025, 1, 10), Decimal(500)),  # unpaid
]


def test_previsofts_cap_is_the_price_paid_in_the_12_months_before_the_breach(seeds):
    cap = liability_cap(
        seeds["003"].commercial.liability[0], invoices=INVOICES, breach=date(2025, 3, 15)
    )
    assert (cap.first, cap.last) == (date(2024, 3, 15), date(2025, 3, 14))
    assert cap.invoices == ("B", "C")
    assert cap.cap == Decimal("6000.00")


def test_imris_cap_is_what_was_invoiced_in_the_current_year(seeds):
    cap = liability_cap(
        seeds["004"].commercial.liability[0], invoices=INVOICES, breach=date(2025, 3, 15)
    )
    assert cap.invoices == ("D", "E")
    assert cap.cap == Decimal("8500.00")
