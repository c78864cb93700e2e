"""The TOTP second factor in the Store (rules: ``domain/second_factor.py``): enrolment
(a seed sealed with the service secret, active once a first code confirms it), codes
checked once each, one-use recovery codes (sha256 only), disabling by the user,
resetting by an administrator, and the service-wide "required for provider roles"
switch. Every enrolment, use, failure, disabling and reset is an audit entry (entity
``totp``); no seed ever leaves this module but at enrolment.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import pyotp
from sqlalchemy import select

from slaledger.adapters.db.errors import StoreError
from slaledger.adapters.db.models import RecoveryCode, SecuritySetting, User, UserTotp
from slaledger.adapters.db.secret_box import SecretBox, SecretBoxError
from slaledger.adapters.db.security import token_hash
from slaledger.adapters.db.unit_of_work import UnitOfWork
from slaledger.domain.message import msg
from slaledger.domain.second_factor import (
    DRIFT_STEPS,
    RECOVERY_CODES,
    Refusal,
    Step,
    looks_like_recovery_code,
    match_step,
    next_step,
)

ISSUER = "SLA Ledger"
REQUIRED = "totp_required"
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


@dataclass(frozen=True)
class Enrolment:
    """A seed just drawn: shown once (with its otpauth:// address for a QR code)."""

    secret: str
    uri: str


@dataclass(frozen=True)
class Checked:
    """A code's verdict: accepted, else ``reason`` ("wrong", "replayed", "unreadable")."""

    ok: bool
    reason: str = ""
    recovery_left: int | None = None  # after a recovery code: how many remain


class SecondFactors(UnitOfWork):
    """The second-factor part of the Store."""

    # ------------------------------------------------------------ switch
    def totp_required(self) -> bool:
        row = self.session.scalar(select(SecuritySetting).where(SecuritySetting.name == REQUIRED))
        return row is not None and row.value == "provider"

    def set_totp_required(self, required: bool) -> None:
        row = self.session.scalar(select(SecuritySetting).where(SecuritySetting.name == REQUIRED))
        value = "provider" if required else ""
        if row is None:
            row = SecuritySetting(name=REQUIRED, value=value, updated_at=self.clock())
            self.session.add(row)
        elif row.value == value:
            return
        row.value, row.updated_at = value, self.clock()
        self.session.flush()
        self.append_audit("update", "security_setting", row.id, {"totp_required": value})

    # --------------------------------------------------------- state
    def totp_of(self, user: User) -> UserTotp | None:
        return self.session.scalar(select(UserTotp).where(UserTotp.user_id == user.id))

    def totp_enrolled(self, user: User) -> bool:
        row = self.totp_of(user)
        return row is not None and row.confirmed_at is not None

    def sign_in_step(self, user: User) -> Step:
        return next_step(
            user.role,
            enrolled=self.totp_enrolled(user),
            required_for_providers=self.totp_required(),
        )

    # ------------------------------------------------------- enrolment
    def start_totp(self, user: User, box: SecretBox) -> Enrolment:
        """Draw a new seed (replacing an unconfirmed one); refused while one is active."""
        row = self.totp_of(user)
        if row is not None and row.confirmed_at is not None:
            raise StoreError(msg("store.totp-active", email=user.email))
        secret = pyotp.random_base32()
        if row is None:
            row = UserTotp(user_id=user.id, secret_box="", key_id="", created_at=self.clock())
            self.session.add(row)
        row.secret_box, row.key_id = box.seal(secret), box.key_id
        row.created_at, row.last_step = self.clock(), None
        self.session.flush()
        self.append_audit("enrol-start", "totp", row.id, {"email": user.email})
        uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
        return Enrolment(secret, uri)

    def confirm_totp(self, user: User, code: str, box: SecretBox) -> list[str] | None:
        """Activate the pending seed with its first code: the recovery codes (shown
        once), or None for a wrong code (audited)."""
        row = self.totp_of(user)
        if row is None or row.confirmed_at is not None:
            raise StoreError(msg("store.totp-not-waiting", email=user.email))
        verdict = self._check_code(row, code, box)
        if not verdict.ok:
            self.append_audit(
                "failed",
                "totp",
                row.id,
                {"email": user.email, "reason": verdict.reason, "during": "enrolment"},
            )
            return None
        row.confirmed_at = self.clock()
        codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
        for old in self._codes(user):  # ORM deletes: the audit data follows them
            self.session.delete(old)
        self.session.add_all(RecoveryCode(user_id=user.id, code_hash=token_hash(c)) for c in codes)
        self.session.flush()
        self.append_audit(
            "enrolled", "totp", row.id, {"email": user.email, "recovery_codes": len(codes)}
        )
        return codes

    # -------------------------------------------------------- sign-in
    def verify_totp(self, user: User, code: str, box: SecretBox) -> Checked:
        """Check a code (or a recovery code, used up) of the user's active factor."""
        row = self.totp_of(user)
        if row is None or row.confirmed_at is None:
            return Checked(False, "not enrolled")
        verdict = (
            self._use_recovery(user, code)
            if looks_like_recovery_code(code)
            else self._check_code(row, code, box)
        )
        payload = {"email": user.email, "recovery": looks_like_recovery_code(code)}
        if verdict.ok:
            self.append_audit("accepted", "totp", row.id, payload)
        else:
            self.append_audit("failed", "totp", row.id, payload | {"reason": verdict.reason})
        return verdict

    def disable_totp(self, user: User, code: str, box: SecretBox) -> Checked:
        """The user turns its factor off, proving it with a code (or a recovery code)."""
        verdict = self.verify_totp(user, code, box)
        if verdict.ok:
            self._remove(user, "disabled")
        return verdict

    def reset_totp(self, user: User) -> bool:
        """An administrator removes the user's factor (lost phone); False: it had none."""
        if self.totp_of(user) is None:
            return False
        self._remove(user, "reset")
        return True

    def recovery_left(self, user: User) -> int:
        return len(self._unused_codes(user))

    # -------------------------------------------------------- inside
    def _check_code(self, row: UserTotp, code: str, box: SecretBox) -> Checked:
        try:
            secret = box.open(row.secret_box, row.key_id)
        except SecretBoxError:
            return Checked(False, "unreadable")
        totp, now = pyotp.TOTP(secret), self.clock()
        current = totp.timecode(now)
        window = {
            current + d: totp.generate_otp(current + d)
            for d in range(-DRIFT_STEPS, DRIFT_STEPS + 1)
        }
        step, refusal = match_step(code, window, row.last_step)
        if step is None:
            return Checked(False, (refusal or Refusal.WRONG).value)
        row.last_step = step
        self.session.flush()
        return Checked(True)

    def _use_recovery(self, user: User, code: str) -> Checked:
        digest = token_hash(code.strip().lower())
        for row in self._unused_codes(user):
            if secrets.compare_digest(row.code_hash, digest):
                row.used_at = self.clock()
                self.session.flush()
                return Checked(True, recovery_left=self.recovery_left(user))
        return Checked(False, Refusal.WRONG.value)

    def _codes(self, user: User) -> list[RecoveryCode]:
        query = select(RecoveryCode).where(RecoveryCode.user_id == user.id)
        return list(self.session.scalars(query))

    def _unused_codes(self, user: User) -> list[RecoveryCode]:
        return [c for c in self._codes(user) if c.used_at is None]

    def _remove(self, user: User, action: str) -> None:
        row = self.totp_of(user)
        row_id = row.id if row is not None else user.id
        for old in [*self._codes(user), *([row] if row is not None else [])]:
            self.session.delete(old)
        self.session.flush()
        self.append_audit(action, "totp", row_id, {"email": user.email})


def _recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"
