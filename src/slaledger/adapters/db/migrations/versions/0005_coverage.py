"""observed periods: what the measurements cover, observed or declared

Revision ID: 0005_coverage
Revises: 0003_access
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_coverage"
down_revision: str | None = "0003_access"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "observed_period",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_observed_period_contract_id_contract")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["service.id"], name=op.f("fk_observed_period_service_id_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observed_period")),
    )
    with op.batch_alter_table("observed_period", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_observed_period_contract_id"), ["contract_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_observed_period_service_id"), ["service_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_observed_period_start"), ["start"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("observed_period", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_observed_period_start"))
        batch_op.drop_index(batch_op.f("ix_observed_period_service_id"))
        batch_op.drop_index(batch_op.f("ix_observed_period_contract_id"))
    op.drop_table("observed_period")
