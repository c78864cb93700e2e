"""Fees by the day: IMRI's data restitution at 890 EUR excl. tax per engineer-day,
billed by blocks of two engineer-days.

The work is counted in engineer-days (days x engineers) and rounded up to the next
whole block: 3 engineer-days are billed as 4, 4 as 4, 0.5 as 2. The block is the fee
clause's ``minimum`` (IMRI: 2 days); without one, each started day is billed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from slaledger.domain.commercial.money import round_money
from slaledger.domain.contract.commercial import Fee
from slaledger.domain.contract.values import Blank, TimeUnit


@dataclass(frozen=True)
class FeeResult:
    clause_id: str
    article: str
    engineer_days: Decimal
    billed_days: Decimal
    rate: Decimal
    currency: str
    amount: Decimal


def billing_block(fee: Fee) -> Decimal:
    if fee.minimum is None:
        return Decimal(1)
    if fee.minimum.unit is not TimeUnit.DAY:
        raise ValueError(f"clause {fee.clause.id}: a billing block in days, not '{fee.minimum}'")
    return fee.minimum.amount


def day_fee(fee: Fee, *, engineer_days: Decimal) -> FeeResult:
    if isinstance(fee.amount, Blank):
        raise ValueError(f"clause {fee.clause.id}: the fee's amount is blank")
    if engineer_days < 0:
        raise ValueError("engineer-days of zero or more")
    block = billing_block(fee)
    blocks = math.ceil(engineer_days / block)
    billed = block * blocks
    return FeeResult(
        clause_id=fee.clause.id,
        article=fee.clause.article,
        engineer_days=engineer_days,
        billed_days=billed,
        rate=fee.amount.amount,
        currency=fee.amount.currency,
        amount=round_money(billed * fee.amount.amount),
    )
