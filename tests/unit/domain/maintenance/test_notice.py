"""PREVISOFT's « 2 jours minimum avant la MàJ » (KPI5, KPI6) as a floor on each window."""

from __future__ import annotations

import pytest

from slaledger.adapters.i18n import english, render
from slaledger.domain.maintenance import RULE_NOTICE, Window, assess
from tests.unit.domain.maintenance.conftest import HOUR, at


@pytest.mark.parametrize(
    ("announced", "start", "meets"),
    [
        # Friday 17:00 to Tuesday 17:00: 1 + 9 + 8 = 18 business hours, exactly 2 days
        ("2026-11-20 17:00", "2026-11-24 17:00", True),
        # one minute short of it
        ("2026-11-20 17:01", "2026-11-24 17:00", False),
        # Friday evening to Monday morning: no business hour at all
        ("2026-11-20 19:00", "2026-11-23 09:00", False),
        # Monday 09:00 to Wednesday 09:00: 18 business hours
        ("2026-11-23 09:00", "2026-11-25 09:00", True),
    ],
)
def test_preventive_notice_is_measured_in_business_hours_of_the_kpi_calendar(
    previsoft_rules, announced, start, meets
):
    """KPI5's "2 jours minimum" is a mean over 12 months: each window's notice is compared
    with it as a note that never refuses the window (annex 1, 1.1: announced is planned)."""
    begin = at(start)
    verdict = assess(Window("preventive", begin, begin + HOUR, at(announced)), previsoft_rules)
    assert verdict.allowed
    (reason,) = verdict.reasons
    assert (reason.ok, reason.binding) == (meets, False)
    assert reason.rule == RULE_NOTICE
    assert reason.clause == "KPI5"
    assert reason.article == "annex-1 2"


def test_high_impact_evolutive_notice_uses_the_kpi6_floor(previsoft_rules):
    begin = at("2026-11-24 10:00")
    window = Window("evolutive", begin, begin + 3 * HOUR, at("2026-11-23 10:00"))
    verdict = assess(window, previsoft_rules)
    assert verdict.allowed
    assert verdict.broken == ()
    assert verdict.advisories[0].clause == "KPI6"
    assert "less than 2 business days" in english(verdict.advisories[0].message)


def test_the_exceptional_windows_of_imri_need_notice_without_a_minimum(imri_rules):
    start = at("2026-11-21 02:00")
    window = Window("exceptional", start, start + HOUR, start - 60, True)
    verdict = assess(window, imri_rules)
    assert verdict.allowed
    assert "no minimum notice" in english(verdict.reasons[0].message)


def test_the_announcement_is_an_instant_each_reader_reads_in_the_contracts_zone(
    previsoft_rules,
):
    """The reason carries the instant, not its ISO text: French and English write it as
    their people-facing text does, the JSON parameters keep ISO with the zone."""
    begin = at("2026-11-24 17:00")
    verdict = assess(
        Window("preventive", begin, begin + HOUR, at("2026-11-20 17:00")), previsoft_rules
    )
    (reason,) = verdict.reasons
    assert "announced Nov 20, 2026, 5:00\u202fPM GMT+01:00;" in english(reason.message)
    assert "annoncée le 20 nov. 2026, 17:00 UTC+01:00" in render(reason.message, "fr")
    assert reason.message.as_json()["params"]["announced"] == {
        "instant": "2026-11-20T17:00:00+01:00",
        "zone": "Europe/Paris",
    }
