"""invoiced_fee: the fee invoiced per contract, service and month (a billing export)

Revision ID: 0014_invoiced_fee
Revises: 0008_claims
Create Date: 2026-12-07 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_invoiced_fee"
down_revision: str | None = "0013_helpdesk_verdicts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invoiced_fee",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=200), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_invoiced_fee_contract_id_contract")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoiced_fee")),
        sa.UniqueConstraint(
            "contract_id",
            "service",
            "month",
            name=op.f("uq_invoiced_fee_contract_id_service_month"),
        ),
    )
    with op.batch_alter_table("invoiced_fee", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invoiced_fee_contract_id"), ["contract_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("invoiced_fee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoiced_fee_contract_id"))
    op.drop_table("invoiced_fee")
