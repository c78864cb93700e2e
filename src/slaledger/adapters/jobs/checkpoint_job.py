"""The scheduler's ``audit-checkpoint`` job: each round signs the audit chain's head and
appends it to the checkpoints file (``adapters/db/audit_checkpoints.py``) when entries
were added since the last checkpoint. Scheduled when the signing key's file exists
(``SLALEDGER_AUDIT_KEY``, ``sla audit keygen``), every
``SLALEDGER_AUDIT_CHECKPOINT_INTERVAL`` seconds (default 3600; 0: no job)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db import audit_checkpoints
from slaledger.adapters.db.audit_key import key_path, load_signing
from slaledger.adapters.jobs.scheduler import Job

log = logging.getLogger(__name__)

INTERVAL_VARIABLE = "SLALEDGER_AUDIT_CHECKPOINT_INTERVAL"
DEFAULT_INTERVAL = 3600.0
NAME = "audit-checkpoint"


def interval_from(environ: dict[str, str] | os._Environ[str]) -> float:
    text = environ.get(INTERVAL_VARIABLE, "").strip()
    try:
        return DEFAULT_INTERVAL if not text else max(0.0, float(text))
    except ValueError:
        raise ValueError(
            f"{INTERVAL_VARIABLE}: expected a number of seconds, found {text!r}"
        ) from None


def checkpoint_once(
    sessions: sessionmaker[Session], clock: Callable[[], datetime], key: Path, file: Path
) -> audit_checkpoints.Checkpoint | None:
    """One round: the head signed and appended (None: checkpointed already). A broken
    chain or a file the chain no longer matches is the job's failure, named in its status."""
    signing = load_signing(key)
    with sessions() as session:
        written = audit_checkpoints.write_checkpoint(session, signing, file, clock())
    if written is not None:
        log.info("audit checkpoint: entry %d signed into %s", written.seq, file)
    return written


def checkpoint_job(
    sessions: sessionmaker[Session],
    clock: Callable[[], datetime],
    interval: float = DEFAULT_INTERVAL,
    *,
    key: Path | None = None,
    file: Path | None = None,
) -> Job:
    key_file = key or key_path()
    checkpoints_file = file or audit_checkpoints.checkpoints_path()

    def run() -> float | None:
        checkpoint_once(sessions, clock, key_file, checkpoints_file)
        return None

    return Job(NAME, run, interval)


def wanted(environ: dict[str, str] | os._Environ[str]) -> float:
    """The job's interval when it should be scheduled, else 0 (no key, or interval 0)."""
    interval = interval_from(environ)
    return interval if interval > 0 and key_path().exists() else 0.0
