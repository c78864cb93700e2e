"""The dashboard's signed session cookie and its CSRF token."""

from __future__ import annotations

import time

import pytest
from fastapi import Request, Response

from slaledger.adapters.web.security import (
    SESSION_COOKIE,
    SESSION_SECONDS,
    Session,
    SessionCodec,
    csrf_matches,
)


def _request(cookie: str | None = None, scheme: str = "http") -> Request:
    headers = [(b"host", b"dashboard.example")]
    if cookie:
        headers.append((b"cookie", f"{SESSION_COOKIE}={cookie}".encode()))
    port = 443 if scheme == "https" else 80
    return Request(
        {
            "type": "http",
            "method": "GET",
            "path": "/",
            "scheme": scheme,
            "headers": headers,
            "server": ("dashboard.example", port),
        }
    )


def _cookie(codec: SessionCodec, session: Session, scheme: str = "http") -> tuple[str, str]:
    """The cookie's value and its Set-Cookie header."""
    response = Response()
    codec.write(response, session, _request(scheme=scheme))
    header = response.headers["set-cookie"]
    value = header.split(";", 1)[0].split("=", 1)[1]
    return value, header


def test_a_session_written_to_the_cookie_reads_back_with_its_csrf_token_and_user() -> None:
    codec = SessionCodec("secret")
    session = Session.fresh(user_id="42")
    value, _ = _cookie(codec, session)
    assert codec.read(_request(value)) == session


def test_each_fresh_session_has_its_own_unguessable_token() -> None:
    tokens = {Session.fresh().csrf for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(token) >= 40 for token in tokens)


def test_the_cookie_is_http_only_same_site_and_secure_over_https() -> None:
    codec = SessionCodec("secret")
    _, plain = _cookie(codec, Session.fresh())
    _, tls = _cookie(codec, Session.fresh(), scheme="https")
    for header in (plain, tls):
        assert "HttpOnly" in header
        assert "samesite=lax" in header.lower()
        assert f"Max-Age={SESSION_SECONDS}" in header
    assert "Secure" not in plain
    assert "Secure" in tls


@pytest.mark.parametrize(
    "tamper",
    [
        lambda v: v[:-2] + ("AA" if not v.endswith("AA") else "BB"),  # signature changed
        lambda v: "x" + v,  # payload changed
        lambda v: v.split(".")[0],  # signature removed
        lambda v: "",  # no cookie at all
    ],
)
def test_a_tampered_cookie_is_refused(tamper: object) -> None:
    codec = SessionCodec("secret")
    value, _ = _cookie(codec, Session.fresh(user_id="1"))
    assert callable(tamper)
    assert codec.read(_request(tamper(value))) is None


def test_a_cookie_signed_with_another_secret_is_refused() -> None:
    value, _ = _cookie(SessionCodec("someone-else"), Session.fresh(user_id="1"))
    assert SessionCodec("secret").read(_request(value)) is None


def test_a_session_older_than_its_lifetime_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    codec = SessionCodec("secret")
    value, _ = _cookie(codec, Session.fresh(user_id="1"))
    assert codec.read(_request(value)) is not None
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + SESSION_SECONDS + 5)
    assert codec.read(_request(value)) is None


@pytest.mark.parametrize(
    ("session", "submitted", "accepted"),
    [
        (Session("token-a"), "token-a", True),  # the session's own token
        (Session("token-a"), "token-b", False),  # another token
        (Session("token-a"), "", False),  # no token posted
        (Session("token-a"), None, False),  # no field at all
        (None, "token-a", False),  # no session to compare with
    ],
)
def test_a_form_is_accepted_only_with_the_sessions_csrf_token(
    session: Session | None, submitted: str | None, accepted: bool
) -> None:
    assert csrf_matches(session, submitted) is accepted


def test_a_flash_travels_in_the_session_and_a_session_without_one_carries_none() -> None:
    codec = SessionCodec("secret")
    flashed = Session.fresh("7", "stamp")
    flashed = Session(flashed.csrf, "7", "stamp", flash={"message": "saved", "contract": "k"})
    value, _ = _cookie(codec, flashed)
    read = codec.read(_request(value))
    assert read == flashed
    plain, _ = _cookie(codec, Session.fresh("7"))
    found = codec.read(_request(plain))
    assert found is not None
    assert found.flash is None
