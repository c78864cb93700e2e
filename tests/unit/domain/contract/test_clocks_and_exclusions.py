"""Which target row applies to a ticket, and what an outage category does to the rate."""

from __future__ import annotations

from slaledger.domain.contract import (
    ClauseInfo,
    Clock,
    ClockTarget,
    Event,
    Exclusion,
    ExclusionEffect,
    OutageCategory,
    Source,
    When,
    parse_duration,
)

from ..lint.builders import availability

ROWS = (
    ClockTarget("critical", When.IN_HOURS, parse_duration("4h")),
    ClockTarget("critical", When.OUT_OF_HOURS, parse_duration("6h"), calendar="always"),
    ClockTarget("minor", When.ANY, parse_duration("2 business days")),
)
CLOCK = Clock(
    ClauseInfo("take-into-account", (Source({"fr": "..."}),)),
    "Délai de prise en compte",
    Event.NOTIFIED,
    (Event.ACKNOWLEDGED,),
    calendar="working-hours",
    service_hours="working-hours",
    targets=ROWS,
)


def test_a_ticket_gets_the_row_for_its_side_of_the_service_hours():
    assert CLOCK.target_for("critical", in_hours=True) is ROWS[0]
    assert CLOCK.target_for("critical", in_hours=False) is ROWS[1]


def test_a_row_for_any_time_serves_both_sides():
    assert CLOCK.target_for("minor", in_hours=False) is ROWS[2]
    assert CLOCK.target_for("other", in_hours=True) is None


def test_a_row_counts_in_its_own_calendar_or_else_the_clock_s():
    assert CLOCK.calendar_for(ROWS[1]) == "always"
    assert CLOCK.calendar_for(ROWS[0]) == "working-hours"
    assert CLOCK.id == "take-into-account"
    assert ROWS[1].describe() == "target for 'critical' (out-of-hours)"


def test_unlisted_outage_categories_count_as_downtime():
    excused = Exclusion(OutageCategory.FORCE_MAJEURE, ExclusionEffect.EXCUSED)
    commitment = availability("99.5", exclusions=(excused,))
    assert commitment.effect_of(OutageCategory.FORCE_MAJEURE) is ExclusionEffect.EXCUSED
    assert commitment.effect_of(OutageCategory.UNPLANNED) is ExclusionEffect.COUNTED
