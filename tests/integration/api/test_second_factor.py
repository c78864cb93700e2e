"""The TOTP second factor through the real app (issue #20 part 2), on SQLite and
PostgreSQL: enrolment on the account page (seed and QR code shown once, active after a
first code), the sign-in's code step (no session before the code, a wrong code counted
by the throttle, a code never accepted twice), one-use recovery codes, disabling with a
code, an administrator's reset and requirement (CLI), API tokens unaffected, the seed
never stored in clear, everything in the audit log."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from click.testing import CliRunner
from sqlalchemy import select

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from tests.integration.api.admin_client import PASSWORD, PEOPLE, Admin, csrf_of
from tests.integration.api.conftest import NOW

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.cli.main import cli
from slaledger.adapters.db.models import AuditEntry, LoginAttempt, RecoveryCode, UserTotp
from slaledger.adapters.db.store import session_factory

AGENT = PEOPLE["agent"]


@pytest.fixture
def service(database_url: str, admin_tokens: dict[str, str]) -> Iterator[Admin]:
    """The seeded service, each person with ``PASSWORD`` (``admin_tokens``: a copy of
    ``admin_template``)."""
    tokens = admin_tokens
    app = create_app(database_url=database_url, settings=Settings(secret="s"), clock=lambda: NOW)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Admin(client, database_url, tokens)
    app.state.engine.dispose()


def _password(service: Admin, who: str = "agent") -> object:
    client = service.client
    client.cookies.clear()
    csrf = csrf_of(client.get("/dashboard/login").text)
    return client.post(
        "/dashboard/login",
        data={"csrf": csrf, "email": PEOPLE[who], "password": PASSWORD},
        follow_redirects=False,
    )


def _send_code(service: Admin, page: str, code: str, path: str = "/dashboard/login/code") -> object:
    return service.client.post(
        path, data={"csrf": csrf_of(page), "code": code}, follow_redirects=False
    )


def _signed_in(service: Admin) -> bool:
    answer = service.client.get("/dashboard/account", follow_redirects=False)
    return answer.status_code == 200


def _enrol(service: Admin, who: str = "agent") -> tuple[pyotp.TOTP, list[str]]:
    """Sign in (password only, no factor yet), enrol on the account page."""
    service.sign_in(who)
    account = service.client.get("/dashboard/account")
    started = service.client.post(
        "/dashboard/account/totp/start", data={"csrf": csrf_of(account.text)}
    )
    assert started.status_code == 200
    assert started.headers["cache-control"] == "no-store"
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', started.text)
    assert secret is not None
    assert "<svg" in started.text  # the QR code, inline markup
    totp = pyotp.TOTP(secret.group(1))
    confirmed = service.client.post(
        "/dashboard/account/totp/confirm",
        data={"csrf": csrf_of(started.text), "code": totp.now()},
    )
    assert confirmed.status_code == 200, confirmed.text
    codes = re.findall(r"<li><code>([a-z0-9]{4}-[a-z0-9]{4})</code></li>", confirmed.text)
    assert len(codes) == 10
    assert service.client.get("/dashboard/account").text.count("totp-secret") == 0  # once
    return totp, codes


def _next_code(totp: pyotp.TOTP) -> str:
    """The code of the next step (the current one was used at enrolment)."""
    return totp.at(datetime.now(UTC) + timedelta(seconds=30))


def _audit(service: Admin, action: str | None = None) -> list[AuditEntry]:
    return [e for e in service.audit("totp") if action is None or e.action == action]


def test_enrolment_shows_the_seed_once_stores_it_sealed_and_is_audited(service: Admin) -> None:
    totp, codes = _enrol(service)
    factory = session_factory(service.url)
    try:
        with factory() as session:
            row = session.scalar(select(UserTotp))
            assert row is not None
            assert row.confirmed_at is not None
            assert totp.secret not in row.secret_box
            stored = list(session.scalars(select(RecoveryCode.code_hash)))
    finally:
        factory.kw["bind"].dispose()
    assert len(stored) == 10
    assert not set(codes) & set(stored)  # hashed only
    assert [e.action for e in _audit(service)] == ["enrol-start", "enrolled"]


def test_the_session_opens_only_after_the_right_code(service: Admin) -> None:
    totp, _ = _enrol(service)
    step = _password(service)
    assert step.status_code == 200  # type: ignore[attr-defined]
    assert 'action="/dashboard/login/code"' in step.text  # type: ignore[attr-defined]
    assert not _signed_in(service)  # password right, no session yet
    wrong = _send_code(service, step.text, "000000")  # type: ignore[attr-defined]
    assert wrong.status_code == 401  # type: ignore[attr-defined]
    assert not _signed_in(service)
    right = _send_code(service, wrong.text, _next_code(totp))  # type: ignore[attr-defined]
    assert right.status_code == 303  # type: ignore[attr-defined]
    assert _signed_in(service)
    failed = _audit(service, "failed")
    assert [json.loads(e.payload)["reason"] for e in failed] == ["wrong"]
    assert len(_audit(service, "accepted")) == 1


def test_a_code_is_never_accepted_twice(service: Admin) -> None:
    totp, _ = _enrol(service)
    code = _next_code(totp)
    step = _password(service)
    assert _send_code(service, step.text, code).status_code == 303  # type: ignore[attr-defined]
    again = _password(service)
    replayed = _send_code(service, again.text, code)  # type: ignore[attr-defined]
    assert replayed.status_code == 401  # type: ignore[attr-defined]
    assert not _signed_in(service)
    assert json.loads(_audit(service, "failed")[-1].payload)["reason"] == "replayed"


def test_wrong_codes_count_in_the_sign_in_throttle_until_it_answers_429(service: Admin) -> None:
    totp, _ = _enrol(service)
    step = _password(service)
    page = step.text  # type: ignore[attr-defined]
    statuses = []
    for _ in range(11):
        answer = _send_code(service, page, "000000")
        statuses.append(answer.status_code)  # type: ignore[attr-defined]
        page = answer.text  # type: ignore[attr-defined]
    assert statuses[:9] == [401] * 9
    assert statuses[9:] == [429, 429]
    assert int(answer.headers["retry-after"]) > 0  # type: ignore[attr-defined]
    locked = _send_code(service, page, _next_code(totp))  # the right code waits too
    assert locked.status_code == 429  # type: ignore[attr-defined]
    factory = session_factory(service.url)
    try:
        with factory() as session:
            row = session.scalar(select(LoginAttempt).where(LoginAttempt.key == AGENT))
            assert row is not None
            assert row.failures == 10
    finally:
        factory.kw["bind"].dispose()


def test_a_recovery_code_signs_in_once(service: Admin) -> None:
    _, codes = _enrol(service)
    step = _password(service)
    assert _send_code(service, step.text, codes[0]).status_code == 303  # type: ignore[attr-defined]
    again = _password(service)
    assert _send_code(service, again.text, codes[0]).status_code == 401  # type: ignore[attr-defined]
    assert not _signed_in(service)  # a used recovery code opens nothing
    third = _password(service)
    assert _send_code(service, third.text, codes[1]).status_code == 303  # type: ignore[attr-defined]
    assert "Recovery codes left: 8" in service.client.get("/dashboard/account").text


def test_the_user_disables_it_with_a_code_then_signs_in_with_the_password(service: Admin) -> None:
    totp, _ = _enrol(service)
    account = service.client.get("/dashboard/account")
    wrong = service.client.post(
        "/dashboard/account/totp/disable", data={"csrf": csrf_of(account.text), "code": "000000"}
    )
    assert wrong.status_code == 422
    done = service.client.post(
        "/dashboard/account/totp/disable",
        data={"csrf": csrf_of(wrong.text), "code": _next_code(totp)},
    )
    assert done.status_code == 200
    assert 'data-state="off"' in done.text
    assert _password(service).status_code == 303  # type: ignore[attr-defined]
    assert "disabled" in [e.action for e in _audit(service)]


def test_an_administrator_resets_it_from_the_cli(service: Admin) -> None:
    _enrol(service)
    reset = CliRunner().invoke(cli, ["users", "reset-totp", AGENT, "--db", service.url])
    assert reset.exit_code == 0, reset.output
    assert "second factor removed" in reset.output
    assert _password(service).status_code == 303  # type: ignore[attr-defined]
    assert _audit(service)[-1].action == "reset"


def test_required_for_providers_a_provider_enrols_at_sign_in_and_a_viewer_does_not(
    service: Admin,
) -> None:
    required = CliRunner().invoke(cli, ["users", "require-totp", "on", "--db", service.url])
    assert required.exit_code == 0, required.output
    assert _password(service, "viewer").status_code == 303  # type: ignore[attr-defined]
    step = _password(service, "agent")
    assert step.status_code == 200  # type: ignore[attr-defined]
    assert 'action="/dashboard/login/enrol"' in step.text  # type: ignore[attr-defined]
    assert not _signed_in(service)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', step.text)  # type: ignore[attr-defined]
    assert secret is not None
    done = _send_code(
        service,
        step.text,
        pyotp.TOTP(secret.group(1)).now(),
        "/dashboard/login/enrol",  # type: ignore[attr-defined]
    )
    assert done.status_code == 200  # type: ignore[attr-defined]
    assert "recovery-codes" in done.text  # type: ignore[attr-defined]
    assert _signed_in(service)


def test_api_tokens_are_not_affected_by_the_second_factor(service: Admin) -> None:
    _enrol(service)
    answer = service.client.get(
        "/api/me", headers={"Authorization": f"Bearer {service.tokens['agent']}"}
    )
    assert answer.status_code == 200
    assert answer.json()["user"] == AGENT


def test_the_owner_revokes_its_own_feed_token_and_not_another_s(service: Admin) -> None:
    service.sign_in("viewer")
    account = service.client.get("/dashboard/account")
    own = re.search(r'data-token="feed-(\d+)"', account.text)
    assert own is not None
    foreign = service.client.post(
        "/dashboard/account/tokens/api/1/revoke", data={"csrf": csrf_of(account.text)}
    )
    assert foreign.status_code == 404  # the admin's token: as if it did not exist
    done = service.client.post(
        f"/dashboard/account/tokens/feed/{own.group(1)}/revoke",
        data={"csrf": csrf_of(account.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    feed = service.tokens["feed:viewer"]
    assert (
        service.client.get(f"/feeds/previsoft-cgv/obligations.ics?token={feed}").status_code == 401
    )


def test_the_admin_token_page_creates_a_limited_token_shows_its_limits_and_rotates_it(
    service: Admin,
) -> None:
    service.sign_in("admin")
    csrf = service.csrf("/dashboard/admin/tokens")
    created = service.client.post(
        "/dashboard/admin/tokens",
        data={
            "csrf": csrf, "kind": "api", "user": AGENT, "name": "ro", "scope": "read",
            "days": "10", "contracts": "previsoft-cgv",
        },
    )  # fmt: skip
    assert created.status_code == 200
    found = re.search(r'<code id="secret">([^<]+)</code>', created.text)
    assert found is not None
    old = found.group(1)
    headers = {"Authorization": f"Bearer {old}"}
    assert (
        service.client.get("/api/contracts/northwind-hosting-clean", headers=headers).status_code
        == 404
    )
    assert service.client.get("/api/me", headers=headers).status_code == 200
    page = service.client.get("/dashboard/admin/tokens", params={"user": AGENT}).text
    row = re.search(
        r'<tr data-token="api-(\d+)" data-prefix="' + old[:8] + r'".*?</tr>', page, re.S
    )
    assert row is not None
    assert "read only" in row.group(0)
    assert "previsoft-cgv" in row.group(0)
    last_used = re.search(r'class="last-used">([^<]+)<', row.group(0))
    assert last_used is not None
    assert last_used.group(1) != "never"
    rotated = service.client.post(
        f"/dashboard/admin/tokens/api/{row.group(1)}/rotate",
        data={"csrf": csrf_of(page), "grace": "0", "user": AGENT},
    )
    assert rotated.status_code == 200
    new = re.search(r'<code id="secret">([^<]+)</code>', rotated.text)
    assert new is not None
    assert service.client.get("/api/me", headers=headers).status_code == 401
    fresh = {"Authorization": f"Bearer {new.group(1)}"}
    assert service.client.get("/api/me", headers=fresh).status_code == 200
    bad = service.client.post(
        "/dashboard/admin/tokens",
        data={"csrf": csrf_of(rotated.text), "kind": "api", "user": AGENT, "days": "9999"},
    )
    assert bad.status_code == 422
    assert "expires in: expected 1 to 365 days, found 9999" in bad.text
