"""After 10 wrong passwords an account is locked: the next sign-ins answer 429 with
Retry-After, the right password too, until the delay ends; an unknown account gets the
very same answers; every failure and lockout is in the audit log and /metrics; the
counts live in the database (issue #20 part 2). On SQLite and PostgreSQL."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import select

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from tests.integration.api.admin_client import csrf_of
from tests.integration.api.conftest import NOW

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.api.ops.metrics import process_metrics
from slaledger.adapters.db.logins import LoginThrottle
from slaledger.adapters.db.models import AuditEntry, LoginAttempt
from slaledger.adapters.db.store import Store, StoreError, session_factory

EMAIL, PASSWORD = "agent@provider.test", "the right password"


class Clock:
    """Real time, moved on by the test."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def service(
    database_url: str, world_tokens: dict[str, str]
) -> Iterator[tuple[TestClient, Clock, str]]:
    """The seeded service (``world_tokens``: a copy of the seeded world)."""
    factory = session_factory(database_url)
    with Store.transaction(factory, actor="test") as store:
        store.set_password(EMAIL, PASSWORD)
    factory.kw["bind"].dispose()
    app = create_app(database_url=database_url, settings=Settings(secret="s"), clock=lambda: NOW)
    clock = Clock()
    app.state.throttle.clock = clock
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, clock, database_url
    app.state.engine.dispose()


def _try(client: TestClient, email: str, password: str) -> tuple[int, str | None, str]:
    client.cookies.clear()
    csrf = csrf_of(client.get("/dashboard/login").text)
    done = client.post(
        "/dashboard/login",
        data={"csrf": csrf, "email": email, "password": password},
        follow_redirects=False,
    )
    return done.status_code, done.headers.get("retry-after"), done.text


def _audit(url: str, action: str) -> list[AuditEntry]:
    factory = session_factory(url)
    try:
        with factory() as session:
            query = select(AuditEntry).where(AuditEntry.entity == "login")
            return [e for e in session.scalars(query) if e.action == action]
    finally:
        factory.kw["bind"].dispose()


def test_ten_failures_lock_the_account_even_for_the_right_password(
    service: tuple[TestClient, Clock, str],
) -> None:
    client, clock, _ = service
    for _ in range(10):
        assert _try(client, EMAIL, "a wrong password")[0] == 401
    status, retry_after, text = _try(client, EMAIL, PASSWORD)
    assert status == 429
    assert retry_after == "60"
    assert 'id="login-locked"' in text
    clock.at += timedelta(seconds=30)
    assert _try(client, EMAIL, PASSWORD)[:2] == (429, "30")
    clock.at += timedelta(seconds=31)
    assert _try(client, EMAIL, PASSWORD)[0] == 303  # the delay is over


def test_each_failure_after_the_lock_doubles_the_delay(
    service: tuple[TestClient, Clock, str],
) -> None:
    client, clock, _ = service
    for _ in range(10):
        _try(client, EMAIL, "a wrong password")
    clock.at += timedelta(seconds=61)
    assert _try(client, EMAIL, "a wrong password")[0] == 401
    assert _try(client, EMAIL, PASSWORD)[:2] == (429, "120")


def test_an_unknown_account_is_answered_exactly_as_a_known_one(
    service: tuple[TestClient, Clock, str],
) -> None:
    client, _, _ = service
    known = [_try(client, EMAIL, "a wrong password")[:2] for _ in range(11)]
    unknown = [_try(client, "nobody@provider.test", "a wrong password")[:2] for _ in range(11)]
    assert known == unknown
    assert unknown[-1] == (429, "60")


def test_failures_and_the_lockout_are_in_the_audit_log_and_the_metrics(
    service: tuple[TestClient, Clock, str],
) -> None:
    client, _, url = service
    registry = process_metrics().registry
    before = {e: _count(registry, e) for e in ("failure", "lockout", "refused")}
    for _ in range(11):
        _try(client, EMAIL, "a wrong password")
    assert len(_audit(url, "failed")) == 10
    assert len(_audit(url, "locked")) == 1
    assert len(_audit(url, "refused")) == 1
    assert "testclient" in _audit(url, "failed")[0].payload  # the client's address
    after = {e: _count(registry, e) for e in ("failure", "lockout", "refused")}
    assert after["failure"] - before["failure"] == 10
    assert after["lockout"] - before["lockout"] == 1
    assert after["refused"] - before["refused"] == 1


def _count(registry: CollectorRegistry, event: str) -> float:
    found = registry.get_sample_value("slaledger_login_events_total", {"event": event})
    return found or 0.0


def test_the_counts_are_in_the_database_for_every_worker(
    service: tuple[TestClient, Clock, str],
) -> None:
    client, clock, url = service
    for _ in range(10):
        _try(client, EMAIL, "a wrong password")
    factory = session_factory(url)
    try:
        other_worker = LoginThrottle(factory, clock=clock)
        assert other_worker.wait(EMAIL.upper(), "192.0.2.7") == 60
        with factory() as session:
            row = session.scalar(select(LoginAttempt).where(LoginAttempt.scope == "account"))
            assert row is not None
            assert row.failures == 10
    finally:
        factory.kw["bind"].dispose()


def test_a_success_starts_the_accounts_count_again(
    service: tuple[TestClient, Clock, str],
) -> None:
    client, _, _ = service
    for _ in range(9):
        _try(client, EMAIL, "a wrong password")
    assert _try(client, EMAIL, PASSWORD)[0] == 303
    for _ in range(9):
        assert _try(client, EMAIL, "a wrong password")[0] == 401
    assert _try(client, EMAIL, PASSWORD)[0] == 303


def test_a_short_or_common_password_is_refused_when_set(
    service: tuple[TestClient, Clock, str],
) -> None:
    _, _, url = service
    factory = session_factory(url)
    try:
        with Store.transaction(factory, actor="test") as store:
            with pytest.raises(StoreError, match="at least 12 characters"):
                store.set_password(EMAIL, "too short")
            with pytest.raises(StoreError, match="commonest"):
                store.set_password(EMAIL, "qwerty123456")
            with pytest.raises(StoreError, match="at least 12"):
                store.add_user("new@provider.test", role="provider-agent", password="short")
    finally:
        factory.kw["bind"].dispose()
