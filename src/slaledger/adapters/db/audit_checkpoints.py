"""Anchors of the audit chain outside the database: signed checkpoints and the chain heads
printed on statements.

``sla audit verify`` finds an entry edited in place, but whoever holds the database can
rewrite every hash after it and leave a chain that verifies. A copy of the head kept
elsewhere catches that: the hash of entry ``seq`` pins every entry up to ``seq`` (each
hash covers the previous one), so an intact chain whose entry ``seq`` still has the
anchored hash is unchanged up to there.

A checkpoint is one JSON line of the checkpoints file (``SLALEDGER_AUDIT_CHECKPOINTS``,
default ``audit-checkpoints.jsonl`` in the user's data folder)::

    {"seq": 42, "hash": "…64 hex…", "at": "2026-03-01T00:00:00.000000Z",
     "key_id": "…16 hex…", "algorithm": "Ed25519", "signature": "…base64…"}

The signature is Ed25519 (``audit_key``) over the canonical JSON of
``["slaledger-audit-checkpoint/1", seq, hash, at, key_id]``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
from sqlalchemy import select
from sqlalchemy.orm import Session

from slaledger.adapters.db import audit
from slaledger.adapters.db.audit_key import ALGORITHM, SigningKey, VerifyingKey
from slaledger.adapters.db.models import AuditEntry

CHECKPOINTS_VARIABLE = "SLALEDGER_AUDIT_CHECKPOINTS"
CONTEXT = "slaledger-audit-checkpoint/1"
_HASH = re.compile(r"[0-9a-f]{64}")
_MAX_LINE = 4096


class CheckpointError(ValueError):
    """A checkpoint that cannot be written, or a checkpoints file or anchor that cannot
    be read."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: datetime
    key_id: str
    signature: str

    @property
    def at_text(self) -> str:
        return self.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def message(self) -> bytes:
        return audit.canonical_json(
            [CONTEXT, self.seq, self.hash, self.at_text, self.key_id]
        ).encode()

    def line(self) -> str:
        body = {
            "seq": self.seq,
            "hash": self.hash,
            "at": self.at_text,
            "key_id": self.key_id,
            "algorithm": ALGORITHM,
            "signature": self.signature,
        }
        return json.dumps(body, separators=(",", ":")) + "\n"


def checkpoints_path(given: str | Path | None = None) -> Path:
    """``given``, else ``SLALEDGER_AUDIT_CHECKPOINTS``, else the default file."""
    if given:
        return Path(given).expanduser()
    named = os.environ.get(CHECKPOINTS_VARIABLE, "").strip()
    if named:
        return Path(named).expanduser()
    return Path(platformdirs.user_data_dir("slaledger")) / "audit-checkpoints.jsonl"


def chain_head(session: Session) -> tuple[int, str] | None:
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return None if last is None else (last.seq, last.hash)


def sign(seq: int, hash_: str, at: datetime, key: SigningKey) -> Checkpoint:
    unsigned = Checkpoint(seq, hash_, at, key.key_id, "")
    return Checkpoint(seq, hash_, at, key.key_id, key.sign(unsigned.message()))


