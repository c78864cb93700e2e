"""Yearly price revision by an index, with PREVISOFT's 2 % floor.

PREVISOFT (003): ``T(N+1) = T(N) x S(October N) / S(October N-1)``, or +2 % when the
index rose less. IMRI (004): ``P1 = P0 x S1 / S0`` on 1 January. Both are the contract
file's formula over ``price``, ``index_new`` and ``index_old``.

Which revision sets the price of a year: the last revision day on or before 1 January
of that year (1 October N for PREVISOFT's year N+1, 1 January N+1 for IMRI's). The new
index is the one known on that day, the old one the one known on the revision day a
year before (see ``indexes``). The floor compares the price the formula gives with the
base price raised by the floor; ``upward_only`` keeps a falling index from lowering the
price. The price is rounded once, to the cent, half up.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from slaledger.domain.commercial.indexes import IndexPoint, IndexSeries
from slaledger.domain.commercial.money import HUNDRED, round_money
from slaledger.domain.contract.commercial import PriceRevision
from slaledger.domain.contract.values import MonthDay


@dataclass(frozen=True)
class RevisedPrice:
    clause_id: str
    article: str
    index: str
    year: int
    revision_day: date
    base_price: Decimal
    price: Decimal
    formula: str
    by_formula: Decimal
    index_new: IndexPoint
    index_old: IndexPoint
    floor_percent: Decimal | None
    floor_applied: bool
    upward_only_applied: bool

    @property
    def change_percent(self) -> Decimal:
        """The index's change in percent, unrounded."""
        return (self.index_new.value / self.index_old.value - 1) * HUNDRED


def revision_day_for(on: MonthDay, year: int) -> date:
    """The revision that sets the price of ``year``: the last one by 1 January ``year``."""
    if (on.month, on.day) == (1, 1):
        return date(year, 1, 1)
    last = _cal.monthrange(year - 1, on.month)[1]
    return date(year - 1, on.month, min(on.day, last))


def revise_price(
    revision: PriceRevision, *, year: int, base_price: Decimal, series: IndexSeries
) -> RevisedPrice:
    """The price of ``year`` from the price of the year before (MissingIndexError names
    the month that is missing)."""
    day = revision_day_for(revision.on, year)
    previous = revision_day_for(revision.on, year - 1)
    new = series.value_at(day)
    old = series.value_at(previous)
    by_formula = revision.formula.evaluate(
        {"price": base_price, "index_new": new.value, "index_old": old.value}
    )
    price = by_formula
    floor_applied = False
    if revision.floor_percent is not None:
        minimum = base_price * (1 + revision.floor_percent / HUNDRED)
        if price < minimum:
            price, floor_applied = minimum, True
    upward_applied = False
    if revision.upward_only and price < base_price:
        price, upward_applied = base_price, True
    return RevisedPrice(
        clause_id=revision.clause.id,
        article=revision.clause.article,
        index=revision.index,
        year=year,
        revision_day=day,
        base_price=base_price,
        price=round_money(price),
        formula=revision.formula.expression,
        by_formula=by_formula,
        index_new=new,
        index_old=old,
        floor_percent=revision.floor_percent,
        floor_applied=floor_applied,
        upward_only_applied=upward_applied,
    )
