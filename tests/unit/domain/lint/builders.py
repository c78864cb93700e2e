"""Small contracts built in code, one trap at a time."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from slaledger.domain.calendar.spec import ALWAYS, CalendarSpec
from slaledger.domain.contract import (
    Availability,
    Bound,
    ClauseInfo,
    Contract,
    CreditSchedule,
    CreditTier,
    CreditUnit,
    InterruptionDefinition,
    Measurement,
    Period,
    Range,
    RangeKind,
    Source,
)

D = Decimal


def clause(clause_id: str = "c", interpretation: str | None = None, **extra: Any) -> ClauseInfo:
    return ClauseInfo(
        clause_id,
        (Source({"en": "quoted text"}),),
        interpretation=interpretation,
        where=f"x.{clause_id}",
        **extra,
    )


def percent(
    low: str | None, high: str | None, *, low_in: bool = True, high_in: bool = True
) -> Range:
    return Range(
        None if low is None else Bound(D(low), low_in),
        None if high is None else Bound(D(high), high_in),
        RangeKind.PERCENT,
    )


def availability(target: str | None = None, **extra: Any) -> Availability:
    values: dict[str, Any] = {
        "clause": clause("avail"),
        "service": None,
        "target": None if target is None else D(target),
        "period": Period.CALENDAR_MONTH,
        "calendar": "always",
        "interruption": InterruptionDefinition(Measurement.OUTAGE_RECORDS),
    }
    values.update(extra)
    return Availability(**values)


def schedule(*tiers: CreditTier, **extra: Any) -> CreditSchedule:
    values: dict[str, Any] = {
        "clause": clause("credits", interpretation="as the file reads it"),
        "availability": "avail",
        "unit": CreditUnit.PERCENT_OF_FEE,
        "tiers": tiers,
    }
    values.update(extra)
    return CreditSchedule(**values)


def tier(r: Range, amount: str | None = "10", **extra: Any) -> CreditTier:
    return CreditTier(r, None if amount is None else D(amount), where="credits.tier", **extra)


def contract(**sections: Any) -> Contract:
    calendars = {
        "always": CalendarSpec("always", "UTC", ALWAYS),
        "new-york": CalendarSpec("new-york", "America/New_York", ALWAYS),
        "fixed": CalendarSpec("fixed", "Etc/GMT+5", ALWAYS),
    }
    values: dict[str, Any] = {
        "id": "t",
        "title": "t",
        "language": "en",
        "languages": ("en",),
        "timezone": "UTC",
        "calendars": calendars,
    }
    values.update(sections)
    return Contract(**values)
