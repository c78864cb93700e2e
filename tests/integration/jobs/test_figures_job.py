"""The scheduler's figures job computes the months the cache misses, then nothing until a
write marks some; and the contracts page's budget cells, stored after a round and equal to
the cells computed from scratch (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db import budget_cells
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.models import StoredBudgetCell
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.observations import read_outages
from slaledger.adapters.jobs.figures_job import (
    figures_job,
    fill_cells,
    interval_from,
    refresh_all,
)

ROOT = Path(__file__).resolve().parents[3]
CLEAN = ROOT / "tests" / "fixtures" / "contracts" / "invented-clean.yaml"
NOW = datetime(2025, 4, 10, tzinfo=UTC)


def test_the_job_fills_the_cache_once_and_again_after_a_write(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'slaledger.db'}"
    upgrade(url)
    factory = session_factory(url)
    try:
        with Store.transaction(factory, actor="tests") as store:
            store.upload_contract_file(str(CLEAN))
        assert refresh_all(factory, lambda: NOW) == 13  # the 13 months before April
        assert refresh_all(factory, lambda: NOW) == 0
        with Store.transaction(factory, actor="tests") as store:
            at = NOW - timedelta(days=20)  # 21 March
            store.record_event("northwind-hosting-clean", "INC-1", event="notified", at=at)
        # March and the month before it are marked (later months are not stored yet)
        assert refresh_all(factory, lambda: NOW) == 2
        assert figures_job(factory, lambda: NOW).name == "figures"
    finally:
        factory.kw["bind"].dispose()


def test_the_interval_comes_from_the_environment() -> None:
    assert interval_from({}) == 60
    assert interval_from({"SLALEDGER_FIGURES_INTERVAL": "0"}) == 0


CONTRACTS = [CLEAN, ROOT / "tests" / "fixtures" / "contracts" / "priced.yaml"]
OUTAGES = "service,start,end,category,reported_at,reference,note\n"


def test_after_a_round_every_budget_cell_is_stored_and_equal_to_scratch(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    with Store.transaction(sessions, actor="tests") as store:
        for path in CONTRACTS:
            store.upload_contract_file(str(path))
        keys = store.contract_keys()
        csv = tmp_path / "outages.csv"
        csv.write_text(  # an outage of this month, over before "now"
            OUTAGES + "platform,2025-04-02T08:00:00+00:00,2025-04-02T09:00:00+00:00,"
            "unplanned,2025-04-02T08:00:00+00:00,OUT-1,\n"
        )
        store.import_outages("northwind-hosting-clean", read_outages(csv))
    at = int(NOW.timestamp())
    refresh_all(sessions, lambda: NOW)
    with Store.transaction(sessions, actor="tests", write=False) as store:
        for key in keys:
            assert budget_cells.stored_cells(store, key, at=at), key
        asked = [budget_cells.asked_of(store, key) for key in keys]
        page = budget_cells.budget_cells(store, asked, at=at)
        scratch = {a.key: budget_cells.computed_cell(store, a, at=at).cell for a in asked}
    assert page == scratch
    assert page["northwind-hosting-clean"] is not None
    with Store.transaction(sessions, actor="tests", write=False) as store:
        rows = {r.contract_id for r in store.session.scalars(select(StoredBudgetCell))}
    assert len(rows) == len(keys)
    # a second round computes none: they are all stored and valid
    assert fill_cells(sessions, keys, at=at) == 0
