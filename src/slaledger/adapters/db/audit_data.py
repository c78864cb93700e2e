"""The data the audit log vouches for: each entry records a digest of every row its
write created, changed or deleted, so that ``verify_data`` can name any row changed,
added or removed outside the ledger (a direct SQL ``DELETE`` or ``UPDATE``).

How rows are followed: ORM writes through the session's flushes (new, modified and
deleted objects), bulk Core statements by ``written`` (their ``RETURNING`` ids). When an
entry is appended (``seal``), each followed row is read back as stored and reduced to a
16-byte digest (sha256 of its table and canonical column values; 16 zero bytes: the row
is gone). The digests of an entry, per table, are packed into ``audit_data.digests``
(base64 of big-endian id and digest pairs, sorted by id); the entry's payload carries
their count and sha256 under ``"data"``, so the hash chain covers them.

``verify_data`` replays every entry's digests in order (the last write of each row
wins) and compares the result with the tables as they are: a row whose digest differs
was changed, a row the ledger does not know was added, a row the ledger says exists
and does not was removed. Every table is covered but the audit tables themselves.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection, MetaData, Numeric, Table, event, insert, inspect, select
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction
from sqlalchemy.sql import ColumnElement

from slaledger.adapters.db.models import TABLES, AuditData, AuditEntry

#: tables the ledger vouches for (every one but its own, the figure cache and the budget
#: cells, which hold only what is computed from the others)
#: nor the sign-in throttle, dashboard sessions and tokens' last use (operational
#: state, changed by reads)
UNCOVERED = (
    "audit_entry", "audit_data", "figure_cache", "budget_cell", "login_attempt", "web_session",
    "token_use",
)  # fmt: skip
COVERED = {t.name: t for t in TABLES if t.name not in UNCOVERED}
#: one record of ``audit_data.digests``: the row's id and its digest
RECORD = np.dtype([("id", ">i8"), ("digest", "V16")])
GONE = b"\x00" * 16
#: ``session.info`` key of the ids written since the last entry, per table
_PENDING = "slaledger.audit.pending"
_CHUNK = 1000
#: rows named per table and kind of break; the others are counted
MAX_NAMED = 200


# ------------------------------------------------------------------ digests
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_PLANS: dict[int, tuple[Table, tuple[tuple[str, int | None], ...]]] = {}


def _plan(table: Table) -> tuple[tuple[str, int | None], ...]:
    """Each column's name and, for a decimal column, its scale, by column name (the
    digest does not depend on the columns' order in the database; computed once)."""
    known = _PLANS.get(id(table))
    if known is not None and known[0] is table:
        return known[1]
    plan = tuple(
        (c.name, (c.type.scale or 6) if isinstance(c.type, Numeric) else None)
        for c in sorted(table.columns, key=lambda c: c.name)
    )
    _PLANS[id(table)] = (table, plan)  # holds the table: its id is not reused
    return plan