def write_checkpoint(
    session: Session, key: SigningKey, path: Path, at: datetime
) -> Checkpoint | None:
    """Sign the chain's head and append it to ``path``; None when the head is the last
    checkpoint's already. Refused when the chain is broken or no longer matches the
    file's last checkpoint (signing then would bless a rewritten log)."""
    result = audit.verify(session)
    if not result.ok:
        raise CheckpointError(
            f"the audit chain is broken ({result.breaks[0]}): no checkpoint signed"
        )
    head = chain_head(session)
    if head is None:
        raise CheckpointError("the audit chain is empty: nothing to checkpoint")
    previous = read_checkpoints(path) if path.exists() else []
    if previous:
        last = previous[-1]
        mismatch = _mismatch(session, last, len(previous))
        if mismatch is not None:
            raise CheckpointError(f"{path}: {mismatch}: no checkpoint signed")
        if last.seq == head[0]:
            return None
    checkpoint = sign(head[0], head[1], at, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(checkpoint.line())
        handle.flush()
        os.fsync(handle.fileno())
    return checkpoint


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Every checkpoint of the file, in order; a malformed line names its number."""
    checkpoints = []
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    checkpoints.append(_parsed(raw, f"{path} line {number}"))
    except OSError as exc:
        raise CheckpointError(f"{path}: unreadable ({exc})") from None
    return checkpoints


def _parsed(raw: bytes, where: str) -> Checkpoint:
    if len(raw) > _MAX_LINE:
        raise CheckpointError(f"{where}: expected a checkpoint line, found over {_MAX_LINE} bytes")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CheckpointError(f"{where}: expected a JSON object, found {exc}") from None
    fine = (
        isinstance(body, dict)
        and isinstance(body.get("seq"), int)
        and not isinstance(body.get("seq"), bool)
        and body["seq"] >= 1
        and isinstance(body.get("hash"), str)
        and _HASH.fullmatch(body["hash"]) is not None
        and isinstance(body.get("at"), str)
        and isinstance(body.get("key_id"), str)
        and isinstance(body.get("signature"), str)
        and body.get("algorithm") == ALGORITHM
    )
    if not fine:
        raise CheckpointError(
            f"{where}: expected seq (≥ 1), hash (64 hex), at, key_id, algorithm "
            f"{ALGORITHM} and signature, found {raw[:200].decode('utf-8', 'replace').strip()}"
        )
    try:
        at = datetime.strptime(body["at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        raise CheckpointError(
            f"{where}: at: expected a UTC instant such as 2026-03-01T00:00:00.000000Z, "
            f"found {body['at']!r}"
        ) from None
    return Checkpoint(body["seq"], body["hash"], at, body["key_id"], body["signature"])


def parse_anchor(text: str) -> tuple[int, str]:
    """``SEQ:HASH`` as a statement prints it."""
    seq, _, hash_ = text.strip().partition(":")
    hash_ = hash_.strip().lower()
    if not seq.strip().isdigit() or int(seq) < 1 or _HASH.fullmatch(hash_) is None:
        raise CheckpointError(
            f"anchor: expected SEQ:HASH (an entry number and its 64 hex digits, as a "
            f"statement prints them), found {text!r}"
        )
    return int(seq), hash_


def _hash_at(session: Session, seq: int) -> str | None:
    return session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == seq))


def _differs(session: Session, seq: int, expected: str) -> str | None:
    found = _hash_at(session, seq)
    if found is None:
        return f"the log has no entry {seq} (removed)"
    if found != expected:
        return f"entry {seq} has hash {found[:16]}…, anchored {expected[:16]}…"
    return None


def _mismatch(session: Session, checkpoint: Checkpoint, line: int) -> str | None:
    differs = _differs(session, checkpoint.seq, checkpoint.hash)
    if differs is None:
        return None
    return f"checkpoint {line} (entry {checkpoint.seq}, {checkpoint.at_text}): {differs}"


def check_anchors(session: Session, anchors: Iterable[tuple[int, str]]) -> list[str]:
    """A problem per anchor the log does not match (the log up to it was rewritten)."""
    problems = []
    for seq, hash_ in anchors:
        differs = _differs(session, seq, hash_)
        if differs is not None:
            problems.append(
                f"anchor {seq}:{hash_[:16]}…: {differs}: the log up to entry {seq} was rewritten"
            )
    return problems


def check_checkpoints(
    session: Session, checkpoints: Sequence[Checkpoint], key: VerifyingKey
) -> list[str]:
    """Each checkpoint's signature (a forged or foreign one is named and refused), then
    the first checkpoint the log does not match, with the entries it brackets."""
    problems = []
    for line, checkpoint in enumerate(checkpoints, start=1):
        if checkpoint.key_id != key.key_id:
            problems.append(
                f"checkpoint {line} (entry {checkpoint.seq}): signed by key "
                f"{checkpoint.key_id!r}, not by {key.key_id} ({key.origin})"
            )
        elif not key.verifies(checkpoint.message(), checkpoint.signature):
            problems.append(
                f"checkpoint {line} (entry {checkpoint.seq}): the signature does not "
                f"verify with {key.origin}: forged or altered, refused"
            )
    if problems:
        return problems
    matched = 0
    for line, checkpoint in enumerate(checkpoints, start=1):
        mismatch = _mismatch(session, checkpoint, line)
        if mismatch is not None:
            since = (
                f"after entry {matched} (the last checkpoint that matches)"
                if matched
                else "from the first entry"
            )
            return [f"{mismatch}: the log was rewritten {since} up to entry {checkpoint.seq}"]
        matched = max(matched, checkpoint.seq)
    return []
