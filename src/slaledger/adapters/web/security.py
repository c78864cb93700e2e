"""The dashboard's session cookie and CSRF tokens.

The session is a cookie signed with itsdangerous (HttpOnly, SameSite=Strict, Secure over
https) that holds the user's id, the user's credential stamp at login (a digest of its
password hash: a new password ends every session opened before) and the session's CSRF
token. Every session — an
anonymous one too, so the login form is protected — carries a token; every form posts
it back and a POST whose token differs from the session's is refused.

A session may also carry a flash: a few words for the page a POST redirects to
(POST/redirect/GET), taken out by that page, so that a reload neither resubmits the form
nor shows the message again (see ``flash.py``). It never holds a secret.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "sla_session"
LANGUAGE_COOKIE = "sla_lang"
#: a session lasts at most this long without a new login
SESSION_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Session:
    csrf: str
    user_id: str | None = None
    stamp: str = ""  # the user's WebUser.stamp when the session was opened
    #: what the next page is to say after a redirect (names and values, no secret)
    flash: dict[str, str] | None = None

    @staticmethod
    def fresh(user_id: str | None = None, stamp: str = "") -> Session:
        return Session(csrf=secrets.token_urlsafe(32), user_id=user_id, stamp=stamp)


class SessionCodec:
    """Reads and writes the signed session cookie."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="slaledger-web-session")

    def read(self, request: Request) -> Session | None:
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return None
        try:
            data = self._serializer.loads(raw, max_age=SESSION_SECONDS)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
            return None
        user, stamp, flash = data.get("user"), data.get("stamp"), data.get("flash")
        return Session(
            csrf=data["csrf"],
            user_id=str(user) if user is not None else None,
            stamp=stamp if isinstance(stamp, str) else "",
            flash=_flash(flash),
        )

    def write(self, response: Response, session: Session, request: Request) -> None:
        data: dict[str, object] = {
            "csrf": session.csrf,
            "user": session.user_id,
            "stamp": session.stamp,
        }
        if session.flash:
            data["flash"] = session.flash
        response.set_cookie(
            SESSION_COOKIE,
            self._serializer.dumps(data),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )


def _flash(value: object) -> dict[str, str] | None:
    if not isinstance(value, dict) or not value:
        return None
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}


def csrf_matches(session: Session | None, submitted: str | None) -> bool:
    """True when the form's token is the session's (compared in constant time)."""
    if session is None or not submitted:
        return False
    return hmac.compare_digest(session.csrf.encode(), submitted.encode())
