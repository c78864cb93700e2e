"""The scheduler's ``figures`` job: each round recomputes, contract by contract (one
transaction each), the complete months the figure cache misses or writes marked dirty
(``adapters/db/figure_cache.refresh``), so that pages read stored figures."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db import figure_cache
from slaledger.adapters.db.store import Store
from slaledger.adapters.jobs.scheduler import Job

log = logging.getLogger(__name__)

#: seconds between rounds (``SLALEDGER_FIGURES_INTERVAL``; 0: no job)
INTERVAL_VARIABLE = "SLALEDGER_FIGURES_INTERVAL"
DEFAULT_INTERVAL = 60.0


def interval_from(environ: dict[str, str] | os._Environ[str]) -> float:
    text = environ.get(INTERVAL_VARIABLE, "").strip()
    try:
        return DEFAULT_INTERVAL if not text else max(0.0, float(text))
    except ValueError:
        raise ValueError(
            f"{INTERVAL_VARIABLE}: expected a number of seconds, found {text!r}"
        ) from None


def refresh_all(sessions: sessionmaker[Session], clock: Callable[[], datetime]) -> int:
    """One round: every contract's dirty and missing months; how many were computed."""
    at = int(clock().timestamp())
    with sessions() as session:
        keys = Store(session).contract_keys()
    computed = 0
    for key in keys:
        with Store.transaction(sessions, actor="figures job") as store:
            computed += figure_cache.refresh(store, at=at, keys=[key])[key]
    if computed:
        log.info("figures: %d month(s) computed", computed)
    return computed


def figures_job(
    sessions: sessionmaker[Session],
    clock: Callable[[], datetime],
    interval: float = DEFAULT_INTERVAL,
) -> Job:
    def run() -> float | None:
        refresh_all(sessions, clock)
        return None

    return Job("figures", run, interval)
