"""obligation events: the contract events that start obligations and suspension clauses
(service opening, invoices, payment overdue, breaches...), stored so that the service's
statements, schedules and calendars use them as the CLI does from a file

Revision ID: 0011_obligation_events
Revises: 0009_sources_api
Create Date: 2026-12-07 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_obligation_events"
down_revision: str | None = "0009_sources_api"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "obligation_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("whole_day", sa.Boolean(), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("clause", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_obligation_event_contract_id_contract"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_obligation_event")),
        sa.UniqueConstraint(
            "contract_id",
            "event",
            "at",
            "ref",
            "clause",
            name=op.f("uq_obligation_event_contract_id_event_at_ref_clause"),
        ),
    )
    with op.batch_alter_table("obligation_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_obligation_event_contract_id"), ["contract_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("obligation_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_obligation_event_contract_id"))
    op.drop_table("obligation_event")
