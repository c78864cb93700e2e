"""KPIs: a figure over a period (an availability rate, the mean of a clock, the mean
notice before maintenance) compared with a minimum or a maximum."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from slaledger.domain.contract.availability import Period
from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.formula import Formula
from slaledger.domain.contract.values import Blank, Duration


class KpiMeasure(enum.Enum):
    AVAILABILITY = "availability"  # the rate of an availability commitment
    CLOCK_MEAN = "clock-mean"  # mean of a clock over the tickets of some classes
    NOTICE_MEAN = "notice-mean"  # mean notice given before maintenance of some kinds


class Direction(enum.Enum):
    AT_LEAST = "at-least"
    AT_MOST = "at-most"


class Frequency(enum.Enum):
    CONTINUOUS = "continuous"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


@dataclass(frozen=True)
class KpiTarget:
    direction: Direction
    duration: Duration | Blank | None = None
    percent: Decimal | Blank | None = None

    def describe(self) -> str:
        value = self.duration if self.duration is not None else self.percent
        return f"{self.direction.value} {value}"


@dataclass(frozen=True)
class Kpi:
    clause: ClauseInfo
    name: str
    measure: KpiMeasure
    target: KpiTarget
    period: Period
    frequency: Frequency
    calendar: str | None = None
    availability: str | None = None
    clock: str | None = None
    classes: tuple[str, ...] = ()
    maintenance_kinds: tuple[str, ...] = ()
    formula: Formula | None = None
