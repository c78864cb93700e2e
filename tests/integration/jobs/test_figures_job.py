"""The scheduler's figures job computes the months the cache misses, then nothing until a
write marks some."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.jobs.figures_job import figures_job, interval_from, refresh_all

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
