"""The dashboard's session cookie and CSRF tokens.

The session is a cookie signed with itsdangerous (HttpOnly, SameSite=Lax, Secure over
https) that holds the user's id, the user's credential stamp at login (a digest of its
password hash: a new password ends every session opened before) and the session's CSRF
token. Every session — an
anonymous one too, so the login form is protected — carries a token; every form posts
it back and a POST whose token differs from the session's is refused.
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
        user, stamp = data.get("user"), data.get("stamp")
        return Session(
            csrf=data["csrf"],
            user_id=str(user) if user is not None else None,
            stamp=stamp if isinstance(stamp, str) else "",
        )

    def write(self, response: Response, session: Session, request: Request) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            self._serializer.dumps(
                {"csrf": session.csrf, "user": session.user_id, "stamp": session.stamp}
            ),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )


def csrf_matches(session: Session | None, submitted: str | None) -> bool:
    """True when the form's token is the session's (compared in constant time)."""
    if session is None or not submitted:
        return False
    return hmac.compare_digest(session.csrf.encode(), submitted.encode())
