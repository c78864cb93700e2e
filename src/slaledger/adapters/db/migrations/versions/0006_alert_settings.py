"""alert settings: a contract's own alert recipients, languages, risk share and kinds,
and its monthly statement e-mails (recipients, on or off); null: the service's default

Revision ID: 0006_alert_settings
Revises: 0006_sources
Create Date: 2026-12-12 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_alert_settings"
down_revision: str | None = "0006_sources"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_setting",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("alert_recipients", sa.Text(), nullable=True),
        sa.Column("statement_recipients", sa.Text(), nullable=True),
        sa.Column("languages", sa.String(length=20), nullable=True),
        sa.Column("risk_share", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("alert_kinds", sa.String(length=200), nullable=True),
        sa.Column("statement_emails", sa.Boolean(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_alert_setting_contract_id_contract")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_setting")),
        sa.UniqueConstraint("contract_id", name=op.f("uq_alert_setting_contract_id")),
    )


def downgrade() -> None:
    op.drop_table("alert_setting")
