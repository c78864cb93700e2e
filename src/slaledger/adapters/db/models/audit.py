"""The audit log's hash chain and the digests of the rows each entry wrote."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from slaledger.adapters.db.models.base import Base


class AuditEntry(Base):
    """One link of the hash chain: ``hash`` = sha256 over the canonical fields and
    ``prev_hash`` (see adapters/db/audit.py)."""

    __tablename__ = "audit_entry"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditData(Base):
    """The digests of the rows one audit entry wrote, for one table: base64 of
    (big-endian id, 16-byte digest) pairs sorted by id (see adapters/db/audit_data.py);
    the entry's payload carries their sha256, so the chain covers them."""

    __tablename__ = "audit_data"
    #: the entry's seq (no foreign key: the verification, not the schema, says when an
    #: entry and its data record part)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    table_name: Mapped[str] = mapped_column(String(60), primary_key=True)
    rows: Mapped[int] = mapped_column(BigInteger)
    digests: Mapped[str] = mapped_column(Text)
