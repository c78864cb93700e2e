"""audit data: the digests of the rows each audit entry wrote

Revision ID: 0002_audit_data
Revises: 0004_commercial
Create Date: 2026-12-06 19:00:00

A database that already holds rows gets one ``baseline`` entry vouching for them as
they are at the upgrade (actor ``migration 0002_audit_data``): the ledger covers the
data from then on (docs/storage.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_audit_data"
down_revision: str | None = "0004_commercial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_data",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("rows", sa.BigInteger(), nullable=False),
        sa.Column("digests", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", "table_name", name=op.f("pk_audit_data")),
    )
    # the digest functions only: baseline reflects the tables, it uses no model
    from slaledger.adapters.db.audit_data import baseline

    baseline(op.get_bind(), actor="migration 0002_audit_data")


def downgrade() -> None:
    op.drop_table("audit_data")
