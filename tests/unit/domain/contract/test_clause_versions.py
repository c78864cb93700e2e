"""Effective-dated clause versions: an amendment does not rewrite history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from slaledger.domain.contract import (
    Availability,
    ClauseInfo,
    Contract,
    InterruptionDefinition,
    Measurement,
    Period,
    Source,
    in_force,
)


def _availability(target: str, since: date | None) -> Availability:
    return Availability(
        clause=ClauseInfo("availability", (Source({"en": "text"}),), effective_from=since),
        service=None,
        target=Decimal(target),
        period=Period.CALENDAR_MONTH,
        calendar="always",
        interruption=InterruptionDefinition(Measurement.OUTAGE_RECORDS),
    )


ORIGINAL = _availability("99.5", date(2024, 1, 1))
AMENDED = _availability("99.9", date(2025, 1, 1))
CONTRACT = Contract(
    id="c",
    title="t",
    language="en",
    languages=("en",),
    timezone="UTC",
    availability=(AMENDED, ORIGINAL),
)


def test_an_amendment_applies_from_its_date():
    assert CONTRACT.in_force("availability", date(2025, 3, 1)) is AMENDED


def test_earlier_periods_keep_the_earlier_version():
    assert CONTRACT.in_force("availability", date(2024, 12, 31)) is ORIGINAL


def test_before_its_first_version_a_clause_does_not_apply():
    assert CONTRACT.in_force("availability", date(2023, 6, 1)) is None


def test_a_version_without_date_applies_from_the_start_until_a_dated_one():
    undated = _availability("99.0", None)
    assert in_force([undated], date(1990, 1, 1)) == [undated]
    assert in_force([undated, AMENDED], date(2025, 6, 1)) == [AMENDED]


def test_versions_are_listed_oldest_first():
    assert CONTRACT.versions("availability") == [ORIGINAL, AMENDED]
    assert CONTRACT.clause_ids() == {"availability"}
