"""The priced items and caps in money of ``commercial:``, and their loading errors."""

from __future__ import annotations

import textwrap

import pytest

from slaledger.adapters.files.contract_file import load_contract_text
from slaledger.adapters.files.problems import InputError
from slaledger.domain.contract.credits import DayValue
from tests.conftest import ROOT

from .test_loading_errors import HEADER


def _problems(body: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_contract_text(HEADER + textwrap.dedent(body), "tiny.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_price_in_an_unknown_currency_is_refused_naming_the_field():
    problems = _problems(
        """\
        commercial:
          prices:
            - id: fee
              amount: {amount: 10, currency: XYZ}
              per: month
              source: {quote: "10 a month"}
        """
    )
    assert any("commercial.prices[0]" in p and "ISO 4217" in p and "XYZ" in p for p in problems)


def test_a_price_revised_by_an_unknown_clause_is_refused():
    problems = _problems(
        """\
        commercial:
          prices:
            - id: fee
              amount: {amount: 10, currency: EUR}
              per: year
              revised_by: nowhere
              source: {quote: "10 a year"}
        """
    )
    assert any("revised_by" in p and "nowhere" in p for p in problems)


def test_a_negative_price_is_refused():
    problems = _problems(
        """\
        commercial:
          prices:
            - id: fee
              amount: {amount: -10, currency: EUR}
              per: quarter
              source: {quote: "a quarter"}
        """
    )
    assert any("a price of zero or more" in p for p in problems)


def test_a_cap_in_money_gives_an_amount_or_a_percentage_not_both():
    problems = _problems(
        """\
        commercial:
          credit_caps:
            - id: cap
              per: year
              amount: {amount: 10, currency: EUR}
              percent_of_annual_fee: 5
              source: {quote: "capped"}
        """
    )
    assert any("either amount or percent_of_annual_fee" in p for p in problems)


def test_a_quarterly_price_loads_with_its_period():
    loaded = load_contract_text(
        HEADER
        + textwrap.dedent(
            """\
            commercial:
              prices:
                - id: fee
                  amount: {amount: 900, currency: EUR}
                  per: quarter
                  source: {quote: "900 a quarter"}
            """
        )
    )
    price = loaded.contract.commercial.prices[0]
    assert (price.per.months, str(price.amount)) == (3, "900 EUR")


DAY_VALUE = "    day_value: {monthly_fee_divided_by: 30}\n"


@pytest.mark.parametrize(
    ("seed", "after", "expected"),
    [
        ("000-ipfolio", "    unit: percent-of-fee\n", "a day value only in a days-of-"),
        ("001-saas-annexes", "    settlement: carried-to-term-end\n", "never paid in money"),
    ],
)
def test_a_day_value_is_refused_where_days_are_not_paid_in_money(seed, after, expected):
    text = (ROOT / "examples" / "contracts" / f"{seed}.yaml").read_text(encoding="utf-8")
    assert after in text
    with pytest.raises(InputError) as caught:
        load_contract_text(text.replace(after, after + DAY_VALUE), f"{seed}.yaml")
    found = [str(p) for p in caught.value.problems]
    assert any("credits[0]" in p and expected in p for p in found), found


def test_a_day_value_of_an_invoiced_days_credit_loads():
    text = (ROOT / "examples" / "contracts" / "001-saas-annexes.yaml").read_text(encoding="utf-8")
    settled = "    settlement: invoice-credit\n"
    text = text.replace("    settlement: carried-to-term-end\n", settled + DAY_VALUE)
    schedule = load_contract_text(text, "001.yaml").contract.credits[0]
    assert schedule.day_value == DayValue(30)
