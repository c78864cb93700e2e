"""The scheduler's ``figures`` job: each round recomputes, contract by contract (one
transaction each), the complete months the figure cache misses or writes marked dirty
(``adapters/db/figure_cache.refresh``), then the contracts page's budget cells of the
current month that are missing or stale (``adapters/db/budget_cells``, the page's own
read-compute-and-store), so that pages read stored figures."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db import budget_cells, figure_cache
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
    cells = fill_cells(sessions, keys, at=at)
    if cells:
        log.info("figures: %d budget cell(s) computed", cells)
    return computed


def fill_cells(sessions: sessionmaker[Session], keys: list[str], *, at: int) -> int:
    """Each contract's budget cell of its current month as the contracts page reads it
    (a valid stored one is kept; any other is computed, and stored when steady); how
    many were not stored and valid before. One transaction per contract."""
    computed = 0
    for key in keys:
        with Store.transaction(sessions, actor="figures job") as store:
            if store.latest_digest(store.contract(key)) is None:
                continue  # no version yet: the page shows no such contract
            if not budget_cells.stored_cells(store, key, at=at):
                computed += 1
                budget_cells.budget_cells(store, [budget_cells.asked_of(store, key)], at=at)
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
