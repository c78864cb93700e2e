"""What the import modules (``outages_io``, ``measures_io``, ``incident_events_io``,
``helpdesk_verdicts``) share: bulk inserts and deletes that the audit follows (docs/storage.md,
"Rows are followed"), the stored services a table names, and the digest of its columns.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import delete, insert, select, text

from slaledger.adapters.db import audit_data, figure_marks
from slaledger.adapters.db.errors import ImportRefused
from slaledger.adapters.db.models import Service
from slaledger.adapters.db.writer import Writer
from slaledger.adapters.files.problems import Problem
from slaledger.domain.message import Items, msg


def instant(epoch: int) -> datetime:
    """An epoch second as an aware UTC datetime, as the columns store it."""
    return datetime.fromtimestamp(int(epoch), UTC)


def known_services(
    store: Writer, contract_key: str, source: str, names: tuple[str, ...], codes: NDArray[Any]
) -> list[Service]:
    """The stored service of each name, or ImportRefused naming the unknown ones."""
    contract = store.contract(contract_key)
    known = {s.name: s for s in contract.services}
    problems = []
    for index, name in enumerate(names):
        if name not in known:
            rows = np.flatnonzero(codes == index)
            problems.append(
                Problem(
                    file=source,
                    field="service",
                    expected=msg(
                        "store.expected.service-of-known",
                        contract=contract_key,
                        known=Items(tuple(sorted(known)), "comma"),
                    ),
                    found=repr(name),
                    row=int(rows[0]) + 1 if rows.size else None,
                )
            )
    if problems:
        raise ImportRefused(problems)
    return [known[name] for name in names]


def bulk_insert(store: Writer, model: Any, rows: list[dict[str, Any]]) -> None:
    """A bulk insert (executemany, no RETURNING: psycopg's is much slower) whose rows,
    with their ids, the next audit entry vouches for."""
    if not rows:
        return
    session = store.session
    name = model.__tablename__
    if session.get_bind().dialect.name == "postgresql":
        ids = sorted(
            session.scalars(
                text("SELECT nextval(pg_get_serial_sequence(:name, 'id')) "
                     "FROM generate_series(1, :count)"),
                {"name": name, "count": len(rows)},
            )
        )  # fmt: skip
        rows = [row | {"id": row_id} for row, row_id in zip(rows, ids, strict=True)]
        session.execute(insert(model), rows)
    else:
        # the transaction holds SQLite's write lock from its first write: the new rows
        # are the table's last ones
        session.execute(insert(model), rows)
        ids = sorted(session.scalars(select(model.id).order_by(model.id.desc()).limit(len(rows))))
        rows = [row | {"id": row_id} for row, row_id in zip(rows, ids, strict=True)]
    audit_data.inserted(session, name, [_completed(model, row) for row in rows])
    figure_marks.rows_written(session, model, rows)


def _completed(model: Any, row: dict[str, Any]) -> dict[str, Any]:
    """The row with every column (those left out take their scalar default)."""
    for column in model.__table__.columns:
        if column.name not in row:
            default = column.default.arg if column.default is not None else None
            if callable(default):  # pragma: no cover - no bulk-inserted column has one
                raise TypeError(f"{model.__tablename__}.{column.name}: give its value")
            row[column.name] = default
    return row


def bulk_delete(store: Writer, model: Any, *where: Any) -> None:
    """A bulk delete whose rows the next audit entry records as gone."""
    figure_marks.before_delete(store.session, model, *where)
    ids = store.session.scalars(delete(model).where(*where).returning(model.id)).all()
    audit_data.deleted(store.session, model.__tablename__, ids)


def digest(*columns: NDArray[Any]) -> str:
    """The sha256 of a table's columns, for the import's audit entry."""
    sha = hashlib.sha256()
    for column in columns:
        sha.update(np.ascontiguousarray(column).astype(str).tobytes())
    return sha.hexdigest()
