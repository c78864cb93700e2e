"""helpdesk verdicts: a helpdesk's own SLA verdict per ticket and paired contract clock

Revision ID: 0013_helpdesk_verdicts
Revises: 0008_claims
Create Date: 2026-12-07 12:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_helpdesk_verdicts"
down_revision: str | None = "0012_source_definitions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "helpdesk_verdict",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("ticket", sa.String(length=200), nullable=False),
        sa.Column("clock", sa.String(length=100), nullable=False),
        sa.Column("timer", sa.String(length=200), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("breached", sa.Boolean(), nullable=True),
        sa.Column("target_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("goal_seconds", sa.BigInteger(), nullable=True),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_helpdesk_verdict_contract_id_contract")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_helpdesk_verdict")),
        sa.UniqueConstraint(
            "contract_id",
            "source",
            "ticket",
            "clock",
            name=op.f("uq_helpdesk_verdict_contract_id_source_ticket_clock"),
        ),
    )
    with op.batch_alter_table("helpdesk_verdict", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_helpdesk_verdict_contract_id"), ["contract_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("helpdesk_verdict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_helpdesk_verdict_contract_id"))
    op.drop_table("helpdesk_verdict")
