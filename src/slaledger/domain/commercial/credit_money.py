"""A credit in money: the percentage of the monthly fee a credit tier gives, as an amount
in the fee's currency.

The amount is computed from the fee and the credit's percentage in full Decimal
precision, then rounded once, at the end, to the currency's minor unit (the number of
decimals is an argument: the domain holds no currency table). The rounding mode is the
schedule's credit rounding mode when it states one, else half up. A credit in days of
subscription has an amount only by the rule the clause states (``day_value``: the monthly
fee divided by N for each day); without one it has none (001's days are carried to the
term's end and "may not be offset in cash").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from slaledger.domain.commercial.money import percent_of, round_to_minor_unit
from slaledger.domain.contract.credits import DayValue, RoundingMode
from slaledger.domain.contract.values import Money
from slaledger.domain.credits import Credit
from slaledger.domain.message import Message, Number, msg

_MODES = {
    RoundingMode.HALF_UP: (ROUND_HALF_UP, msg("rounding.half-up")),
    RoundingMode.HALF_EVEN: (ROUND_HALF_EVEN, msg("rounding.half-even")),
    RoundingMode.DOWN: (ROUND_DOWN, msg("rounding.down")),
    RoundingMode.UP: (ROUND_CEILING, msg("rounding.up")),
}


@dataclass(frozen=True)
class CreditAmount:
    """What a credit is worth: ``amount`` (rounded) in ``currency``, from ``fee``."""

    fee: Money
    amount: Decimal | None  # None: no percentage to apply (days, blank tier, no data, gap)
    unrounded: Decimal | None
    currency: str
    rounding_rule: Message


def credit_amount(
    credit: Credit,
    fee: Money,
    *,
    decimals: int,
    mode: RoundingMode | None = None,
    day_value: DayValue | None = None,
) -> CreditAmount:
    """The credit's amount in ``fee``'s currency, rounded once to ``decimals``; a days
    credit by ``day_value`` (the schedule's), else without an amount."""
    if fee.amount < 0:
        raise ValueError(f"a fee of zero or more, found {fee}")
    rounding, words = _MODES[mode or RoundingMode.HALF_UP]
    rule = msg(
        "money.rounding-rule",
        step=Number(Decimal(1).scaleb(-decimals)),
        currency=fee.currency,
        mode=words,
    )
    if credit.percent is None and credit.days is not None and day_value is not None:
        exact = days_worth(fee.amount, credit.days, day_value)
        amount = round_to_minor_unit(exact, decimals, rounding)
        return CreditAmount(fee, amount, exact, fee.currency, rule)
    if credit.percent is None:
        # a days credit of zero owes nothing in any currency; other days need a day value
        nothing = Decimal(0) if credit.days is not None and credit.days == 0 else None
        zero = None if nothing is None else round_to_minor_unit(nothing, decimals, rounding)
        return CreditAmount(fee, zero, nothing, fee.currency, rule)
    exact = percent_of(fee.amount, credit.percent)
    return CreditAmount(
        fee=fee,
        amount=round_to_minor_unit(exact, decimals, rounding),
        unrounded=exact,
        currency=fee.currency,
        rounding_rule=rule,
    )


def days_worth(fee: Decimal, days: Decimal, day_value: DayValue) -> Decimal:
    """``days`` of credit in money, unrounded: each day the monthly fee divided as stated."""
    return fee * days / day_value.monthly_fee_divided_by
