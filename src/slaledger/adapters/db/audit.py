"""The hash-chained audit log: append in the writer's transaction, verify end to end.

``hash = sha256(canonical JSON of [seq, at, actor, action, entity, entity_id, payload,
prev_hash])``; the first entry's ``prev_hash`` is 64 zeros. ``at`` enters the hash as
UTC ISO-8601 with microseconds, so SQLite and PostgreSQL give the same digest.
A modified entry breaks its own hash; an inserted one breaks its successor's
``prev_hash`` (or the sequence); a deleted one leaves a gap in ``seq`` and a broken
link.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session, SessionTransaction

from slaledger.adapters.db.models import AuditEntry

GENESIS = "0" * 64
#: key of the PostgreSQL advisory lock that serialises appends to the chain
_LOCK_KEY = 7_431_007
#: ``session.info`` key of (seq, hash) of the entry the session's transaction appended
#: last; forgotten when any transaction or savepoint of the session ends
_LAST = "slaledger.audit.last"


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 text; datetimes as UTC ISO, other objects as str."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return _instant(value)
    return str(value)


def _instant(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    *,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    payload: str,
    prev_hash: str,
) -> str:
    fields = [seq, _instant(at), actor, action, entity, entity_id, payload, prev_hash]
    return hashlib.sha256(canonical_json(fields).encode()).hexdigest()


def append(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    payload: Any,
) -> AuditEntry:
    """Add the next entry of the chain to ``session`` (flushed, not committed)."""
    known: tuple[int, str] | None = session.info.get(_LAST)
    if known is not None:
        # this transaction appended already, holding the lock since: its entry is last
        seq, prev = known[0] + 1, known[1]
    else:
        lock_chain(session)
        last = session.execute(
            select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
        ).first()
        seq, prev = (1, GENESIS) if last is None else (last.seq + 1, last.hash)
    body = canonical_json(payload)
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        payload=body,
        prev_hash=prev,
        hash=entry_hash(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            payload=body,
            prev_hash=prev,
        ),
    )
    session.add(entry)
    session.flush()
    session.info[_LAST] = (entry.seq, entry.hash)
    return entry


def lock_chain(session: Session) -> None:
    """Hold the chain's lock until the transaction ends: on PostgreSQL an advisory lock
    concurrent writers queue for until the holder commits (no forked chain, and what is
    numbered under it gets no duplicate); SQLite's writer already holds the file's lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


@event.listens_for(Session, "after_transaction_end")
def _forget_last(session: Session, _transaction: SessionTransaction) -> None:
    """The end of any transaction, a savepoint's included (released or rolled back),
    forgets the last entry: the next append reads the chain again."""
    session.info.pop(_LAST, None)


@dataclass(frozen=True)
class Break:
    """Where the chain is broken and how."""

    seq: int
    problem: str

    def __str__(self) -> str:
        return f"audit entry {self.seq}: {self.problem}"


@dataclass(frozen=True)
class Verification:
    entries: int
    breaks: tuple[Break, ...]
    last_hash: str

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify(session: Session, *, batch: int = 5000) -> Verification:
    """Walk the whole chain in order and list every break (modified, inserted, deleted)."""
    breaks: list[Break] = []
    expected_seq, prev = 1, GENESIS
    count = 0
    query = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    for entry in session.scalars(query):
        count += 1
        if entry.seq != expected_seq:
            if entry.seq > expected_seq:
                missing = (
                    str(expected_seq)
                    if entry.seq == expected_seq + 1
                    else f"{expected_seq}-{entry.seq - 1}"
                )
                breaks.append(Break(entry.seq, f"entries {missing} are missing (deleted)"))
            else:  # pragma: no cover - seq is the primary key, so it only grows
                breaks.append(Break(entry.seq, f"out of sequence, expected {expected_seq}"))
        if entry.prev_hash != prev:
            breaks.append(
                Break(
                    entry.seq,
                    "prev_hash does not match the previous entry's hash "
                    "(an entry before it was inserted, deleted or modified)",
                )
            )
        actual = entry_hash(
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            entity=entry.entity,
            entity_id=entry.entity_id,
            payload=entry.payload,
            prev_hash=entry.prev_hash,
        )
        if actual != entry.hash:
            breaks.append(Break(entry.seq, "its content does not match its hash (modified)"))
        expected_seq, prev = entry.seq + 1, entry.hash
    session.expunge_all()
    return Verification(count, tuple(breaks), prev)
