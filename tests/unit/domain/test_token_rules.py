"""API tokens' rules: expiry default and maximum, scopes, contract lists, rotation's
grace (issue #20 part 4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from slaledger.adapters.i18n import english, render
from slaledger.domain.token_rules import (
    MAX_GRACE,
    TokenPolicy,
    TokenRuleError,
    check_scope,
    contract_list,
    expired,
    grace_until,
    may_see,
)

AT = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_a_token_expires_after_the_default_days_unless_asked_otherwise() -> None:
    policy = TokenPolicy(default_days=30, max_days=60)
    assert policy.expiry(AT, None) == AT + timedelta(days=30)
    assert policy.expiry(AT, 7) == AT + timedelta(days=7)
    assert policy.expiry(AT, 60) == AT + timedelta(days=60)


@pytest.mark.parametrize("days", [0, -1, 61])
def test_a_life_outside_one_day_to_the_maximum_is_refused_naming_the_field(days: int) -> None:
    with pytest.raises(TokenRuleError) as caught:
        TokenPolicy(default_days=30, max_days=60).expiry(AT, days)
    assert english(caught.value.message) == f"expires in: expected 1 to 60 days, found {days}"
    assert render(caught.value.message, "fr") == (
        f"expire dans\u00a0: attendu de 1 à 60 jours, trouvé {days}"
    )


def test_a_default_above_the_maximum_is_refused() -> None:
    with pytest.raises(TokenRuleError) as caught:
        TokenPolicy(default_days=400, max_days=365)
    assert "default (400)" in english(caught.value.message)


def test_the_expiry_instant_itself_is_expired_and_no_expiry_never_is() -> None:
    assert not expired(AT, AT - timedelta(microseconds=1))
    assert expired(AT, AT)
    assert not expired(None, AT + timedelta(days=10_000))


def test_scopes_are_read_or_write() -> None:
    assert check_scope("read") == "read"
    with pytest.raises(TokenRuleError) as caught:
        check_scope("admin")
    assert english(caught.value.message) == "scope: expected one of read, write, found admin"
    assert render(caught.value.message, "fr") == (
        "portée\u00a0: attendu l'une de read, write, trouvé admin"
    )


def test_a_contract_list_is_sorted_without_duplicates_and_restricts_what_is_seen() -> None:
    stored = contract_list(["b", " a ", "b", ""])
    assert stored == "a,b"
    keys = tuple(stored.split(","))
    assert may_see(keys, "a")
    assert not may_see(keys, "c")
    assert may_see((), "anything")


def test_the_grace_of_a_rotation_is_zero_to_a_day() -> None:
    assert grace_until(AT, timedelta(0)) is None
    assert grace_until(AT, timedelta(minutes=5)) == AT + timedelta(minutes=5)
    with pytest.raises(TokenRuleError) as caught:
        grace_until(AT, MAX_GRACE + timedelta(seconds=1))
    assert english(caught.value.message).startswith("grace: expected 0 to 86400 seconds")
