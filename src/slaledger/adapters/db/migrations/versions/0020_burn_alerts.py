"""burn alerts: the burn-rate episodes announced per channel, and contracts' own
burn-rate rules (issue 21, part 2)

Revision ID: 0020_burn_alerts
Revises: 0017_sessions
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_burn_alerts"
down_revision: str | None = "0017_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "burn_alert",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("clause", sa.String(length=100), nullable=False),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("episode", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=200), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_burn_alert_contract_id_contract")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_burn_alert")),
        sa.UniqueConstraint(
            "contract_id",
            "clause",
            "severity",
            "episode",
            "channel",
            name=op.f("uq_burn_alert_contract_id_clause_severity_episode_channel"),
        ),
    )
    with op.batch_alter_table("burn_alert", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_burn_alert_contract_id"), ["contract_id"], unique=False
        )
    op.create_table(
        "burn_setting",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_burn_setting_contract_id_contract")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_burn_setting")),
        sa.UniqueConstraint("contract_id", name=op.f("uq_burn_setting_contract_id")),
    )


def downgrade() -> None:
    op.drop_table("burn_setting")
    with op.batch_alter_table("burn_alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_burn_alert_contract_id"))
    op.drop_table("burn_alert")
