"""totp_token_scopes: API tokens' expiry, scope, contracts and rotation; tokens' last
use (table token_use); the TOTP second factor and its recovery codes; service-wide
security settings (issue #20 parts 2 and 4)

Revision ID: 0018_totp_token_scopes
Revises: 0017_sessions
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_totp_token_scopes"
down_revision: str | None = "0017_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", _WHEN, nullable=True))
        batch_op.add_column(
            sa.Column("scope", sa.String(length=10), nullable=False, server_default="write")
        )
        batch_op.add_column(sa.Column("contracts", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("previous_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("previous_until", _WHEN, nullable=True))
    op.create_table(
        "token_use",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=4), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=False),
        sa.Column("last_used_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_token_use")),
        sa.UniqueConstraint("kind", "token_id", name=op.f("uq_token_use_kind_token_id")),
    )
    op.create_table(
        "user_totp",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret_box", sa.Text(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("confirmed_at", _WHEN, nullable=True),
        sa.Column("last_step", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_user_totp_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_totp")),
        sa.UniqueConstraint("user_id", name=op.f("uq_user_totp_user_id")),
    )
    op.create_table(
        "totp_recovery_code",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", _WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_totp_recovery_code_user_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_totp_recovery_code")),
    )
    with op.batch_alter_table("totp_recovery_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_totp_recovery_code_user_id"), ["user_id"])
    op.create_table(
        "security_setting",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("updated_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_setting")),
        sa.UniqueConstraint("name", name=op.f("uq_security_setting_name")),
    )


def downgrade() -> None:
    op.drop_table("security_setting")
    with op.batch_alter_table("totp_recovery_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_totp_recovery_code_user_id"))
    op.drop_table("totp_recovery_code")
    op.drop_table("user_totp")
    op.drop_table("token_use")
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        for column in (
            "previous_until", "previous_hash", "contracts", "scope", "expires_at"
        ):  # fmt: skip
            batch_op.drop_column(column)
