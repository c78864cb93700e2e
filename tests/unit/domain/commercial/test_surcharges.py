"""IMRI's equipment-age surcharge, with the exact boundaries the file states."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from slaledger.domain.commercial.surcharges import age_in_years, equipment_surcharge

IN_SERVICE = date(2021, 3, 15)


@pytest.mark.parametrize(
    ("on", "percent", "in_a_bracket"),
    [
        (date(2024, 3, 15), "0", True),  # exactly 3 years: "3 years or less"
        (date(2024, 3, 16), "10", True),  # more than 3 years
        (date(2025, 3, 14), "10", True),  # the last day under 4 years
        (date(2025, 3, 15), "0", False),  # exactly 4 years: in no bracket, as written
        (date(2025, 3, 16), "20", True),
        (date(2026, 3, 15), "0", False),  # exactly 5 years: in no bracket either
        (date(2027, 1, 1), "30", True),
    ],
)
def test_equipment_age_selects_its_surcharge_bracket(seeds, on, percent, in_a_bracket):
    surcharge = seeds["004"].commercial.surcharges[0]
    result = equipment_surcharge(surcharge, in_service=IN_SERVICE, on=on, price=Decimal(200))
    assert result.percent == Decimal(percent)
    assert result.in_a_bracket is in_a_bracket
    assert result.amount == Decimal(200) * Decimal(percent) / 100


def test_an_age_is_exact_to_the_day():
    assert age_in_years(IN_SERVICE, date(2025, 3, 15)) == Decimal(4)
    assert age_in_years(date(2024, 1, 1), date(2024, 7, 2)) == Decimal(183) / Decimal(366)


def test_equipment_put_in_service_on_29_february_ages_on_28_february():
    assert age_in_years(date(2020, 2, 29), date(2021, 2, 28)) == Decimal(1)
