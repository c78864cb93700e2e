"""The dashboard's session cookie (a signed session id, nothing else), its CSRF token
and its flash cookie."""

from __future__ import annotations

import time

import pytest
from fastapi import Request, Response

from slaledger.adapters.db.web_sessions import MemorySessions
from slaledger.adapters.web.security import (
    FLASH_COOKIE,
    SECURE_SESSION_COOKIE,
    SESSION_COOKIE,
    SESSION_SECONDS,
    Session,
    SessionCodec,
    csrf_matches,
)


def _request(cookies: dict[str, str] | None = None, scheme: str = "http") -> Request:
    headers = [(b"host", b"dashboard.example"), (b"user-agent", b"test-browser")]
    if cookies:
        text = "; ".join(f"{k}={v}" for k, v in cookies.items())
        headers.append((b"cookie", text.encode()))
    port = 443 if scheme == "https" else 80
    return Request(
        {
            "type": "http",
            "method": "GET",
            "path": "/",
            "scheme": scheme,
            "headers": headers,
            "server": ("dashboard.example", port),
            "client": ("192.0.2.1", 5000),
        }
    )


def _codec(secret: str = "secret", **options: bool) -> SessionCodec:
    return SessionCodec(secret, MemorySessions(), **options)


def _cookies(codec: SessionCodec, session: Session, scheme: str = "http") -> dict[str, str]:
    """The cookies the browser keeps after ``codec`` wrote ``session``."""
    response = Response()
    codec.write(response, session, _request(scheme=scheme))
    found = {}
    for name, value in response.raw_headers:
        if name == b"set-cookie":
            pair = value.decode().split(";", 1)[0]
            key, _, text = pair.partition("=")
            found[key] = text
    return found


def _headers(codec: SessionCodec, scheme: str = "http") -> str:
    response = Response()
    codec.write(response, Session.fresh(), _request(scheme=scheme))
    return response.headers["set-cookie"]


def test_a_signed_in_session_reads_back_with_its_user_while_the_server_keeps_it() -> None:
    codec = _codec()
    response = Response()
    opened = codec.open(response, "42", _request())
    value = response.headers["set-cookie"].split(";", 1)[0].split("=", 1)[1]
    read = codec.read(_request({SESSION_COOKIE: value}))
    assert read == opened
    assert read is not None
    assert read.user_id == "42"
    codec.records.end(opened.sid)
    ended = codec.read(_request({SESSION_COOKIE: value}))
    assert ended is not None
    assert ended.user_id is None  # the same cookie, no one signed in


def test_the_cookie_carries_the_session_id_only() -> None:
    codec = _codec()
    session = Session.fresh("42")
    value = _cookies(codec, session)[SESSION_COOKIE]
    payload = value.split(".")[0]
    assert "42" not in payload.replace(session.sid, "")
    assert session.csrf not in value


def test_each_fresh_session_has_its_own_unguessable_id_and_token() -> None:
    sessions = [Session.fresh() for _ in range(50)]
    assert len({s.sid for s in sessions}) == 50
    assert len({s.csrf for s in sessions}) == 50
    assert all(len(s.csrf) >= 40 for s in sessions)
    assert all(s.sid not in s.csrf for s in sessions)


def test_the_cookie_is_http_only_same_site_strict_and_secure_with_host_prefix_over_tls() -> None:
    codec = _codec()
    plain, tls = _headers(codec), _headers(codec, scheme="https")
    forced = _headers(_codec(secure=True))
    for header in (plain, tls, forced):
        assert "HttpOnly" in header
        assert "samesite=strict" in header.lower()
        assert f"Max-Age={SESSION_SECONDS}" in header
        assert "Domain" not in header
        assert "Path=/" in header
    assert "Secure" not in plain
    assert plain.startswith(SESSION_COOKIE + "=")
    for header in (tls, forced):
        assert "Secure" in header
        assert header.startswith(SECURE_SESSION_COOKIE + "=")


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
    codec = _codec()
    value = _cookies(codec, Session.fresh(user_id="1"))[SESSION_COOKIE]
    assert callable(tamper)
    assert codec.read(_request({SESSION_COOKIE: tamper(value)})) is None


def test_a_cookie_signed_with_another_secret_is_refused() -> None:
    value = _cookies(_codec("someone-else"), Session.fresh(user_id="1"))[SESSION_COOKIE]
    assert _codec().read(_request({SESSION_COOKIE: value})) is None


def test_a_cookie_older_than_its_lifetime_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    codec = _codec()
    value = _cookies(codec, Session.fresh(user_id="1"))[SESSION_COOKIE]
    assert codec.read(_request({SESSION_COOKIE: value})) is not None
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + SESSION_SECONDS + 5)
    assert codec.read(_request({SESSION_COOKIE: value})) is None


def test_a_form_is_accepted_only_with_the_sessions_csrf_token() -> None:
    session, other = Session.fresh(), Session.fresh()
    assert csrf_matches(session, session.csrf)
    assert not csrf_matches(session, other.csrf)
    assert not csrf_matches(session, "")
    assert not csrf_matches(session, None)
    assert not csrf_matches(None, session.csrf)


def test_a_flash_travels_in_its_own_cookie_and_a_session_without_one_carries_none() -> None:
    codec = _codec()
    flashed = Session(Session.fresh().sid, flash={"message": "saved", "contract": "k"})
    cookies = _cookies(codec, flashed)
    assert FLASH_COOKIE in cookies
    read = codec.read(_request(cookies))
    assert read is not None
    assert read.flash == flashed.flash
    plain = _cookies(codec, Session.fresh())
    found = codec.read(_request(plain))
    assert found is not None
    assert found.flash is None
