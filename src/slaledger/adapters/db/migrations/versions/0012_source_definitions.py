"""source definitions: the sources defined through the API (a contract's source name,
the mapping a sources file holds for it, who created and last replaced it, when)

Revision ID: 0012_source_definitions
Revises: 0008_claims
Create Date: 2026-12-07 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_source_definitions"
down_revision: str | None = "0008_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "source_definition",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=320), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_source_definition_contract_id_contract"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_definition")),
        sa.UniqueConstraint(
            "contract_id", "key", name=op.f("uq_source_definition_contract_id_key")
        ),
    )
    with op.batch_alter_table("source_definition", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_source_definition_contract_id"), ["contract_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("source_definition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_definition_contract_id"))
    op.drop_table("source_definition")
