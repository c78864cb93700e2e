"""API tokens' limits through the real app (issue #20 part 4), on SQLite and PostgreSQL:
expiry (401 problem+json naming the date), read-only scope (403 on writes), contract
restriction (404 for another contract, 403 for cross-contract resources), rotation
(old secret refused at once, or after its grace), last use recorded and listed, feed
tokens separate, and the audit data still verifying after all of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest
from click.testing import CliRunner
from sqlalchemy import update
from tests.integration.api.conftest import World

from slaledger.adapters.cli.main import cli
from slaledger.adapters.db.audit import verify
from slaledger.adapters.db.audit_data import verify_data
from slaledger.adapters.db.models import ApiToken
from slaledger.adapters.db.store import Store, StoreError, session_factory
from slaledger.domain.token_rules import TokenPolicy

ADMIN, VIEWER = "admin@provider.test", "it@le-client.test"
INCIDENTS = "/api/contracts/previsoft-cgv/incidents"
NEW_INCIDENT = {"incident": "INC-SCOPE", "notified_at": "2024-03-29T10:00:00+01:00"}
T = TypeVar("T")


def _with_store(world: World, work: Callable[[Store], T]) -> T:
    factory = session_factory(world.url)
    try:
        with Store.transaction(factory, actor="test") as store:
            return work(store)
    finally:
        factory.kw["bind"].dispose()


def _token(world: World, email: str = ADMIN, **limits: object) -> tuple[int, str]:
    def make(store: Store) -> tuple[int, str]:
        token, secret = store.create_token(email, name="t", **limits)  # type: ignore[arg-type]
        return token.id, secret

    return _with_store(world, make)


def _get(world: World, path: str, secret: str) -> object:
    return world.client.get(path, headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def world(shared_world: World) -> World:
    return shared_world


def test_the_audit_chain_and_data_verify_after_tokens_were_used_and_rotated(
    world: World,
) -> None:
    """First: the tests below age tokens by hand, an edit the audit data reports."""
    token_id, secret = _token(world, scope="read", contracts=["previsoft-cgv"])
    _get(world, "/api/me", secret)
    _with_store(world, lambda store: store.rotate_token(token_id))

    def check(store: Store) -> tuple[bool, bool]:
        return verify(store.session).ok, verify_data(store.session).ok

    assert _with_store(world, check) == (True, True)


def test_a_new_token_expires_after_the_default_90_days(world: World) -> None:
    token_id, _ = _token(world)

    def expiry(store: Store) -> timedelta:
        token = store.session.get(ApiToken, token_id)
        assert token is not None
        assert token.expires_at is not None
        return token.expires_at - token.created_at

    assert _with_store(world, expiry) == timedelta(days=90)


def test_a_life_above_the_configured_maximum_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLALEDGER_TOKEN_MAX_DAYS", "120")
    with pytest.raises(StoreError, match="expires in: expected 1 to 120 days, found 200"):
        _token(world, days=200)
    with pytest.raises(StoreError, match="expires in: expected 1 to 3 days, found 4"):
        _token(world, days=4, policy=TokenPolicy(default_days=2, max_days=3))


def test_an_expired_token_is_refused_with_a_clear_401_problem(world: World) -> None:
    token_id, secret = _token(world)
    assert _get(world, "/api/me", secret).status_code == 200  # type: ignore[attr-defined]
    past = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    _with_store(
        world,
        lambda store: store.session.execute(
            update(ApiToken).where(ApiToken.id == token_id).values(expires_at=past)
        ),
    )
    refused = world.client.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/unauthorized")
    assert "expired on 2025-01-02T03:04:05+00:00" in refused.json()["detail"]


def test_a_read_only_token_reads_but_may_not_write_whatever_the_role(world: World) -> None:
    _, secret = _token(world, scope="read")
    headers = {"Authorization": f"Bearer {secret}"}
    assert world.client.get(INCIDENTS, headers=headers).status_code == 200
    refused = world.client.post(INCIDENTS, headers=headers, json=NEW_INCIDENT)
    assert refused.status_code == 403
    assert "read-only" in refused.json()["detail"]


def test_a_token_for_one_contract_sees_no_other(world: World) -> None:
    _, secret = _token(world, contracts=["previsoft-cgv"])
    assert _get(world, "/api/contracts/previsoft-cgv", secret).status_code == 200  # type: ignore[attr-defined]
    other = world.client.get(
        f"/api/contracts/{world.clean}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert other.status_code == 404  # as if it did not exist, like another tenant's
    listed = world.client.get("/api/contracts", headers={"Authorization": f"Bearer {secret}"})
    assert [c["id"] for c in listed.json()["items"]] == ["previsoft-cgv"]
    notes = world.client.get(
        "/api/credit-notes?month=2024-03", headers={"Authorization": f"Bearer {secret}"}
    )
    assert notes.status_code == 403
    assert "restricted to contracts" in notes.json()["detail"]


def test_a_viewer_s_token_cannot_name_another_customer_s_contract(world: World) -> None:
    with pytest.raises(StoreError, match=f"no contract '{world.clean}'"):
        _token(world, VIEWER, contracts=[world.clean])


def test_a_rotated_token_refuses_its_old_secret_at_once(world: World) -> None:
    token_id, old = _token(world)
    new = _with_store(world, lambda store: store.rotate_token(token_id)[1])
    assert new != old
    refused = world.client.get("/api/me", headers={"Authorization": f"Bearer {old}"})
    assert refused.status_code == 401
    assert "rotated" in refused.json()["detail"]
    assert _get(world, "/api/me", new).status_code == 200  # type: ignore[attr-defined]


def test_a_rotation_with_grace_keeps_the_old_secret_until_the_grace_ends(world: World) -> None:
    token_id, old = _token(world)
    new = _with_store(world, lambda s: s.rotate_token(token_id, grace=timedelta(minutes=5))[1])
    assert _get(world, "/api/me", old).status_code == 200  # type: ignore[attr-defined]
    assert _get(world, "/api/me", new).status_code == 200  # type: ignore[attr-defined]
    ended = datetime.now(UTC) - timedelta(seconds=1)
    _with_store(
        world,
        lambda store: store.session.execute(
            update(ApiToken).where(ApiToken.id == token_id).values(previous_until=ended)
        ),
    )
    assert _get(world, "/api/me", old).status_code == 401  # type: ignore[attr-defined]
    assert _get(world, "/api/me", new).status_code == 200  # type: ignore[attr-defined]


def test_the_last_use_is_recorded_and_listed_by_the_cli(world: World) -> None:
    token_id, secret = _token(world)
    before = _with_store(world, lambda store: store.last_used("api").get(token_id))
    assert before is None
    assert _get(world, "/api/me", secret).status_code == 200  # type: ignore[attr-defined]
    used = _with_store(world, lambda store: store.last_used("api").get(token_id))
    assert used is not None
    assert datetime.now(UTC) - used < timedelta(minutes=1)
    listed = CliRunner().invoke(cli, ["tokens", "list", "--db", world.url])
    assert listed.exit_code == 0, listed.output
    line = next(x for x in listed.output.splitlines() if x.startswith(f"{token_id}\t"))
    assert f"last used {used.isoformat(timespec='seconds')}" in line
    assert "write\tall contracts\texpires " in line


def test_a_feed_token_s_use_is_recorded_and_it_opens_no_api(world: World) -> None:
    feed = world.tokens["feed:viewer"]
    answer = world.client.get(f"/feeds/previsoft-cgv/obligations.ics?token={feed}")
    assert answer.status_code == 200
    used = _with_store(world, lambda store: store.last_used("feed"))
    assert used, "the feed token's use is recorded"
    assert _get(world, "/api/me", feed).status_code == 401  # type: ignore[attr-defined]
