"""Commercial terms: prices and their revision, payment, penalties, surcharges, volumes,
licence periods, initial term and renewal, liability and claim limits."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.formula import Formula
from slaledger.domain.contract.obligations import Deadline
from slaledger.domain.contract.parties import Party
from slaledger.domain.contract.ranges import Range, RangeKind
from slaledger.domain.contract.values import Blank, Duration, Money, MonthDay


@dataclass(frozen=True)
class Bracket:
    """One bracket of a schedule: a range of some quantity and what it gives."""

    range: Range
    percent: Decimal | Blank | None = None
    effect: str | None = None
    where: str = field(default="", compare=False)


@dataclass(frozen=True)
class PriceRevision:
    """A yearly revision by an index; ``floor_percent`` is the minimum increase applied
    when the index rises less (PREVISOFT: 2 %). ``notified_by`` owes the customer the
    revised prices in the revision's month (PREVISOFT 7.2: "notification au Client par
    LDL des tarifs N+1" in October); without it, the revision is a right of the provider."""

    clause: ClauseInfo
    index: str
    on: MonthDay
    formula: Formula
    floor_percent: Decimal | None = None
    upward_only: bool = False
    notified_by: tuple[Party, ...] = ()


class Billing(enum.Enum):
    IN_ADVANCE = "in-advance"
    IN_ARREARS = "in-arrears"


@dataclass(frozen=True)
class PaymentTerms:
    clause: ClauseInfo
    billing: Billing
    due: Deadline | None = None
    schedule: str | None = None
    discount: bool = False


class LegalRateDate(enum.Enum):
    """Which day's legal rate the interest uses.

    ``quote-date``: the rate in force on the day the quote was issued, for every day of
    lateness (PREVISOFT 7.4: "en vigueur à la date d'émission du devis");
    ``each-day``: the rate in force on each day of lateness (a clause that fixes no date).
    """

    QUOTE_DATE = "quote-date"
    EACH_DAY = "each-day"


@dataclass(frozen=True)
class LatePenalty:
    """Interest on late payments, as a multiple of the legal rate or the legal rate plus
    points, plus a fixed recovery fee; ``legal_rate_on`` says which day's legal rate."""

    clause: ClauseInfo
    starts: str
    legal_rate_multiple: Decimal | None = None
    legal_rate_plus_points: Decimal | None = None
    fixed_fee: Money | None = None
    suspension: bool = False
    termination_after: Duration | None = None
    legal_rate_on: LegalRateDate = LegalRateDate.EACH_DAY


@dataclass(frozen=True)
class Surcharge:
    """A percentage added to a price by brackets of some quantity (equipment age)."""

    clause: ClauseInfo
    basis: str
    kind: RangeKind
    brackets: tuple[Bracket, ...]


@dataclass(frozen=True)
class VolumeVariation:
    """What happens when volumes move away from the contracted ones, by brackets of the
    new volume as a percentage of the contracted one."""

    clause: ClauseInfo
    brackets: tuple[Bracket, ...]
    observed_longer_than: Duration | None = None


@dataclass(frozen=True)
class QuantityLimit:
    """A count of things limited to a share of another count (IMRI 3.4: nomad VPNs at most
    20 % of the seats under contract). ``counted`` and ``base`` name the quantities as the
    counts files name them; the limit is ``at_most_percent`` of the base, in whole items
    (20 % of 12 seats allows 2 VPNs)."""

    clause: ClauseInfo
    counted: str
    base: str
    at_most_percent: Decimal
    description: str | None = None


@dataclass(frozen=True)
class LicenceBracket:
    """Subscriptions made on days of the year in ``subscribed`` end on ``ends`` of the
    subscription year plus ``years_after``."""

    subscribed: Range
    ends: MonthDay
    years_after: int
    where: str = field(default="", compare=False)


@dataclass(frozen=True)
class LicencePeriod:
    clause: ClauseInfo
    starts: str
    brackets: tuple[LicenceBracket, ...]


@dataclass(frozen=True)
class Term:
    """Initial term, tacit renewal and the notice needed to end it."""

    clause: ClauseInfo
    initial: Duration | None
    starts: str
    renewal: Duration | None = None
    tacit_renewal: bool = False
    notice: Deadline | None = None
    notice_form: str | None = None
    provider_reminder: Deadline | None = None
    service: str | None = None
    renews_on: MonthDay | None = None


class CapBasis(enum.Enum):
    FEES_PAID_PRECEDING_12_MONTHS = "fees-paid-preceding-12-months"
    FEES_INVOICED_CURRENT_YEAR = "fees-invoiced-current-year"


@dataclass(frozen=True)
class LiabilityCap:
    clause: ClauseInfo
    basis: CapBasis
    direct_damage_only: bool = True


@dataclass(frozen=True)
class ClaimLimit:
    """A claim or an action is barred after a deadline from the event giving rise to it."""

    clause: ClauseInfo
    deadline: Deadline
    subject: str


@dataclass(frozen=True)
class Fee:
    clause: ClauseInfo
    name: str
    amount: Money | Blank
    per: str
    minimum: Duration | None = None


class PricePer(enum.Enum):
    """The period a price is stated for: its monthly share is a third of a quarter's
    price, a twelfth of a year's."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def months(self) -> int:
        return {"month": 1, "quarter": 3, "year": 12}[self.value]


@dataclass(frozen=True)
class Price:
    """A priced item a credit is computed on: the fee of one service (``service``) or of
    the whole contract (None), per month, quarter or year, from the clause's effective
    date; ``revised_by`` names the price revision clause that revises it each year."""

    clause: ClauseInfo
    amount: Money | Blank
    per: PricePer
    service: str | None = None
    revised_by: str | None = None
    name: str | None = None


class CapPer(enum.Enum):
    """The period a cap on credits in money bounds: each month, or each calendar year."""

    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class CreditCapMoney:
    """A cap on the credits owed, in money: a fixed ``amount`` or ``percent_of_annual_fee``
    (the year's fees), per month or per calendar year, for one ``schedule`` or all."""

    clause: ClauseInfo
    per: CapPer
    amount: Money | None = None
    percent_of_annual_fee: Decimal | None = None
    schedule: str | None = None


@dataclass(frozen=True)
class UnilateralChange:
    """A party may change the terms on its own (at any time, unless a notice is given)."""

    clause: ClauseInfo
    by: Party
    notice: Duration | None = None


@dataclass(frozen=True)
class Commercial:
    """The commercial clauses, and the deal's own data the clauses refer to:
    ``quote_date``, the day the quote (devis) was issued."""

    quote_date: date | None = None
    price_revisions: tuple[PriceRevision, ...] = ()
    payment_terms: tuple[PaymentTerms, ...] = ()
    late_payment: tuple[LatePenalty, ...] = ()
    surcharges: tuple[Surcharge, ...] = ()
    volume_variation: tuple[VolumeVariation, ...] = ()
    licence_periods: tuple[LicencePeriod, ...] = ()
    terms: tuple[Term, ...] = ()
    liability: tuple[LiabilityCap, ...] = ()
    claim_limits: tuple[ClaimLimit, ...] = ()
    fees: tuple[Fee, ...] = ()
    changes: tuple[UnilateralChange, ...] = ()
    quantity_limits: tuple[QuantityLimit, ...] = ()
    prices: tuple[Price, ...] = ()
    credit_caps: tuple[CreditCapMoney, ...] = ()
