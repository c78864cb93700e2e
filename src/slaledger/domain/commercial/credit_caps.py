"""Caps on credits in money: per month, per calendar year, a percentage of the annual fee,
and the liability caps of PREVISOFT (003) and IMRI (004).

A cap bounds the credits owed over its period: what a month's credit may still add is the
cap less the credits already owed in that period (earlier months of the year for a yearly
cap; the liability window for a liability cap). The lowest room left wins; the result
names the cap and its clause when it bites. Amounts stay unrounded here: the credit is
rounded once, at the end, by the caller (``credit_money``'s rule).

Liability caps in money:
- PREVISOFT 11.3 (``fees-paid-preceding-12-months``): the price paid in the twelve months
  before the breach; from the fees: the twelve months before the breach's month.
- IMRI (``fees-invoiced-current-year``): the sums invoiced in the breach's year; from the
  fees: January to the breach's month.
(``liability.liability_cap`` reads the same from invoices when they are given.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from slaledger.domain.commercial.money import HUNDRED
from slaledger.domain.contract.commercial import CapBasis, CapPer, CreditCapMoney, LiabilityCap
from slaledger.domain.contract.values import Money
from slaledger.domain.message import Message, Number, Param, Percent, msg
from slaledger.domain.periods import Month


@dataclass(frozen=True)
class CapLimit:
    """One cap on the month's credit: ``limit`` over its period, ``already`` owed in it."""

    kind: str  # month, year, percent-of-annual-fee, liability
    clause_id: str
    article: str
    limit: Decimal
    currency: str
    already: Decimal
    detail: Message

    @property
    def room(self) -> Decimal:
        return max(Decimal(0), self.limit - self.already)


@dataclass(frozen=True)
class CappedCredit:
    amount: Decimal
    uncapped: Decimal
    currency: str
    cap: CapLimit | None  # the cap that bit, if one did
    limits: tuple[CapLimit, ...]

    @property
    def note(self) -> Message | None:
        """How the cap bit: "capped by cap-month (art. 8): at most 300 EUR per calendar
        month; 300 EUR less 0 already owed leaves 300, not 500.00 EUR"."""
        if self.cap is None:
            return None
        cap = self.cap
        figures: dict[str, Param] = {
            "clause": cap.clause_id,
            "detail": cap.detail,
            "limit": _money(cap.limit, cap.currency),
            "already": Number(cap.already, money=True),
            "room": Number(cap.room, money=True),
            "uncapped": _money(self.uncapped, self.currency),
        }
        if cap.article:
            return msg("cap.note-article", article=cap.article, **figures)
        return msg("cap.note", **figures)


def _money(amount: Decimal, currency: str) -> Message:
    return msg("fee.money", amount=Number(amount, money=True), currency=currency)


def cap_credit(amount: Decimal, currency: str, limits: Sequence[CapLimit]) -> CappedCredit:
    """``amount`` bounded by the room each cap leaves; the tightest cap that bites wins."""
    for limit in limits:
        if limit.currency != currency:
            raise ValueError(
                f"cap {limit.clause_id} in {currency}, found {limit.currency}: "
                "amounts in different currencies are never compared"
            )
    biting = [c for c in limits if c.room < amount]
    if not biting:
        return CappedCredit(amount, amount, currency, None, tuple(limits))
    tightest = min(biting, key=lambda c: c.room)
    return CappedCredit(tightest.room, amount, currency, tightest, tuple(limits))


def money_cap_limits(
    caps: Sequence[CreditCapMoney],
    *,
    schedule: str,
    currency: str,
    annual_fee: Money | None,
    owed_earlier_in_year: Decimal,
) -> tuple[list[CapLimit], list[Message]]:
    """The contract's caps in money that bound ``schedule``'s credit, and notes for the
    caps that cannot be applied (a percentage of an unknown annual fee, another currency)."""
    limits: list[CapLimit] = []
    notes: list[Message] = []
    for cap in caps:
        if cap.schedule is not None and cap.schedule != schedule:
            continue
        already = owed_earlier_in_year if cap.per is CapPer.YEAR else Decimal(0)
        period = msg("cap.period.month") if cap.per is CapPer.MONTH else msg("cap.period.year")
        if cap.amount is not None:
            if cap.amount.currency != currency:
                notes.append(
                    msg(
                        "credit.note.cap-currency",
                        cap=cap.clause.id,
                        currency=cap.amount.currency,
                        wanted=currency,
                    )
                )
                continue
            limits.append(
                CapLimit(
                    cap.per.value,
                    cap.clause.id,
                    cap.clause.articles,
                    cap.amount.amount,
                    currency,
                    already,
                    msg(
                        "cap.detail.amount",
                        amount=_money(cap.amount.amount, cap.amount.currency),
                        period=period,
                    ),
                )
            )
            continue
        assert cap.percent_of_annual_fee is not None
        if annual_fee is None or annual_fee.currency != currency:
            notes.append(msg("credit.note.cap-no-annual-fee", cap=cap.clause.id))
            continue
        limit = annual_fee.amount * cap.percent_of_annual_fee / HUNDRED
        limits.append(
            CapLimit(
                "percent-of-annual-fee",
                cap.clause.id,
                cap.clause.articles,
                limit,
                currency,
                already,
                msg(
                    "cap.detail.percent",
                    percent=Percent(cap.percent_of_annual_fee),
                    fee=_money(annual_fee.amount, annual_fee.currency),
                    period=period,
                ),
            )
        )
    return limits, notes


def liability_window(cap: LiabilityCap, breach: Month) -> tuple[Month, Month]:
    """The months whose fees make the liability cap for a breach in ``breach``."""
    if cap.basis is CapBasis.FEES_PAID_PRECEDING_12_MONTHS:
        return breach.shift(-12), breach.shift(-1)
    return Month(breach.year, 1), breach


def liability_limit(
    cap: LiabilityCap,
    *,
    breach: Month,
    fees: Mapping[Month, Money],
    currency: str,
    owed_in_window: Decimal,
) -> CapLimit:
    """The liability cap in money from the months' fees (paid or invoiced) of its window."""
    first, last = liability_window(cap, breach)
    counted = [fees[m] for m in sorted(fees) if first <= m <= last]
    others = {m.currency for m in counted} - {currency}
    if others:
        raise ValueError(f"liability cap {cap.clause.id}: fees in {currency}, found {others}")
    total = sum((m.amount for m in counted), Decimal(0))
    window: dict[str, Param] = {"first": str(first), "last": str(last), "months": len(counted)}
    detail = (
        msg("cap.detail.liability-preceding-12-months", **window)
        if cap.basis is CapBasis.FEES_PAID_PRECEDING_12_MONTHS
        else msg("cap.detail.liability-current-year", **window)
    )
    return CapLimit(
        "liability", cap.clause.id, cap.clause.articles, total, currency, owed_in_window, detail
    )
