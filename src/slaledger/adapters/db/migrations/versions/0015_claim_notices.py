"""claim notices: the notices sent about a credit's claim (its deadline near, a claim
waiting for the provider's decision), at most one per credit, kind and channel

Revision ID: 0015_claim_notices
Revises: 0008_claims
Create Date: 2026-12-07 12:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_claim_notices"
down_revision: str | None = "0014_invoiced_fee"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_notice",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=200), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=200), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_claim_notice_contract_id_contract")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_notice")),
        sa.UniqueConstraint(
            "contract_id",
            "service",
            "month",
            "kind",
            "channel",
            name=op.f("uq_claim_notice_contract_id_service_month_kind_channel"),
        ),
    )
    with op.batch_alter_table("claim_notice", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_notice_contract_id"), ["contract_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_notice_contract_id"))
    op.drop_table("claim_notice")
