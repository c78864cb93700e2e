"""sources: the notices sent per failure episode of a source (source_alert)

Revision ID: 0009_sources_api
Revises: 0006_alert_settings
Create Date: 2026-12-07 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_sources_api"
down_revision: str | None = "0006_alert_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "source_alert",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source_state_id", sa.Integer(), nullable=False),
        sa.Column("episode", sa.DateTime(timezone=True), nullable=False),
        sa.Column("transition", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=200), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_state_id"],
            ["source_state.id"],
            name=op.f("fk_source_alert_source_state_id_source_state"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_alert")),
        sa.UniqueConstraint(
            "source_state_id",
            "episode",
            "transition",
            "channel",
            name=op.f("uq_source_alert_source_state_id_episode_transition_channel"),
        ),
    )
    with op.batch_alter_table("source_alert", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_source_alert_source_state_id"), ["source_state_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("source_alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_alert_source_state_id"))
    op.drop_table("source_alert")
