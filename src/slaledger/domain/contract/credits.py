"""Service credits: tiers of measured availability, each giving a credit.

A tier's credit is a number in the schedule's unit (percent of the fee, or days of
subscription), or a formula of the availability ("100 % minus availability"). Tiers may
also state a downtime equivalent next to their percentage ("216 min"); the file keeps it
as written so the linter can check the two agree.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.formula import Formula
from slaledger.domain.contract.ranges import Range
from slaledger.domain.contract.values import Blank, Duration


class CreditUnit(enum.Enum):
    PERCENT_OF_FEE = "percent-of-fee"
    DAYS_OF_SUBSCRIPTION = "days-of-subscription"


class RoundingMode(enum.Enum):
    HALF_UP = "half-up"
    HALF_EVEN = "half-even"
    DOWN = "down"
    UP = "up"


@dataclass(frozen=True)
class Rounding:
    decimals: int
    mode: RoundingMode = RoundingMode.HALF_UP

    @property
    def step(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimals)


@dataclass(frozen=True)
class StatedDowntime:
    """A downtime equivalent the text gives for one bound of a tier, as written.

    ``bound`` is the downtime side's word: ``above``, ``at_least``, ``below``, ``at_most``.
    """

    bound: str
    text: str
    where: str = field(default="", compare=False)


class NoCredit(enum.Enum):
    """A tier whose credit the text states as "none" ("Aucun", "—" written as no credit):
    the tier is reached and owes nothing. Distinct from a blank cell (``BLANK``: the credit
    is undefined) and from ``0`` (a number the text writes)."""

    NONE = "none"

    def __repr__(self) -> str:
        return "NO_CREDIT"


NO_CREDIT = NoCredit.NONE


@dataclass(frozen=True)
class CreditTier:
    availability: Range
    #: the credit in the schedule's unit; ``BLANK`` when left blank, ``NO_CREDIT`` for "none"
    amount: Decimal | Blank | NoCredit | None = None
    formula: Formula | None = None
    stated_downtime: tuple[StatedDowntime, ...] = ()
    where: str = field(default="", compare=False)

    def describe(self) -> str:
        return f"credit of the tier {self.availability}"


class ClaimStart(enum.Enum):
    PERIOD_END = "period-end"
    BREACH = "breach"
    INCIDENT_END = "incident-end"


@dataclass(frozen=True)
class ClaimWindow:
    within: Duration
    after: ClaimStart
    calendar: str | None = None


class Eligibility(enum.Enum):
    CUSTOMER_REPORTED = "customer-reported"
    CUSTOMER_CLAIMED = "customer-claimed"


class Settlement(enum.Enum):
    INVOICE_CREDIT = "invoice-credit"
    CARRIED_TO_TERM_END = "carried-to-term-end"


@dataclass(frozen=True)
class CreditCap:
    amount: Decimal | Blank
    period: str = "calendar-month"


@dataclass(frozen=True)
class DayValue:
    """What one day of a days credit is worth, as the clause states it: the monthly fee
    divided by ``monthly_fee_divided_by`` ("each day of credit: 1/30 of the monthly fee")."""

    monthly_fee_divided_by: int


@dataclass(frozen=True)
class CreditSchedule:
    clause: ClauseInfo
    availability: str
    unit: CreditUnit
    tiers: tuple[CreditTier, ...]
    cap: CreditCap | None = None
    claim_window: ClaimWindow | None = None
    eligibility: tuple[Eligibility, ...] = ()
    availability_rounding: Rounding | None = None
    credit_rounding: Rounding | None = None
    settlement: Settlement = Settlement.INVOICE_CREDIT
    sole_remedy: bool = False
    #: a days credit's worth in money, when the clause states one (None: days stay days)
    day_value: DayValue | None = None
