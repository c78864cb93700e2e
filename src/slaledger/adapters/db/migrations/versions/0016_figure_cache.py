"""figure cache: each contract month's computed figures (availability, credits, breached
clocks, KPIs) as JSON, with the contract version and a fingerprint of the inputs they
were computed from; writes mark the months they change dirty

Revision ID: 0016_figure_cache
Revises: 0008_claims
Create Date: 2026-12-07 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_figure_cache"
down_revision: str | None = "0015_claim_notices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "figure_cache",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=200), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("version_sha256", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stale_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dirty", sa.Boolean(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_figure_cache_contract_id_contract")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_cache")),
        sa.UniqueConstraint(
            "contract_id",
            "service",
            "month",
            name=op.f("uq_figure_cache_contract_id_service_month"),
        ),
    )
    with op.batch_alter_table("figure_cache", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_figure_cache_contract_id"), ["contract_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("figure_cache", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_figure_cache_contract_id"))
    op.drop_table("figure_cache")
