"""Dashboard sessions kept on the server (issue #20 part 1): a cookie copied before
logout opens nothing after it; a role change or an administrator's revocation ends
the sessions at once; idle and absolute timeouts; the record names the client; over
TLS the cookie is Secure and ``__Host-`` prefixed. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from tests.integration.api.admin_client import csrf_of
from tests.integration.api.conftest import NOW

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.cli.main import cli
from slaledger.adapters.db.models import WebSession
from slaledger.adapters.db.store import Store, session_factory

EMAIL, PASSWORD = "agent@provider.test", "the right password"
PAGE = "/dashboard/contracts/previsoft-cgv"


class Clock:
    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def url(database_url: str, world_tokens: dict[str, str]) -> str:
    """The seeded database (``world_tokens``: a copy of the seeded world)."""
    factory = session_factory(database_url)
    with Store.transaction(factory, actor="test") as store:
        store.set_password(EMAIL, PASSWORD)
    factory.kw["bind"].dispose()
    return database_url


@pytest.fixture
def client(url: str) -> Iterator[tuple[TestClient, Clock]]:
    settings = Settings(secret="s", session_idle_seconds=600, session_max_seconds=3600)
    app = create_app(database_url=url, settings=settings, clock=lambda: NOW)
    clock = Clock()
    app.state.web_sessions.clock = clock
    with TestClient(app, raise_server_exceptions=False) as made:
        _sign_in(made)
        yield made, clock
    app.state.engine.dispose()


def _sign_in(client: TestClient) -> None:
    form = client.get("/dashboard/login")
    done = client.post(
        "/dashboard/login",
        data={"csrf": csrf_of(form.text), "email": EMAIL, "password": PASSWORD},
        headers={"User-Agent": "test-browser/1.0"},
        follow_redirects=False,
    )
    assert done.status_code == 303


def _sent_to_login(client: TestClient, cookie: str | None = None) -> bool:
    if cookie is not None:
        client.cookies.set("sla_session", cookie)
    answer = client.get(PAGE, follow_redirects=False)
    return answer.status_code == 303 and "/dashboard/login" in answer.headers["location"]


def _sla(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _rows(url: str) -> list[WebSession]:
    factory = session_factory(url)
    try:
        with factory() as session:
            return list(session.scalars(select(WebSession)))
    finally:
        factory.kw["bind"].dispose()


def test_a_cookie_captured_before_logout_answers_the_login_page_after_it(
    client: tuple[TestClient, Clock], url: str
) -> None:
    browser, _ = client
    captured = browser.cookies.get("sla_session")
    assert captured is not None
    assert browser.get(PAGE).status_code == 200
    csrf = csrf_of(browser.get(PAGE).text)
    assert browser.post("/dashboard/logout", data={"csrf": csrf}).status_code == 200
    assert _sent_to_login(browser, captured)
    assert _rows(url) == []


def test_the_session_record_names_the_user_and_client_and_the_cookie_only_its_id(
    client: tuple[TestClient, Clock], url: str
) -> None:
    browser, _ = client
    (row,) = _rows(url)
    assert row.ip == "testclient"
    assert row.user_agent == "test-browser/1.0"
    assert row.created_at <= row.last_seen_at
    cookie = browser.cookies.get("sla_session") or ""
    assert row.token_hash not in cookie
    assert not re.search(r"agent|@|\bcsrf\b", cookie)


def test_an_administrators_revocation_ends_the_session_at_once(
    client: tuple[TestClient, Clock], url: str
) -> None:
    browser, _ = client
    assert "1 session(s) ended" in _sla("users", "end-sessions", EMAIL, "--db", url)
    assert _sent_to_login(browser)


def test_a_role_change_ends_the_session_at_once(client: tuple[TestClient, Clock], url: str) -> None:
    browser, _ = client
    assert "role provider-admin" in _sla("users", "set-role", EMAIL, "provider-admin", "--db", url)
    assert _sent_to_login(browser)


def test_a_session_idle_too_long_is_over(client: tuple[TestClient, Clock]) -> None:
    browser, clock = client
    clock.at += timedelta(seconds=599)
    assert browser.get(PAGE).status_code == 200  # seen: idle time starts again
    clock.at += timedelta(seconds=599)
    assert browser.get(PAGE).status_code == 200
    clock.at += timedelta(seconds=600)
    assert _sent_to_login(browser)


def test_a_session_older_than_the_absolute_timeout_is_over_however_busy(
    client: tuple[TestClient, Clock],
) -> None:
    browser, clock = client
    for _ in range(7):
        clock.at += timedelta(seconds=500)
        assert browser.get(PAGE).status_code == 200
    clock.at += timedelta(seconds=500)  # 4000 s after login
    assert _sent_to_login(browser)


def test_the_session_id_changes_at_login(url: str) -> None:
    app = create_app(database_url=url, settings=Settings(secret="s"), clock=lambda: NOW)
    with TestClient(app, raise_server_exceptions=False) as browser:
        browser.get("/dashboard/login")
        before = browser.cookies.get("sla_session")
        _sign_in(browser)
        assert browser.cookies.get("sla_session") != before
    app.state.engine.dispose()


def test_with_secure_cookies_the_cookie_is_secure_and_host_prefixed(url: str) -> None:
    settings = Settings(secret="s", secure_cookies=True)
    app = create_app(database_url=url, settings=settings, clock=lambda: NOW)
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as browser:
        header = browser.get("/dashboard/login").headers["set-cookie"]
        assert header.startswith("__Host-sla_session=")
        assert "Secure" in header
        _sign_in(browser)
        assert browser.get(PAGE, follow_redirects=False).status_code == 200
    app.state.engine.dispose()
