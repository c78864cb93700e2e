"""budget cells: the contracts page's error-budget cell of each contract's current month,
with the contract version, a fingerprint of its inputs and the instant it goes stale
(issue #17)

Revision ID: 0022_budget_cells
Revises: 0021_status_pages
Create Date: 2026-12-07 23:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_budget_cells"
down_revision: str | None = "0021_status_pages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "budget_cell",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=200), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("version_sha256", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stale_after", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_budget_cell_contract_id_contract")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_cell")),
        sa.UniqueConstraint(
            "contract_id", "service", "month", name=op.f("uq_budget_cell_contract_id_service_month")
        ),
    )
    with op.batch_alter_table("budget_cell", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_cell_contract_id"), ["contract_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("budget_cell", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_cell_contract_id"))
    op.drop_table("budget_cell")
