"""The fee of a service for a month, from the contract's priced items (``commercial.prices``).

Which price: the versions of each price clause in force on the month's first day (an
amendment's new price from its effective date); a service's own prices, else the prices
of the whole contract (``service`` left out). Several items that apply are added up; they
must share one currency (amounts in different currencies are never added).

The month's share: the price of a month, a third of a quarter's, a twelfth of a year's,
kept in full Decimal precision (the credit is rounded once, at the end).

Revision: a price with ``revised_by`` is revised, for each calendar year after the one
its version took effect in, by that price revision clause (``revision.revise_price``:
PREVISOFT's SYNTEC formula with its 2 % floor, IMRI's on 1 January), each year from the
price of the year before. A year whose index value is not known keeps the price of the
year before, and the trace says so: no index value is ever guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from slaledger.domain.commercial.indexes import IndexSeries, MissingIndexError
from slaledger.domain.commercial.revision import revise_price, revision_day_for
from slaledger.domain.contract.clause import in_force
from slaledger.domain.contract.commercial import Price, PriceRevision
from slaledger.domain.contract.values import Blank, Money
from slaledger.domain.message import Message, Number, Param, msg
from slaledger.domain.periods import Month


class PriceError(ValueError):
    """The contract's prices cannot give the month's fee (mixed currencies, a revision
    clause that does not exist)."""


@dataclass(frozen=True)
class InvoicedFee:
    """The fee invoiced for a contract's ``service`` (None: the whole contract) and
    ``month``, as a billing export gives it; ``source`` names where it was read."""

    contract: str
    service: str | None
    month: Month
    fee: Money
    source: str = ""
    row: int = 0  # the billing file's row (1 = the first data row), 0: not from a file


@dataclass(frozen=True)
class ItemFee:
    """One priced item's share of the month, and how it was reached."""

    clause_id: str
    article: str
    service: str | None
    price: Money  # the price per ``per`` in force for the month, revised
    per: str
    share: Money  # the month's share, unrounded
    trace: tuple[Message, ...]


@dataclass(frozen=True)
class MonthFee:
    """The fee of ``service`` for ``month`` and its origin, item by item."""

    service: str | None
    month: Month
    fee: Money
    items: tuple[ItemFee, ...]

    @property
    def trace(self) -> tuple[Message, ...]:
        return tuple(line for item in self.items for line in item.trace)


#: "per year", "par an": the period a price is stated for
_PER = {
    "month": msg("fee.per.month"),
    "quarter": msg("fee.per.quarter"),
    "year": msg("fee.per.year"),
}


def money_message(money: Money) -> Message:
    """An amount and its currency, every digit kept ("24000 EUR", "24 000 EUR")."""
    return msg("fee.money", amount=_amount(money.amount), currency=money.currency)


def _amount(amount: Decimal) -> Number:
    return Number(amount, money=True)


def fee_for_month(
    prices: Sequence[Price],
    revisions: Sequence[PriceRevision],
    *,
    service: str | None,
    month: Month,
    indexes: Mapping[str, IndexSeries],
) -> MonthFee | None:
    """The fee of ``service`` (None: the contract's) for ``month``, or None when no price
    applies (or every price that applies is left blank in the text)."""
    first = date(month.year, month.month, 1)
    current = in_force(prices, first)
    own = [p for p in current if service is not None and p.service == service]
    chosen = own or [p for p in current if p.service is None]
    items = [_item(p, revisions, month, indexes) for p in chosen if not isinstance(p.amount, Blank)]
    if not items:
        return None
    currencies = sorted({i.share.currency for i in items})
    if len(currencies) > 1:
        names = ", ".join(i.clause_id for i in items)
        raise PriceError(f"prices {names} of one service in one currency, found {currencies}")
    total = sum((i.share.amount for i in items), Decimal(0))
    return MonthFee(service, month, Money(total, currencies[0]), tuple(items))


def _item(
    price: Price,
    revisions: Sequence[PriceRevision],
    month: Month,
    indexes: Mapping[str, IndexSeries],
) -> ItemFee:
    assert isinstance(price.amount, Money)
    start = price.clause.effective_from
    label = (
        msg("fee.trace.price-article", clause=price.clause.id, article=price.clause.articles)
        if price.clause.articles
        else msg("fee.trace.price-clause", clause=price.clause.id)
    )
    per = _PER[price.per.value]
    stated = money_message(price.amount)
    trace = [
        msg("fee.trace.price-from", label=label, price=stated, per=per, day=start.isoformat())
        if start
        else msg("fee.trace.price", label=label, price=stated, per=per)
    ]
    amount = price.amount.amount
    if price.revised_by is not None:
        amount = _revised(price, revisions, month, indexes, trace)
    share = amount / price.per.months
    if price.per.months > 1:
        trace.append(
            msg("fee.trace.share-year", price=_amount(amount), months=price.per.months)
            if price.per.months == 12
            else msg("fee.trace.share-quarter", price=_amount(amount), months=price.per.months)
        )
    return ItemFee(
        clause_id=price.clause.id,
        article=price.clause.articles,
        service=price.service,
        price=Money(amount, price.amount.currency),
        per=price.per.value,
        share=Money(share, price.amount.currency),
        trace=tuple(trace),
    )


def _revised(
    price: Price,
    revisions: Sequence[PriceRevision],
    month: Month,
    indexes: Mapping[str, IndexSeries],
    trace: list[Message],
) -> Decimal:
    assert isinstance(price.amount, Money)
    amount = price.amount.amount
    start = price.clause.effective_from
    if start is None:
        trace.append(msg("fee.trace.no-effective-date", clause=str(price.revised_by)))
        return amount
    for year in range(start.year + 1, month.year + 1):
        on = date(year, 1, 1)
        chosen = [r for r in in_force(revisions, on) if r.clause.id == price.revised_by]
        if not chosen:
            if not any(r.clause.id == price.revised_by for r in revisions):
                raise PriceError(
                    f"price {price.clause.id}: revised_by a price revision clause, "
                    f"found {price.revised_by!r}"
                )
            continue
        revision = chosen[0]
        if revision_day_for(revision.on, year) <= start:
            continue  # the stated price already is the price of that year
        series = indexes.get(revision.index)
        if series is None:
            trace.append(
                msg(
                    "fee.trace.no-index",
                    year=str(year),
                    clause=revision.clause.id,
                    index=revision.index,
                    price=_amount(amount),
                )
            )
            continue
        try:
            revised = revise_price(revision, year=year, base_price=amount, series=series)
        except MissingIndexError as exc:
            trace.append(
                msg(
                    "fee.trace.index-missing",
                    year=str(year),
                    clause=revision.clause.id,
                    missing=exc.message,
                    price=_amount(amount),
                )
            )
            continue
        figures: dict[str, Param] = {
            "year": str(year),
            "clause": revision.clause.id,
            "day": revised.revision_day.isoformat(),
            "formula": revised.formula,
            "index": revision.index,
            "new": Number(revised.index_new.value),
            "new_period": str(revised.index_new.period),
            "old": Number(revised.index_old.value),
            "old_period": str(revised.index_old.period),
            "before": _amount(amount),
            "after": _amount(revised.price),
        }
        trace.append(
            msg("fee.trace.revised-floor", **figures)
            if revised.floor_applied
            else msg("fee.trace.revised", **figures)
        )
        amount = revised.price
    return amount
