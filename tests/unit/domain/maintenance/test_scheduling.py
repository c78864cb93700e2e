"""The next compliant slot for a window of a given length, announced now."""

from __future__ import annotations

from datetime import date

from slaledger.domain.maintenance import Window, next_slot
from slaledger.domain.message import msg
from tests.unit.domain.maintenance.conftest import HOUR, at


def test_an_exceptional_window_goes_to_the_next_night(imri_rules):
    proposal = next_slot("exceptional", 2 * HOUR, at("2026-11-18 10:00"), imri_rules)
    assert proposal is not None
    assert proposal.verdict.allowed
    assert proposal.verdict.window.start == at("2026-11-19 00:00")
    assert msg("maintenance.condition.get-agreement") in proposal.conditions


def test_a_six_hour_window_fits_a_night_and_a_seven_hour_one_never_fits_the_cap(imri_rules):
    # the weeknights are 6 hours long, 00:00-06:00
    proposal = next_slot("exceptional", 6 * HOUR, at("2026-11-18 10:00"), imri_rules)
    assert proposal is not None
    assert proposal.verdict.window.start == at("2026-11-19 00:00")
    longer = next_slot("exceptional", 7 * HOUR, at("2026-11-18 10:00"), imri_rules)
    assert longer is None  # over the 6 h cap in any year


def test_a_full_cap_moves_the_slot_to_the_next_contract_year(make_rules, imri):
    rules = make_rules(imri, opened=date(2025, 3, 1))
    begin = at("2026-01-10 00:00")
    history = [Window("exceptional", begin, begin + 5 * HOUR, begin - 86_400, True)]
    proposal = next_slot("exceptional", 2 * HOUR, at("2026-01-20 12:00"), rules, history)
    assert proposal is not None
    assert proposal.verdict.window.start == at("2026-03-01 00:00")


def test_the_patch_window_goes_to_the_next_recurring_slot(imri_rules):
    proposal = next_slot("patch-window", HOUR, at("2026-11-15 04:30"), imri_rules)
    assert proposal is not None
    assert proposal.verdict.window.start == at("2026-12-13 04:00")


def test_a_preventive_operation_waits_two_business_days(previsoft_rules):
    proposal = next_slot("preventive", HOUR, at("2026-11-20 17:00"), previsoft_rules)
    assert proposal is not None
    assert proposal.verdict.window.start == at("2026-11-24 17:00")


def test_an_urgent_security_update_may_start_at_once(previsoft_rules):
    proposal = next_slot("urgent-security-update", HOUR, at("2026-11-20 17:00"), previsoft_rules)
    assert proposal is not None
    assert proposal.verdict.window.start == at("2026-11-20 17:00")


def test_an_unknown_kind_has_no_slot(imri_rules):
    assert next_slot("preventive", HOUR, at("2026-11-20 17:00"), imri_rules) is None
