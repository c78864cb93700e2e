"""Which fee a credit is computed on, and what the credit is worth once capped.

Precedence, everywhere a fee is used (CLI, API, stored statements, dashboard):
1. the fee given explicitly (``--fee "1250.00 EUR"``, ``?fee=``): ``command line``;
2. the fee invoiced for the service and month, from the store (a billing import, or set
   through the API), else the one invoiced for the whole contract: ``invoiced``;
3. the contract's price for the service and month (``commercial.prices``, revised by
   its index clause when index values are known): ``contract price``.
The chosen fee carries its source and trace, which the statement and the JSON show.

Caps in money (``commercial.credit_caps``, and the liability caps of 003/004) bound the
credit after the fee: see ``domain.commercial.credit_caps``. The amount is rounded once,
at the end, after the cap.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from slaledger.domain.commercial.credit_caps import (
    CapLimit,
    CappedCredit,
    cap_credit,
    liability_limit,
    liability_window,
    money_cap_limits,
)
from slaledger.domain.commercial.credit_money import CreditAmount
from slaledger.domain.commercial.indexes import IndexSeries
from slaledger.domain.commercial.money import round_to_minor_unit
from slaledger.domain.commercial.prices import InvoicedFee, fee_for_month, money_message
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.values import Money
from slaledger.domain.message import Items, Message, msg
from slaledger.domain.periods import Month
from slaledger.services.currency import currency_decimals

COMMAND_LINE = "command line"
INVOICED = "invoiced"
CONTRACT_PRICE = "contract price"
FEE_SOURCES = (COMMAND_LINE, INVOICED, CONTRACT_PRICE)
#: each source in words, for a text in the reader's language
FEE_SOURCE_WORDS = {
    COMMAND_LINE: msg("fee.source.command-line"),
    INVOICED: msg("fee.source.invoiced"),
    CONTRACT_PRICE: msg("fee.source.contract-price"),
}


@dataclass(frozen=True)
class ChosenFee:
    """The month's fee, where it came from (one of ``FEE_SOURCES``) and how it was found."""

    fee: Money
    source: str
    trace: tuple[Message, ...] = ()


@dataclass(frozen=True)
class FeeBook:
    """What a fee may come from besides an explicit one: the invoiced fees stored for the
    contract and the index series its price revisions read."""

    invoiced: Sequence[InvoicedFee] = ()
    indexes: Mapping[str, IndexSeries] = dataclasses.field(default_factory=dict)
    _index: dict[tuple[str | None, Month], InvoicedFee] = dataclasses.field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for fee in self.invoiced:
            self._index.setdefault((fee.service, fee.month), fee)

    def invoiced_for(self, service: str | None, month: Month) -> InvoicedFee | None:
        """The fee invoiced for ``service`` in ``month``, else for the whole contract."""
        return self._index.get((service, month)) or self._index.get((None, month))


def choose_fee(
    *,
    contract: Contract,
    service: str | None,
    month: Month,
    explicit: Money | None = None,
    book: FeeBook | None = None,
) -> ChosenFee | None:
    """The fee of ``service`` for ``month`` by the precedence above; None when no fee is
    known (no explicit fee, nothing invoiced, no price in the contract)."""
    if explicit is not None:
        given = msg("fee.trace.given", fee=money_message(explicit))
        return ChosenFee(explicit, COMMAND_LINE, (given,))
    book = book or FeeBook()
    invoiced = book.invoiced_for(service, month)
    if invoiced is not None:
        whose = invoiced.service or msg("fee.trace.whole-contract")
        fee = money_message(invoiced.fee)
        line = (
            msg("fee.trace.invoiced-source", whose=whose, month=str(month), fee=fee,
                source=invoiced.source)
            if invoiced.source
            else msg("fee.trace.invoiced", whose=whose, month=str(month), fee=fee)
        )  # fmt: skip
        return ChosenFee(invoiced.fee, INVOICED, (line,))
    priced = fee_for_month(
        contract.commercial.prices,
        contract.commercial.price_revisions,
        service=service,
        month=month,
        indexes=book.indexes,
    )
    if priced is None:
        return None
    return ChosenFee(priced.fee, CONTRACT_PRICE, priced.trace)


