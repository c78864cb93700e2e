"""``sla users reset-password`` and ``sla users deactivate`` end the user's access at
once: a dashboard session cookie from before no longer opens a page, and (deactivate)
the user's API token answers 401 (before: a reset password left every session open)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from tests.integration.api.conftest import NOW

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.cli.main import cli
from slaledger.adapters.db.store import Store, session_factory

EMAIL, PASSWORD = "agent@provider.test", "the right password"
PAGE = "/dashboard/contracts/previsoft-cgv"


@pytest.fixture
def signed_in(
    database_url: str, world_tokens: dict[str, str]
) -> Iterator[tuple[TestClient, str, str]]:
    """A dashboard client signed in as the agent, the database URL, the agent's token
    (``world_tokens``: a copy of the seeded world)."""
    tokens = world_tokens
    factory = session_factory(database_url)
    with Store.transaction(factory, actor="test") as store:
        store.set_password(EMAIL, PASSWORD)
    factory.kw["bind"].dispose()
    app = create_app(database_url=database_url, settings=Settings(secret="s"), clock=lambda: NOW)
    with TestClient(app, raise_server_exceptions=False) as client:
        _sign_in(client, PASSWORD)
        assert client.get(PAGE).status_code == 200
        yield client, database_url, tokens["agent"]
    app.state.engine.dispose()


def _sign_in(client: TestClient, password: str) -> int:
    form = client.get("/dashboard/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf is not None
    done = client.post(
        "/dashboard/login",
        data={"csrf": csrf.group(1), "email": EMAIL, "password": password},
        follow_redirects=False,
    )
    return done.status_code


def _sent_to_login(client: TestClient) -> bool:
    answer = client.get(PAGE, follow_redirects=False)
    return answer.status_code == 303 and "/dashboard/login" in answer.headers["location"]


def _sla(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_reset_password_ends_the_sessions_opened_before(
    signed_in: tuple[TestClient, str, str],
) -> None:
    client, url, _ = signed_in
    old_cookie = client.cookies.get("sla_session")
    new = "a new long passphrase"
    _sla("users", "reset-password", EMAIL, "--password-stdin", "--db", url, stdin=new + "\n")
    assert _sent_to_login(client)
    assert _sign_in(client, PASSWORD) == 401  # the old password is refused
    assert _sign_in(client, new) == 303  # the new one opens a new session
    assert client.get(PAGE).status_code == 200
    client.cookies.set("sla_session", old_cookie)  # a copy of the old cookie stays dead
    assert _sent_to_login(client)


def test_deactivate_ends_the_session_and_the_api_token_at_once(
    signed_in: tuple[TestClient, str, str],
) -> None:
    client, url, token = signed_in
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/me", headers=headers).status_code == 200
    _sla("users", "deactivate", EMAIL, "--db", url)
    assert _sent_to_login(client)
    assert client.get("/api/me", headers=headers).status_code == 401
    assert _sign_in(client, PASSWORD) == 401
