"""Second factors (TOTP and recovery codes) and the service-wide security switches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from slaledger.adapters.db.models.base import Base, id_column


class UserTotp(Base):
    """A user's TOTP second factor (adapters/db/totp.py): the secret encrypted with a
    key derived from the service secret (``key_id`` names that key); active once
    ``confirmed_at`` is set; ``last_step``: the last time step accepted (a code is
    never accepted twice)."""

    __tablename__ = "user_totp"
    id: Mapped[int] = id_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    secret_box: Mapped[str] = mapped_column(Text)
    key_id: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    confirmed_at: Mapped[datetime | None]
    last_step: Mapped[int | None] = mapped_column(Integer)


class RecoveryCode(Base):
    """A one-use recovery code of a user's second factor: only its sha256 is stored."""

    __tablename__ = "totp_recovery_code"
    id: Mapped[int] = id_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class SecuritySetting(Base):
    """A service-wide security switch (``name`` "totp_required": "provider" or "")."""

    __tablename__ = "security_setting"
    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(40), unique=True)
    value: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime]
