"""The dashboard's side of the TOTP second factor: ``FactorGate`` asks the Store
(``adapters/db/totp.py``) in a short transaction per question, on real time (never the
demo's replayed clock), with the seeds sealed under the service secret; ``PendingLogin``
is the signed, five-minute cookie that carries "password right, code awaited" from the
password step to the code step — no session exists before the code is right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import segno
from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.errors import NotFound
from slaledger.adapters.db.models import User
from slaledger.adapters.db.secret_box import SecretBox
from slaledger.adapters.db.store import Store
from slaledger.adapters.db.totp import Checked, Enrolment
from slaledger.domain.message import msg
from slaledger.domain.second_factor import Step

PENDING_COOKIE = "sla_2fa"
SECURE_PENDING_COOKIE = "__Host-sla_2fa"
#: seconds between the right password and the code
PENDING_SECONDS = 300


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class FactorState:
    enrolled: bool
    pending: bool  # a seed drawn, its first code not given yet
    required: bool  # the service requires it of this user's role
    recovery_left: int


def qr_svg(uri: str) -> str:
    """The otpauth:// address as an SVG QR code (inline markup, no script, no style)."""
    return str(segno.make(uri, error="m").svg_inline(scale=4, dark="#000"))


class FactorGate:
    def __init__(
        self,
        factory: sessionmaker[Session],
        secret: str,
        *,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.factory, self.box, self.clock = factory, SecretBox(secret), clock

    def _user(self, store: Store, user_id: str) -> User:
        user = store.session.get(User, int(user_id)) if user_id.isdigit() else None
        if user is None or not user.active:
            raise NotFound(msg("store.no-user", user=user_id))
        store.actor = user.email
        return user

    def _run(self, user_id: str, work: Callable[[Store, User], object]) -> object:
        with Store.transaction(self.factory, actor="anonymous") as store:
            store.clock = self.clock
            return work(store, self._user(store, user_id))

    def step(self, user_id: str) -> Step:
        found = self._run(user_id, lambda store, user: store.sign_in_step(user))
        assert isinstance(found, Step)
        return found

    def state(self, user_id: str) -> FactorState:
        def read(store: Store, user: User) -> FactorState:
            row = store.totp_of(user)
            return FactorState(
                enrolled=row is not None and row.confirmed_at is not None,
                pending=row is not None and row.confirmed_at is None,
                required=store.sign_in_step(user) is not Step.NONE,
                recovery_left=store.recovery_left(user),
            )

        found = self._run(user_id, read)
        assert isinstance(found, FactorState)
        return found

    def start(self, user_id: str) -> Enrolment:
        found = self._run(user_id, lambda store, user: store.start_totp(user, self.box))
        assert isinstance(found, Enrolment)
        return found

    def confirm(self, user_id: str, code: str) -> list[str] | None:
        found = self._run(user_id, lambda store, user: store.confirm_totp(user, code, self.box))
        assert found is None or isinstance(found, list)
        return found

    def verify(self, user_id: str, code: str) -> Checked:
        found = self._run(user_id, lambda store, user: store.verify_totp(user, code, self.box))
        assert isinstance(found, Checked)
        return found

    def disable(self, user_id: str, code: str) -> Checked:
        found = self._run(user_id, lambda store, user: store.disable_totp(user, code, self.box))
        assert isinstance(found, Checked)
        return found


class PendingLogin:
    """The signed cookie of a sign-in waiting for its code: the user's id and where to
    go next; HttpOnly, SameSite=Strict, ``__Host-`` and Secure over TLS."""

    def __init__(self, secret: str, *, secure: bool = False) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="slaledger-second-factor")
        self.secure = secure

    def _tls(self, request: Request) -> bool:
        return self.secure or request.url.scheme == "https"

    def _name(self, request: Request) -> str:
        return SECURE_PENDING_COOKIE if self._tls(request) else PENDING_COOKIE

    def write(self, response: Response, request: Request, user_id: str, target: str) -> None:
        response.set_cookie(
            self._name(request),
            self._serializer.dumps({"u": user_id, "next": target}),
            max_age=PENDING_SECONDS,
            httponly=True,
            samesite="strict",
            secure=self._tls(request),
            path="/",
        )

    def read(self, request: Request) -> tuple[str, str] | None:
        """The waiting user's id and the page to open, if the cookie is good and fresh."""
        raw = request.cookies.get(self._name(request))
        if not raw:
            return None
        try:
            found = self._serializer.loads(raw, max_age=PENDING_SECONDS)
        except BadSignature:
            return None
        if not isinstance(found, dict):
            return None
        user_id, target = found.get("u"), found.get("next")
        if not isinstance(user_id, str) or not isinstance(target, str):
            return None
        return user_id, target

    def clear(self, response: Response, request: Request) -> None:
        response.delete_cookie(self._name(request), path="/")
