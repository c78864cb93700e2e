"""Surcharges by brackets of a quantity: IMRI's equipment-age surcharge.

An equipment's age is exact: whole years since it entered service, plus the fraction of
the current year (days elapsed over the days of that year of age). Equipment put in
service on 15 March 2021 is exactly 4 years old on 15 March 2025, so the file's bracket
bounds decide: "more than 3 and less than 4 years" contains neither 3 nor 4. An
anniversary of 29 February falls on 28 February in other years.

An age no bracket contains gives no surcharge and says so (``bracket`` is None): that is
what the text literally gives; the linter reports the gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from slaledger.domain.commercial.money import percent_of, round_money
from slaledger.domain.contract.commercial import Bracket, Surcharge
from slaledger.domain.contract.values import Blank
from slaledger.domain.obligations.dates import add_months


@dataclass(frozen=True)
class SurchargeResult:
    clause_id: str
    article: str
    age_years: Decimal
    bracket: Bracket | None
    percent: Decimal
    amount: Decimal | None

    @property
    def in_a_bracket(self) -> bool:
        return self.bracket is not None


def age_in_years(since: date, on: date) -> Decimal:
    """Exact age in years: whole years, then the elapsed fraction of the next one."""
    if on < since:
        raise ValueError(f"{on} is before {since}")
    years = on.year - since.year
    if add_months(since, 12 * years) > on:
        years -= 1
    anniversary = add_months(since, 12 * years)
    following = add_months(since, 12 * (years + 1))
    fraction = Decimal((on - anniversary).days) / Decimal((following - anniversary).days)
    return Decimal(years) + fraction


def equipment_surcharge(
    surcharge: Surcharge, *, in_service: date, on: date, price: Decimal | None = None
) -> SurchargeResult:
    """The surcharge percentage for equipment put in service on ``in_service``, on ``on``;
    with ``price``, the surcharge amount too (rounded to the cent)."""
    age = age_in_years(in_service, on)
    found = [b for b in surcharge.brackets if b.range.contains(age)]
    if len(found) > 1:
        raise ValueError(
            f"clause {surcharge.clause.id}: brackets {found[0].range} and {found[1].range} "
            f"both contain {age} years"
        )
    bracket = found[0] if found else None
    percent = Decimal(0)
    if bracket is not None:
        if isinstance(bracket.percent, Blank):
            raise ValueError(f"clause {surcharge.clause.id}: bracket {bracket.range} is blank")
        percent = bracket.percent or Decimal(0)
    amount = None if price is None else round_money(percent_of(price, percent))
    return SurchargeResult(
        surcharge.clause.id, surcharge.clause.article, age, bracket, percent, amount
    )
