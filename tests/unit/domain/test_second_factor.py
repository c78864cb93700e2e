"""The TOTP second factor's rules: who gives a code, which code is accepted, replays
refused (issue #20 part 2)."""

from __future__ import annotations

import pytest

from slaledger.domain.second_factor import (
    Refusal,
    Step,
    looks_like_recovery_code,
    match_step,
    next_step,
)

WINDOW = {99: "111111", 100: "222222", 101: "333333"}


def test_the_code_of_a_step_in_the_window_is_accepted_with_its_step() -> None:
    assert match_step("222222", WINDOW, None) == (100, None)
    assert match_step(" 333 333 ", WINDOW, 100) == (101, None)


def test_a_code_not_in_the_window_is_wrong() -> None:
    assert match_step("444444", WINDOW, None) == (None, Refusal.WRONG)


@pytest.mark.parametrize("code", ["222222", "111111"])
def test_a_code_of_the_last_accepted_step_or_before_is_a_replay(code: str) -> None:
    assert match_step(code, WINDOW, 100) == (None, Refusal.REPLAYED)


def test_an_enrolled_user_gives_a_code_whatever_its_role() -> None:
    for role in ("provider-admin", "customer-viewer"):
        assert next_step(role, enrolled=True, required_for_providers=False) is Step.CODE


def test_when_required_a_provider_role_enrols_and_a_customer_viewer_does_not() -> None:
    assert next_step("provider-agent", enrolled=False, required_for_providers=True) is Step.ENROL
    assert next_step("customer-viewer", enrolled=False, required_for_providers=True) is Step.NONE
    assert next_step("provider-admin", enrolled=False, required_for_providers=False) is Step.NONE


def test_recovery_codes_are_told_from_totp_codes_by_their_shape() -> None:
    assert looks_like_recovery_code("ab3d-ef7h")
    assert not looks_like_recovery_code("123456")
    assert not looks_like_recovery_code("abcd_efgh")