def annual_fee(
    *,
    contract: Contract,
    service: str | None,
    year: int,
    explicit: Money | None = None,
    book: FeeBook | None = None,
) -> Money | None:
    """The fees of ``year``'s twelve months (an explicit monthly fee counts twelve
    times); None when a month has no fee or the months' currencies differ."""
    if explicit is not None:
        return Money(explicit.amount * 12, explicit.currency)
    months = [
        choose_fee(contract=contract, service=service, month=Month(year, m), book=book)
        for m in range(1, 13)
    ]
    if any(m is None for m in months):
        return None
    currencies = {m.fee.currency for m in months if m is not None}
    if len(currencies) != 1:
        return None
    total = sum((m.fee.amount for m in months if m is not None), Decimal(0))
    return Money(total, currencies.pop())


@dataclass(frozen=True)
class PricedCredit:
    """A credit in money: the fee chosen, the amount (capped), the cap that bit, notes."""

    fee: ChosenFee | None
    money: CreditAmount | None
    cap: CappedCredit | None = None
    notes: tuple[Message, ...] = ()

    @property
    def cap_note(self) -> Message | None:
        return None if self.cap is None else self.cap.note


class PricedMoney:
    """The money of a row that carries a ``priced`` credit (or None when unpriced)."""

    priced: PricedCredit | None

    @property
    def amount(self) -> Decimal | None:
        money = None if self.priced is None else self.priced.money
        return None if money is None else money.amount

    @property
    def currency(self) -> str | None:
        money = None if self.priced is None else self.priced.money
        return None if money is None else money.currency

    @property
    def fee_source(self) -> str | None:
        fee = None if self.priced is None else self.priced.fee
        return None if fee is None else fee.source


#: the credit owed earlier for (service, month), in the fee's currency, unrounded
EarlierCredit = Callable[[Month], Decimal | None]


def apply_caps(
    money: CreditAmount,
    *,
    contract: Contract,
    schedule: str,
    service: str | None,
    month: Month,
    explicit: Money | None = None,
    book: FeeBook | None = None,
    earlier: EarlierCredit | None = None,
) -> tuple[CreditAmount, CappedCredit | None, tuple[Message, ...]]:
    """The credit bounded by the contract's caps in money, rounded once after the cap;
    the cap that bit (if any) and notes on the caps that could not be applied.
    ``earlier`` gives the credit already owed in an earlier month (None: unknown)."""
    commercial = contract.commercial
    if money.unrounded is None or money.amount is None:
        return money, None, ()
    if not commercial.credit_caps and not commercial.liability:
        return money, None, ()
    currency = money.currency
    owed = earlier or (lambda _month: None)
    notes: list[Message] = []

    def owed_between(first: Month, last: Month) -> Decimal:
        total, current, unknown = Decimal(0), first, []
        while current <= last:
            value = owed(current)
            if value is None:
                unknown.append(str(current))
            else:
                total += value
            current = current.shift(1)
        if unknown:
            notes.append(msg("credit.note.unknown-credits", months=Items(tuple(unknown), "comma")))
        return total

    in_year = owed_between(Month(month.year, 1), month.shift(-1)) if month.month > 1 else Decimal(0)
    yearly = annual_fee(
        contract=contract, service=service, year=month.year, explicit=explicit, book=book
    )
    limits, cap_notes = money_cap_limits(
        commercial.credit_caps,
        schedule=schedule,
        currency=currency,
        annual_fee=yearly,
        owed_earlier_in_year=in_year,
    )
    notes += cap_notes
    limits += _liability_limits(contract, service, month, currency, explicit, book, owed_between)
    capped = cap_credit(money.unrounded, currency, limits)
    if capped.cap is None:
        return money, None, tuple(notes)
    decimals = currency_decimals(currency)
    amount = round_to_minor_unit(capped.amount, decimals)
    return dataclasses.replace(money, amount=amount, unrounded=capped.amount), capped, tuple(notes)


def _liability_limits(
    contract: Contract,
    service: str | None,
    month: Month,
    currency: str,
    explicit: Money | None,
    book: FeeBook | None,
    owed_between: Callable[[Month, Month], Decimal],
) -> list[CapLimit]:
    limits = []
    for cap in contract.commercial.liability:
        first, last = liability_window(cap, month)
        fees: dict[Month, Money] = {}
        current = first
        while current <= last:
            chosen = choose_fee(
                contract=contract, service=service, month=current, explicit=explicit, book=book
            )
            if chosen is not None and chosen.fee.currency == currency:
                fees[current] = chosen.fee
            current = current.shift(1)
        before = min(last, month.shift(-1))
        already = owed_between(first, before) if first <= before else Decimal(0)
        limits.append(
            liability_limit(cap, breach=month, fees=fees, currency=currency, owed_in_window=already)
        )
    return limits
