"""Notice, allowed slots, customer agreement and the recurring window, one rule at a time."""

from __future__ import annotations

from slaledger.adapters.i18n import english
from slaledger.domain.maintenance import (
    RULE_AGREEMENT,
    RULE_NOTICE,
    RULE_RECURRING,
    RULE_SLOTS,
    Window,
    assess,
)
from tests.unit.domain.maintenance.conftest import at


def _broken(verdict) -> set[str]:
    return {r.rule for r in verdict.broken}


def test_a_wednesday_daytime_exceptional_window_is_outside_the_allowed_slots(imri_rules):
    window = Window(
        "exceptional", at("2026-11-18 10:00"), at("2026-11-18 11:00"), at("2026-11-01 09:00")
    )
    verdict = assess(window, imri_rules)
    assert not verdict.allowed
    # not in the slots, and no customer agreement either: both reasons are given
    assert _broken(verdict) == {RULE_SLOTS, RULE_AGREEMENT}
    slots = next(r for r in verdict.broken if r.rule == RULE_SLOTS)
    assert slots.clause == "exceptional"
    assert slots.article == "cgv Article VII, 3.6"
    assert "60 min" in english(slots.message)


def test_an_agreed_saturday_night_window_announced_in_advance_is_allowed(imri_rules):
    window = Window(
        "exceptional",
        at("2026-11-21 02:00"),
        at("2026-11-21 04:00"),
        at("2026-11-10 09:00"),
        agreed_by_customer=True,
    )
    verdict = assess(window, imri_rules)
    assert verdict.allowed
    assert {r.rule for r in verdict.reasons} >= {RULE_NOTICE, RULE_SLOTS, RULE_AGREEMENT}


def test_a_weeknight_window_that_runs_past_six_is_partly_outside_the_slots(imri_rules):
    window = Window(
        "exceptional", at("2026-11-18 05:00"), at("2026-11-18 07:00"), at("2026-11-10 09:00"), True
    )
    verdict = assess(window, imri_rules)
    assert _broken(verdict) == {RULE_SLOTS}
    assert "60 min" in english(verdict.broken[0].message)


def test_an_exceptional_window_never_announced_breaks_the_notice(imri_rules):
    window = Window("exceptional", at("2026-11-21 02:00"), at("2026-11-21 03:00"), None, True)
    assert _broken(assess(window, imri_rules)) == {RULE_NOTICE}


def test_an_announcement_at_the_start_is_not_notice(imri_rules):
    start = at("2026-11-21 02:00")
    window = Window("exceptional", start, start + 3600, start, True)
    assert _broken(assess(window, imri_rules)) == {RULE_NOTICE}


def test_the_patch_window_in_its_slot_is_allowed(imri_rules):
    window = Window("patch-window", at("2026-11-15 04:00"), at("2026-11-15 05:00"))
    verdict = assess(window, imri_rules)
    assert verdict.allowed
    assert verdict.reasons[0].rule == RULE_RECURRING


def test_the_recurring_type_names_the_patch_window_too(imri_rules):
    window = Window("recurring", at("2026-11-15 04:10"), at("2026-11-15 04:40"))
    verdict = assess(window, imri_rules)
    assert verdict.allowed
    assert verdict.clause == "patch-window"


def test_a_patch_window_longer_than_one_hour_breaks_the_rule_even_when_agreed(imri_rules):
    window = Window("patch-window", at("2026-11-15 04:00"), at("2026-11-15 05:30"), None, True)
    verdict = assess(window, imri_rules)
    assert not verdict.allowed
    assert [english(r.message) for r in verdict.broken] == ["lasts 90 min, longer than 1h"]


def test_a_patch_window_on_another_day_breaks_the_rule(imri_rules):
    window = Window("patch-window", at("2026-11-22 04:00"), at("2026-11-22 05:00"))
    verdict = assess(window, imri_rules)
    assert _broken(verdict) == {RULE_RECURRING}
    assert "2026-11-15 04:00–05:00" in english(verdict.broken[0].message)


def test_a_patch_window_moved_at_the_customers_request_is_allowed(imri_rules):
    window = Window("patch-window", at("2026-11-22 22:00"), at("2026-11-22 23:00"), None, True)
    verdict = assess(window, imri_rules)
    assert verdict.allowed
    assert "at the customer's request" in english(verdict.reasons[0].message)


def test_the_patch_window_follows_the_wall_clock_across_dst(imri_rules):
    # 29 March 2026 is the Sunday of the spring change; the slot stays 04:00 local time
    window = Window("patch-window", at("2026-03-15 04:00"), at("2026-03-15 05:00"))
    assert assess(window, imri_rules).allowed
    october = Window("patch-window", at("2026-10-18 04:00"), at("2026-10-18 05:00"))
    assert assess(october, imri_rules).allowed


def test_an_urgent_security_update_is_exempt_from_notice(previsoft_rules):
    window = Window("urgent-security-update", at("2026-11-18 10:00"), at("2026-11-18 12:00"))
    verdict = assess(window, previsoft_rules)
    assert verdict.allowed
    (reason,) = verdict.reasons
    assert reason.rule == RULE_NOTICE
    assert english(reason.message).startswith("an urgent security update needs no notice; never")
    assert reason.article == "annex-1 1.3, annex-1 2"


def test_a_preventive_operation_never_announced_breaks_the_notice(previsoft_rules):
    window = Window("preventive", at("2026-11-18 10:00"), at("2026-11-18 11:00"))
    verdict = assess(window, previsoft_rules)
    assert not verdict.allowed
    assert english(verdict.broken[0].message) == "never announced; notice is required"


def test_a_kind_without_rules_is_not_refused_and_answers_no_rule_not_yes(imri_rules):
    window = Window("customer-windows", at("2026-11-18 10:00"), at("2026-11-18 11:00"))
    verdict = assess(window, imri_rules)
    assert verdict.allowed  # nothing refuses it: it is not downtime by the rules
    assert verdict.unruled
    assert verdict.answer == "no-rule"
    assert "sets no rule" in english(verdict.reasons[0].message)


def test_a_kind_with_rules_answers_allowed_or_refused(imri_rules):
    window = Window("preventive", at("2026-11-18 10:00"), at("2026-11-18 11:00"))
    assert assess(window, imri_rules).answer == "refused"  # a kind it does not define
    assert not assess(window, imri_rules).unruled


def test_a_kind_the_contract_does_not_define_is_refused_with_the_known_kinds(imri_rules):
    window = Window("preventive", at("2026-11-18 10:00"), at("2026-11-18 11:00"))
    verdict = assess(window, imri_rules)
    assert not verdict.allowed
    assert verdict.clause is None
    assert "exceptional" in english(verdict.broken[0].message)