def row_digest(table: Table, row: Any) -> bytes:
    """16 bytes of sha256 over the table name and the row's canonical values (the same
    on SQLite and PostgreSQL: instants as UTC microseconds, decimals at the column's
    scale)."""
    values: list[Any] = [table.name]
    for name, scale in _plan(table):  # the same plan for a model's and a reflected table
        value = row[name]
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:
            values.append(value)
        elif isinstance(value, datetime):
            aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)  # SQLite
            values.append((aware - _EPOCH) // _MICROSECOND)
        elif scale is not None or isinstance(value, Decimal | float):
            values.append(f"{Decimal(str(value)):.{scale or 6}f}")
        else:
            values.append(str(value))
    text = json.dumps(values, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).digest()[:16]


# ---------------------------------------------------------------- following
def written(session: Session, table: str, ids: Iterable[int]) -> None:
    """Follow rows a Core statement inserted, updated or deleted (by their ids): they
    are read back when the entry is appended."""
    if table in COVERED:
        pending = _pending(session).setdefault(table, {})
        for row_id in ids:
            pending[int(row_id)] = None


def inserted(session: Session, table: str, rows: list[dict[str, Any]]) -> None:
    """Follow rows a bulk insert wrote with these exact values (``id`` included): their
    digests come from the values, no reading back."""
    if table in COVERED:
        model = COVERED[table]
        pending = _pending(session).setdefault(table, {})
        for row in rows:
            pending[int(row["id"])] = row_digest(model, row)


def deleted(session: Session, table: str, ids: Iterable[int]) -> None:
    """Follow rows a bulk delete removed."""
    if table in COVERED:
        pending = _pending(session).setdefault(table, {})
        for row_id in ids:
            pending[int(row_id)] = GONE


def _pending(session: Session) -> dict[str, dict[int, bytes | None]]:
    found: dict[str, dict[int, bytes | None]] = session.info.setdefault(_PENDING, {})
    return found


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    """Follow the rows of every ORM insert, update and delete of the flush; a row's
    digest is taken from the object when all its columns are loaded (as assigned:
    the digest's canonical values do not depend on the time zone or the scale given)."""
    deleted_now = set(session.deleted)
    for obj in (*session.new, *deleted_now, *session.dirty):
        state = inspect(obj)
        mapper = state.mapper
        table = mapper.local_table
        if table.name not in COVERED:
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        identity = state.identity or (getattr(obj, "id", None),)
        if identity[0] is None:
            continue
        pending = _pending(session).setdefault(table.name, {})
        if obj in deleted_now:
            pending[int(identity[0])] = GONE
            continue
        loaded = state.dict
        keys = _attribute_keys(mapper, table)
        if all(key in loaded for key in keys):
            pending[int(identity[0])] = row_digest(
                table, {c.name: loaded[k] for c, k in zip(table.columns, keys, strict=True)}
            )
        else:
            pending[int(identity[0])] = None  # read back when sealed


_KEYS: dict[str, tuple[str, ...]] = {}


def _attribute_keys(mapper: Any, table: Table) -> tuple[str, ...]:
    keys = _KEYS.get(table.name)
    if keys is None:
        keys = tuple(mapper.get_property_by_column(c).key for c in table.columns)
        _KEYS[table.name] = keys
    return keys


def _forget_pending(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def _distrust_pending(session: Session, _previous: SessionTransaction) -> None:
    """After a rollback (a savepoint's too), what was followed is read back: digests
    taken from values may describe rows that are gone."""
    for pending in session.info.get(_PENDING, {}).values():
        for row_id in pending:
            pending[row_id] = None


def seal(session: Session) -> dict[str, tuple[int, str]]:
    """The packed digests of the rows written since the last entry, per table (and
    forgotten): ``{table: (rows, base64 digests)}``."""
    session.flush()
    pending: dict[str, dict[int, bytes | None]] = session.info.pop(_PENDING, {})
    sealed: dict[str, tuple[int, str]] = {}
    for name in sorted(pending):
        known = pending[name]
        ids = sorted(known)
        if not ids:
            continue
        table = COVERED[name]
        unread = [i for i in ids if known[i] is None]
        if unread:
            found = {int(r.id): row_digest(table, r) for r in _rows(session, table, unread)}
            for row_id in unread:
                known[row_id] = found.get(row_id, GONE)
        sealed[name] = _packed({i: known[i] or GONE for i in ids})
    return sealed


def _rows(session: Session, table: Table, ids: list[int]) -> Iterable[Any]:
    key: ColumnElement[Any] = table.c.id
    if ids[-1] - ids[0] + 1 == len(ids):  # contiguous, as bulk inserts give them
        yield from session.execute(select(table).where(key.between(ids[0], ids[-1]))).mappings()
        return
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        yield from session.execute(select(table).where(key.in_(chunk))).mappings()


def summary(sealed: dict[str, tuple[int, str]]) -> dict[str, dict[str, Any]]:
    """What the entry's payload says of its data: rows and sha256 per table."""
    return {
        name: {"rows": rows, "sha256": hashlib.sha256(packed.encode()).hexdigest()}
        for name, (rows, packed) in sealed.items()
    }


def store(session: Session, seq: int, sealed: dict[str, tuple[int, str]]) -> None:
    for name, (rows, packed) in sealed.items():
        session.add(AuditData(seq=seq, table_name=name, rows=rows, digests=packed))
    if sealed:
        session.flush()


def baseline(connection: Connection, *, actor: str) -> int:
    """Vouch for every row already stored, when the ledger starts to cover the data:
    one ``baseline`` entry, appended only if some covered table holds rows; returns how
    many rows it vouches for. It works on the tables as the database has them
    (reflected), not on the models, so that the migration calling it stays valid when
    the models move on."""
    from slaledger.adapters.db import audit  # pure functions only

    meta = MetaData()
    meta.reflect(connection)
    skipped = {"alembic_version", *UNCOVERED}
    sealed: dict[str, tuple[int, str]] = {}
    for name in sorted(set(meta.tables) - skipped):
        table = meta.tables[name]
        found = {int(row.id): row_digest(table, row) for row in connection.execute(
            select(table)).mappings()}  # fmt: skip
        if found:
            sealed[name] = _packed(found)
    if not sealed:
        return 0
    entries, data = meta.tables["audit_entry"], meta.tables["audit_data"]
    last = connection.execute(
        select(entries.c.seq, entries.c.hash).order_by(entries.c.seq.desc()).limit(1)
    ).first()
    seq, prev = (1, audit.GENESIS) if last is None else (int(last.seq) + 1, str(last.hash))
    at = datetime.now(UTC)
    body = audit.canonical_json({"data": summary(sealed)})
    digest = audit.entry_hash(
        seq=seq, at=at, actor=actor, action="baseline", entity="data", entity_id="all",
        payload=body, prev_hash=prev,
    )  # fmt: skip
    connection.execute(
        insert(entries).values(
            seq=seq,
            at=at.replace(tzinfo=None) if connection.dialect.name == "sqlite" else at,
            actor=actor,
            action="baseline",
            entity="data",
            entity_id="all",
            payload=body,
            prev_hash=prev,
            hash=digest,
        )
    )
    for name, (rows, packed) in sealed.items():
        connection.execute(insert(data).values(seq=seq, table_name=name, rows=rows, digests=packed))
    return sum(rows for rows, _ in sealed.values())


def _packed(digests: dict[int, bytes]) -> tuple[int, str]:
    ids = sorted(digests)
    records = np.empty(len(ids), dtype=RECORD)
    records["id"] = ids
    records["digest"] = np.frombuffer(b"".join(digests[i] for i in ids), dtype="V16")
    return len(ids), base64.b64encode(records.tobytes()).decode()


# ------------------------------------------------------------- verification
@dataclass(frozen=True)
class DataBreak:
    """A row (or a data record of the ledger) that does not match the audit log."""

    table: str
    row_id: int | None
    problem: str

    def __str__(self) -> str:
        where = self.table if self.row_id is None else f"{self.table} row {self.row_id}"
        return f"{where}: {self.problem}"


@dataclass(frozen=True)
class DataVerification:
    rows: int  # rows compared
    breaks: tuple[DataBreak, ...]
    unlisted: int = 0  # breaks counted, not listed (over MAX_NAMED per table and kind)

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify_data(session: Session) -> DataVerification:
    """Replay the ledger's digests and compare them with every covered table."""
    breaks: list[DataBreak] = []
    ledger = _ledger(session, breaks)
    compared = unlisted = 0
    for name, table in COVERED.items():
        ids, digests, seqs = ledger.get(name, _empty())
        actual_ids, actual_digests = _actual(session, table)
        compared += actual_ids.size
        for listed, total in _compare(name, ids, digests, seqs, actual_ids, actual_digests):
            breaks.extend(listed)
            unlisted += total - len(listed)
    session.expunge_all()
    return DataVerification(compared, tuple(breaks), unlisted)


_Ledger = dict[str, tuple[NDArray[np.int64], NDArray[Any], NDArray[np.int64]]]


def _empty() -> tuple[NDArray[np.int64], NDArray[Any], NDArray[np.int64]]:
    return np.zeros(0, np.int64), np.zeros(0, "V16"), np.zeros(0, np.int64)


def _ledger(session: Session, breaks: list[DataBreak]) -> _Ledger:
    """Per table: the ids the ledger says exist, their last digest and the entry that
    wrote it. Data records that do not match their entry's payload are breaks."""
    declared: dict[tuple[int, str], str] = {}
    for seq, payload in session.execute(
        select(AuditEntry.seq, AuditEntry.payload).order_by(AuditEntry.seq)
    ):
        data = _payload_data(payload)
        for name, about in data.items():
            declared[(seq, name)] = str(about.get("sha256", ""))
    parts: dict[str, list[tuple[NDArray[Any], int]]] = {}
    seen: set[tuple[int, str]] = set()
    for record in session.scalars(select(AuditData).order_by(AuditData.seq)):
        key = (record.seq, record.table_name)
        seen.add(key)
        expected = declared.get(key)
        actual = hashlib.sha256(record.digests.encode()).hexdigest()
        if expected != actual:
            problem = (
                f"the data record of audit entry {record.seq} is not the one the entry "
                "declares (the data ledger was modified)"
                if expected is not None
                else f"a data record for audit entry {record.seq}, which declares none"
            )
            breaks.append(DataBreak(record.table_name, None, problem))
            continue
        try:
            records = np.frombuffer(base64.b64decode(record.digests, validate=True), RECORD)
        except ValueError:
            breaks.append(DataBreak(record.table_name, None, "an unreadable data record"))
            continue
        parts.setdefault(record.table_name, []).append((records, record.seq))
    for seq, name in sorted(set(declared) - seen):
        breaks.append(
            DataBreak(name, None, f"the data record of audit entry {seq} is missing (deleted)")
        )
    ledger: _Ledger = {}
    for name, chunks in parts.items():
        records = np.concatenate([r for r, _ in chunks])
        seqs = np.concatenate([np.full(r.size, s, np.int64) for r, s in chunks])
        ids = records["id"].astype(np.int64)
        order = np.argsort(ids, kind="stable")  # entries came in order: last is latest
        ids, digests, seqs = ids[order], records["digest"][order], seqs[order]
        last = np.ones(ids.size, dtype=np.bool_)
        last[:-1] = ids[1:] != ids[:-1]
        ids, digests, seqs = ids[last], digests[last], seqs[last]
        alive = digests != np.frombuffer(GONE, "V16")[0]
        ledger[name] = (ids[alive], digests[alive], seqs[alive])
    return ledger


def _payload_data(payload: str) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(payload).get("data", {})
    except (ValueError, AttributeError):
        return {}
    return data if isinstance(data, dict) else {}


def _actual(session: Session, table: Table) -> tuple[NDArray[np.int64], NDArray[Any]]:
    ids: list[int] = []
    digests: list[bytes] = []
    query = select(table).order_by(table.c.id)
    for row in session.execute(query.execution_options(yield_per=5000)).mappings():
        ids.append(int(row["id"]))
        digests.append(row_digest(table, row))
    return np.asarray(ids, np.int64), np.frombuffer(b"".join(digests), "V16")


def _compare(
    name: str,
    ids: NDArray[np.int64],
    digests: NDArray[Any],
    seqs: NDArray[np.int64],
    actual_ids: NDArray[np.int64],
    actual_digests: NDArray[Any],
) -> list[tuple[list[DataBreak], int]]:
    """Rows added, removed and changed: the first MAX_NAMED of each, and how many."""
    known = np.isin(actual_ids, ids)
    added = actual_ids[~known]
    present = np.isin(ids, actual_ids)
    removed, removed_by = ids[~present], seqs[~present]
    both = actual_ids[known]
    where = np.searchsorted(ids, both)
    differs = actual_digests[known] != digests[where]
    changed, changed_by = both[differs], seqs[where][differs]
    return [
        (
            [
                DataBreak(name, int(i), "added outside the ledger (no audit entry wrote it)")
                for i in added[:MAX_NAMED]
            ],
            int(added.size),
        ),
        (
            [
                DataBreak(name, int(i), f"removed outside the ledger (audit entry {s} wrote it)")
                for i, s in zip(removed[:MAX_NAMED], removed_by, strict=False)
            ],
            int(removed.size),
        ),
        (
            [
                DataBreak(
                    name, int(i), f"changed outside the ledger (audit entry {s} wrote it last)"
                )
                for i, s in zip(changed[:MAX_NAMED], changed_by, strict=False)
            ],
            int(changed.size),
        ),
    ]


event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "after_transaction_end", _forget_pending)
event.listen(Session, "after_soft_rollback", _distrust_pending)
