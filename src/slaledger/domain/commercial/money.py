"""Money: Decimal amounts and the one rounding rule for amounts owed.

Rule: every amount a computation returns is rounded once, at the end, to the cent
(0.01) with ROUND_HALF_UP, the rounding of French commercial practice. Intermediate
values (index ratios, daily interest) keep full Decimal precision (28 digits).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ROUNDING_RULE = "rounded once, at the end, to 0.01 half up"


def round_money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return amount * percent / HUNDRED


def round_to_minor_unit(amount: Decimal, decimals: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``amount`` rounded once to a currency's minor unit (``decimals``: 2 for EUR, 0 for JPY)."""
    return amount.quantize(Decimal(1).scaleb(-decimals), rounding=rounding)
