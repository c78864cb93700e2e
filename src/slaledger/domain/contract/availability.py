"""Availability commitments: what counts as down, over which period, against which target.

The rate is ``(denominator - counted downtime) / denominator`` where the denominator is
the period's length (or a year of 365 days, when the contract fixes it) minus the time
of the outages whose category is ``removed``. Outages whose category is ``excused`` count
as available time; unlisted categories count as downtime.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.formula import Formula
from slaledger.domain.contract.parties import Obligation
from slaledger.domain.contract.values import Blank, Duration


class Period(enum.Enum):
    CALENDAR_MONTH = "calendar-month"
    ROLLING_12_MONTHS = "rolling-12-months"
    CONTRACT_YEAR = "contract-year"


class YearLength(enum.Enum):
    """How long "a year" is in a yearly formula."""

    REAL = "real"  # the window's real length: 365 or 366 days
    DAYS_365 = "365-days"


class OutageCategory(enum.Enum):
    UNPLANNED = "unplanned"
    PLANNED_MAINTENANCE = "planned-maintenance"
    FORCE_MAJEURE = "force-majeure"
    CUSTOMER = "customer"
    THIRD_PARTY = "third-party"
    CUSTOMER_CHANGE = "customer-change"


class ExclusionEffect(enum.Enum):
    """What an outage of a category does to the rate."""

    COUNTED = "counted"  # downtime: leaves the numerator
    EXCUSED = "excused"  # treated as available: numerator and denominator unchanged
    REMOVED = "removed"  # out of the period: leaves numerator and denominator


class ExclusionCondition(enum.Enum):
    """What an outage must satisfy for its exclusion to apply."""

    NOTICE_RESPECTED = "notice-respected"
    #: announced before it starts, with any notice (PREVISOFT annex 1, 1.1: "toute opération
    #: de maintenance qui fait l'objet d'un préavis")
    ANNOUNCED = "announced"
    IN_ALLOWED_SLOT = "in-allowed-slot"
    CUSTOMER_AGREED = "customer-agreed"
    WITHIN_ANNUAL_CAP = "within-annual-cap"


@dataclass(frozen=True)
class Exclusion:
    category: OutageCategory
    effect: ExclusionEffect
    conditions: tuple[ExclusionCondition, ...] = ()
    description: str | None = None
    where: str = field(default="", compare=False)


class Measurement(enum.Enum):
    OUTAGE_RECORDS = "outage-records"
    PROBE_SAMPLES = "probe-samples"
    ERROR_RATE = "error-rate"


class IntervalRule(enum.Enum):
    """How an interval without evidence counts: as available, unavailable, or like the
    interval before it."""

    UP = "up"
    DOWN = "down"
    PREVIOUS = "previous"


@dataclass(frozen=True)
class InterruptionDefinition:
    """When the service counts as interrupted.

    With ``ERROR_RATE``, an interval of ``interval`` is an Interruption when its error
    rate (in percent) is strictly above ``error_rate_above`` and it has at least
    ``min_requests`` requests; ``min_duration`` asks for that many consecutive interrupted
    time before any of it counts.
    """

    measurement: Measurement
    error_rate_above: Decimal | Blank | None = None
    interval: Duration | None = None
    min_requests: int = 1
    min_duration: Duration | None = None
    empty_intervals: IntervalRule = IntervalRule.UP
    monitoring_gaps: IntervalRule = IntervalRule.UP
    scope: str | None = None
    where: str = field(default="", compare=False)


class Evaluation(enum.Enum):
    MONTH_END = "month-end"
    PERIOD_END = "period-end"


@dataclass(frozen=True)
class Availability:
    clause: ClauseInfo
    service: str | None
    target: Decimal | Blank | None
    period: Period
    calendar: str | None
    interruption: InterruptionDefinition
    exclusions: tuple[Exclusion, ...] = ()
    evaluated: Evaluation = Evaluation.PERIOD_END
    period_start: str | None = None  # the event a contract year starts from
    year_length: YearLength = YearLength.REAL
    formula: Formula | None = None
    statement_on_request: bool = False
    obligation: Obligation = Obligation.RESULT
    #: the most downtime the text allows over one period, stated beside the target ("no
    #: more than 43 minutes per month"); counted time (s, min, h) in the clause's calendar
    downtime_allowance: Duration | None = None

    @property
    def allowance_seconds(self) -> int | None:
        """The downtime allowance in seconds of counted time, or None when none is stated."""
        if self.downtime_allowance is None:
            return None
        seconds = self.downtime_allowance.fixed_seconds
        return None if seconds is None else int(seconds)

    def effect_of(self, category: OutageCategory) -> ExclusionEffect:
        for exclusion in self.exclusions:
            if exclusion.category is category:
                return exclusion.effect
        return ExclusionEffect.COUNTED
