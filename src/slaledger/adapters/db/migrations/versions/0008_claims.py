"""claims: a credit claim's credit, deadline and decision; the credit notes of granted
claims, numbered per provider and year

Revision ID: 0008_claims
Revises: 0011_obligation_events
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_claims"
down_revision: str | None = "0011_obligation_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AMOUNT = sa.Numeric(precision=18, scale=6)


def upgrade() -> None:
    with op.batch_alter_table("credit_claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("days", AMOUNT, nullable=True))
        batch_op.add_column(sa.Column("deadline", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("granted", AMOUNT, nullable=True))
        batch_op.add_column(sa.Column("currency", sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("decided_by", sa.String(length=320), nullable=True))
    op.execute("UPDATE credit_claim SET status = 'requested' WHERE status = 'claimed'")
    with op.batch_alter_table("credit_claim", schema=None) as batch_op:
        batch_op.alter_column("reason", server_default=None)
    op.create_table(
        "credit_note",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["credit_claim.id"], name=op.f("fk_credit_note_claim_id_credit_claim")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["provider.id"], name=op.f("fk_credit_note_provider_id_provider")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_note")),
        sa.UniqueConstraint("claim_id", name=op.f("uq_credit_note_claim_id")),
        sa.UniqueConstraint(
            "provider_id", "year", "seq", name=op.f("uq_credit_note_provider_id_year_seq")
        ),
    )
    with op.batch_alter_table("credit_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credit_note_provider_id"), ["provider_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("credit_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_note_provider_id"))
    op.drop_table("credit_note")
    op.execute("UPDATE credit_claim SET status = 'claimed' WHERE status = 'requested'")
    with op.batch_alter_table("credit_claim", schema=None) as batch_op:
        for column in (
            "decided_by", "decided_at", "reason", "currency", "granted", "deadline", "days", "unit"
        ):  # fmt: skip
            batch_op.drop_column(column)
