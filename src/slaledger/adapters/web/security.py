"""The dashboard's session cookie and CSRF tokens.

The session cookie carries only a random session id (signed with itsdangerous, so a
forged one is refused before any look-up): HttpOnly, SameSite=Strict, and over TLS
(https, or ``secure``: ``sla serve --secure-cookies``) ``Secure`` and named with the
``__Host-`` prefix (no Domain, path /). The server keeps, per signed-in session, who
it is and when it was opened and last seen (``adapters/db/web_sessions.py``): ending
the record ends the session, whoever holds a copy of the cookie.

Every session — an anonymous one too, so the login form is protected — has a CSRF
token, derived from its id (a one-way digest: the token in a page never reveals the
id); every form posts it back and a POST whose token differs from the session's is
refused. A new id is drawn at login and at logout.

A page may leave a flash for the page a POST redirects to (POST/redirect/GET, see
``flash.py``): a few words, never a secret, in a cookie of its own, taken out by that
page so that a reload neither resubmits the form nor shows the message again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Protocol

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "sla_session"
#: the cookie's name over TLS: the browser then accepts it only Secure, path /, no Domain
SECURE_SESSION_COOKIE = "__Host-sla_session"
FLASH_COOKIE = "sla_flash"
LANGUAGE_COOKIE = "sla_lang"
#: a session lasts at most this long without a new login (the default absolute timeout)
SESSION_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Session:
    sid: str
    user_id: str | None = None
    #: what the next page is to say after a redirect (names and values, no secret)
    flash: dict[str, str] | None = None

    @staticmethod
    def fresh(user_id: str | None = None) -> Session:
        return Session(sid=secrets.token_urlsafe(32), user_id=user_id)

    @property
    def csrf(self) -> str:
        digest = hashlib.sha256(b"slaledger-csrf:" + self.sid.encode()).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class SessionRecords(Protocol):
    """Where the signed-in sessions are kept (adapters/db/web_sessions.py)."""

    def open(self, sid: str, user_id: str, *, ip: str, user_agent: str) -> None: ...

    def user_of(self, sid: str) -> str | None: ...

    def end(self, sid: str) -> None: ...


class SessionCodec:
    """Reads and writes the session and flash cookies; ``records``: the sessions kept
    on the server; ``secure``: always mark the cookie Secure (a TLS proxy in front)."""

    def __init__(
        self,
        secret: str,
        records: SessionRecords,
        *,
        secure: bool = False,
        max_age: int = SESSION_SECONDS,
    ) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="slaledger-web-session")
        self._flash = URLSafeTimedSerializer(secret, salt="slaledger-web-flash")
        self.records, self.secure, self.max_age = records, secure, max_age

    def _tls(self, request: Request) -> bool:
        return self.secure or request.url.scheme == "https"

    def cookie_name(self, request: Request) -> str:
        return SECURE_SESSION_COOKIE if self._tls(request) else SESSION_COOKIE

    def read(self, request: Request) -> Session | None:
        raw = request.cookies.get(self.cookie_name(request))
        if not raw:
            return None
        try:
            sid = self._serializer.loads(raw, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(sid, str) or len(sid) < 32:
            return None
        return Session(sid=sid, user_id=self.records.user_of(sid), flash=self._read_flash(request))

    def _read_flash(self, request: Request) -> dict[str, str] | None:
        raw = request.cookies.get(FLASH_COOKIE)
        if not raw:
            return None
        try:
            return _flash(json.loads(self._flash.loads(raw, max_age=3600)))
        except (BadSignature, ValueError):
            return None

    def open(self, response: Response, user_id: str, request: Request) -> Session:
        """A new signed-in session (a new id: the one before login is never reused)."""
        session = Session.fresh(user_id)
        self.records.open(
            session.sid,
            user_id,
            ip=request.client.host if request.client else "",
            user_agent=request.headers.get("user-agent", ""),
        )
        self.write(response, session, request)
        return session

    def end(self, response: Response, session: Session, request: Request) -> None:
        """End ``session`` on the server and give the browser a new anonymous one."""
        self.records.end(session.sid)
        self.write(response, Session.fresh(), request)

    def write(self, response: Response, session: Session, request: Request) -> None:
        tls = self._tls(request)
        response.set_cookie(
            self.cookie_name(request),
            self._serializer.dumps(session.sid),
            max_age=self.max_age,
            httponly=True,
            samesite="strict",
            secure=tls,
            path="/",
        )
        if session.flash:
            text = self._flash.dumps(json.dumps(session.flash))
            response.set_cookie(
                FLASH_COOKIE, text, httponly=True, samesite="strict", secure=tls, path="/"
            )
        elif FLASH_COOKIE in request.cookies:
            response.delete_cookie(FLASH_COOKIE, path="/")


def _flash(value: object) -> dict[str, str] | None:
    if not isinstance(value, dict) or not value:
        return None
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}


def csrf_matches(session: Session | None, submitted: str | None) -> bool:
    """True when the form's token is the session's (compared in constant time)."""
    if session is None or not submitted:
        return False
    return hmac.compare_digest(session.csrf.encode(), submitted.encode())
