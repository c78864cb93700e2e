"""status pages: each contract's customer status page setting and its read-only tokens
(issue #21, part 5)

Revision ID: 0021_status_pages
Revises: 0017_sessions
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_status_pages"
down_revision: str | None = "0020_burn_alerts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "status_page",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_status_page_contract_id_contract")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_page")),
        sa.UniqueConstraint("contract_id", name=op.f("uq_status_page_contract_id")),
    )
    op.create_table(
        "status_token",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_status_token_contract_id_contract")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_status_token_token_hash")),
    )
    with op.batch_alter_table("status_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_status_token_contract_id"), ["contract_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("status_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_token_contract_id"))
    op.drop_table("status_token")
    op.drop_table("status_page")
