"""The prober with the store and the scheduler: ``sla probe run --once --db`` imports a
round into a contract (SQLite and PostgreSQL); the service's scheduler runs the prober
as a job in a worker thread and hands each round to its callback."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.cli.main import cli
from slaledger.adapters.db.models import AuditEntry, Interruption
from slaledger.adapters.db.store import Store
from slaledger.adapters.ingest.probe import Prober, Probes, Round
from slaledger.adapters.jobs.scheduler import Scheduler
from tests.conftest import ROOT
from tests.probe_servers import Running

IPFOLIO = ROOT / "examples" / "contracts" / "000-ipfolio.yaml"


def test_probe_once_imports_the_round_into_the_contract(
    sessions: sessionmaker[Session], database_url: str, http: Running, tmp_path: Path
) -> None:
    with sessions() as session:
        store = Store(session, actor="test")
        key = store.upload_contract_file(str(IPFOLIO), accept_lint_errors=True).contract.key
        store.commit()
    probes = tmp_path / "probes.yaml"
    probes.write_text(
        f'checks:\n  - {{id: home, service: ipfolio, kind: http, url: "{http.url}/status/500"}}\n',
        encoding="utf-8",
    )
    started = int(time.time())
    result = CliRunner().invoke(cli, ["probe", "run", str(probes), "--once", "--db", database_url,
                                      "--contract", key])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"1 sample -> contract {key} (1 interruption stored)" in result.output
    with sessions() as session:
        [stored] = session.scalars(select(Interruption)).all()
        assert (stored.origin, stored.source) == ("samples", str(probes))
        assert started <= stored.start.timestamp() <= time.time()
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None
        assert (entry.action, entry.entity) == ("import", "probe_samples")
        assert json.loads(entry.payload)["source"] == str(probes)


def test_a_service_not_in_the_contract_is_refused_and_nothing_is_stored(
    sessions: sessionmaker[Session], database_url: str, http: Running, tmp_path: Path
) -> None:
    with sessions() as session:
        store = Store(session, actor="test")
        key = store.upload_contract_file(str(IPFOLIO), accept_lint_errors=True).contract.key
        store.commit()
    probes = tmp_path / "probes.yaml"
    probes.write_text(
        f'checks:\n  - {{id: home, service: webshop, kind: http, url: "{http.url}/ok"}}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["probe", "run", str(probes), "--once", "--db", database_url,
                                      "--contract", key])  # fmt: skip
    assert result.exit_code == 1
    assert f"expected a service of contract {key} (ipfolio), found 'webshop'" in result.output
    with sessions() as session:
        assert session.scalars(select(Interruption)).all() == []


def test_the_scheduler_runs_the_prober_as_a_job_in_a_worker_thread(http: Running) -> None:
    probes = Probes.model_validate(
        {"checks": [{"id": "switch", "service": "web", "kind": "http",
                     "url": f"{http.url}/switch", "interval": "1s", "timeout": "1s"}]}
    )  # fmt: skip
    rounds: list[Round] = []
    prober = Prober(probes, rounds.append, origin="sources.yaml")

    async def main() -> Scheduler:
        scheduler = Scheduler([prober.job("probes")], min_sleep=0.01)
        scheduler.start()
        deadline = time.monotonic() + 15
        while len(rounds) < 3:
            assert time.monotonic() < deadline, "the prober's job did not run three rounds"
            await asyncio.sleep(0.05)
        await scheduler.stop()
        return scheduler

    http.server.state["down"] = False
    scheduler = asyncio.run(main())
    state = scheduler.states["probes"]
    assert state.failures == 0
    assert state.runs >= 3
    instants = [r.at for r in rounds]
    assert instants == sorted(set(instants))  # a round a second, each at its own instant
    assert all(r.table.up.tolist() == [True] for r in rounds)
    assert rounds[0].table.origin.name == "sources.yaml"


@pytest.fixture(autouse=True)
def _no_env_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLALEDGER_DB", raising=False)


def test_a_probe_source_synced_by_the_service_stores_its_round(
    sessions: sessionmaker[Session], http: Running, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from slaledger.adapters.db.models import SourceState
    from slaledger.adapters.sync.config import Source
    from slaledger.adapters.sync.runner import sync_source

    with Store.transaction(sessions) as store:
        key = store.upload_contract_file(str(IPFOLIO), accept_lint_errors=True).contract.key
    probes = tmp_path / "probes.yaml"
    probes.write_text(
        f'checks:\n  - {{id: home, service: ipfolio, kind: http, url: "{http.url}/status/500"}}\n',
        encoding="utf-8",
    )
    source = Source(id="home", contract=key, service="ipfolio", kind="probe",
                    interval_seconds=60, since=None, options={"probes": str(probes)})  # fmt: skip
    result = sync_source(sessions, source, now=datetime.now(UTC))
    assert result.facts == 1
    with sessions() as session:
        [stored] = session.scalars(select(Interruption)).all()
        state = session.scalars(select(SourceState)).one()
    assert (stored.origin, state.kind, state.runs, state.last_error) == ("samples", "probe", 1, "")


def test_probe_once_on_a_sources_file_imports_each_round_into_its_contract(
    sessions: sessionmaker[Session], database_url: str, http: Running, tmp_path: Path
) -> None:
    saas = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
    with Store.transaction(sessions) as store:
        keys = [
            store.upload_contract_file(str(path), accept_lint_errors=True).contract.key
            for path in (IPFOLIO, saas)
        ]
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "format: slaledger-sources/1\nsources:\n"
        + "".join(
            f"  - id: probe-{service}\n    contract: {key}\n    kind: probe\n"
            f"    options:\n      checks:\n        - {{id: home, service: {service}, "
            f'kind: http, url: "{http.url}/status/500"}}\n'
            for key, service in zip(keys, ("ipfolio", "solution"), strict=True)
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["probe", "run", str(sources), "--once", "--db",
                                      database_url])  # fmt: skip
    assert result.exit_code == 0, result.output
    for key in keys:
        assert f"1 sample -> contract {key} (1 interruption stored)" in result.output
    with sessions() as session:
        stored = session.scalars(select(Interruption)).all()
        services = sorted(i.service.name for i in stored)
    assert services == ["ipfolio", "solution"]
