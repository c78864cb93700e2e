"""Sources defined through the API, run by the service's scheduler without a restart
(SQLite and PostgreSQL): created, listed, synced, replaced, removed (the job gone),
each change audited; refused when bad (the field named, nothing written), carrying a
secret, taken by the sources file, or asked by another role than provider-admin; read
again by the periodic refresh when another process stored them; resumed after a
restart from where they stopped."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.db.models import AuditEntry, SourceState
from slaledger.adapters.db.source_definitions import create_source, stored_sources
from slaledger.adapters.db.store import Store
from slaledger.adapters.jobs.scheduler import Scheduler
from tests.integration.sync.test_sync import END, KEY, MID, PASSWORD, _counts

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

JOB = f"source:{KEY}:api-errors"
BASE = f"/api/contracts/{KEY}/sources"


def _tokens(sessions: sessionmaker[Session]) -> dict[str, str]:
    people = {
        "admin": ("boss@provider.example", "provider-admin", False),
        "agent": ("agent@provider.example", "provider-agent", False),
        "viewer": ("it@customer.example", "customer-viewer", True),
    }
    tokens = {}
    with Store.transaction(sessions) as store:
        for who, (email, role, customer) in people.items():
            owner = store.contract(KEY).customer.name if customer else None
            store.add_user(email, role=role, password=PASSWORD, customer=owner)
            tokens[who] = store.create_token(email)[1]
    return tokens


def _definition(export: Path, **changes: Any) -> dict[str, Any]:
    return {
        "id": "api-errors",
        "service": "solution",
        "kind": "counts-file",
        "interval": "1 min",
        "since": "2024-03-01T00:00:00+00:00",
        "options": {"path": str(export)},
    } | changes


def _url(sessions: sessionmaker[Session]) -> str:
    return str(sessions.kw["bind"].url.render_as_string(hide_password=False))


@contextmanager
def _service(
    sessions: sessionmaker[Session], clock: Callable[[], datetime], sources_file: Path | None
) -> Iterator[TestClient]:
    settings = Settings(
        start_scheduler=True, sources_file=None if sources_file is None else str(sources_file)
    )
    app = create_app(database_url=_url(sessions), settings=settings, clock=clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


def _scheduler(client: TestClient) -> Scheduler:
    scheduler: Scheduler = client.app.state.scheduler  # type: ignore[attr-defined]
    return scheduler


def _until(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the condition was not met in time"
        time.sleep(0.05)


def _runs(client: TestClient, job: str = JOB) -> int:
    state = _scheduler(client).states.get(job)
    return 0 if state is None else state.runs


def _file(tmp_path: Path, export: Path) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "format: slaledger-sources/1\nsources:\n"
        f"  - id: file-errors\n    contract: {KEY}\n    service: solution\n"
        "    kind: counts-file\n    interval: 1 h\n"
        f"    options: {{path: {export}}}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(autouse=True)
def _slow_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """The periodic refresh out of the way: a change made here is picked up at once."""
    monkeypatch.setenv("SLALEDGER_SOURCES_REFRESH", "1 h")


def test_a_source_created_through_the_api_is_synced_replaced_and_removed_live(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    tokens = _tokens(seeded)
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    export = _counts(tmp_path / "counts.parquet", MID)
    with _service(seeded, lambda: MID, _file(tmp_path, export)) as client:
        created = client.post(BASE, json=_definition(export), headers=admin)
        assert created.status_code == 201, created.text
        assert created.json()["created_by"] == "boss@provider.example"
        assert created.headers["Location"] == f"{BASE}/api-errors"
        listed = {s["id"]: s for s in client.get(BASE, headers=admin).json()}
        assert listed["api-errors"]["origin"] == "api"
        assert listed["file-errors"]["origin"] == "file"
        _until(lambda: _runs(client) >= 1)  # run by the scheduler, no restart
        synced = {s["id"]: s for s in client.get(BASE, headers=admin).json()}["api-errors"]
        assert synced["synced_until"].startswith("2024-03-16T00:00:00")
        assert synced["facts"] > 0

        replaced = client.put(
            f"{BASE}/api-errors", json=_definition(export, interval="2 min"), headers=admin
        )
        assert replaced.status_code == 200, replaced.text
        assert _scheduler(client).jobs[JOB].interval == 120
        assert (
            client.get(f"{BASE}/api-errors", headers=admin).json()["definition"]["interval"]
            == "2 min"
        )

        assert client.delete(f"{BASE}/api-errors", headers=admin).status_code == 204
        assert JOB not in _scheduler(client).jobs
        assert f"source:{KEY}:file-errors" in _scheduler(client).jobs
        assert client.get(f"{BASE}/api-errors", headers=admin).status_code == 404
        kept = {s["id"]: s for s in client.get(BASE, headers=admin).json()}["api-errors"]
        assert kept["origin"] == ""  # no longer defined
        assert kept["facts"] > 0  # what it synced stays
    with seeded() as session:
        actions = session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity == "source_definition")
            .order_by(AuditEntry.seq)
        ).all()
    assert actions == ["create", "update", "delete"]


def test_bad_secret_taken_or_unauthorised_definitions_write_nothing(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    tokens = _tokens(seeded)
    export = _counts(tmp_path / "counts.parquet", MID)

    def post(who: str, body: object) -> Any:
        return client.post(BASE, json=body, headers={"Authorization": f"Bearer {tokens[who]}"})

    with _service(seeded, lambda: MID, _file(tmp_path, export)) as client:
        bad = post("admin", _definition(export, interval="2 s"))
        assert bad.status_code == 422
        assert bad.headers["content-type"].startswith("application/problem+json")
        (error,) = bad.json()["errors"]
        assert (error["field"], error["found"]) == ("interval", "2 s")
        assert "at least 10 s" in error["expected"]

        secret = _definition(export, kind="prometheus")
        secret["options"] = {"url": "http://prom:9090", "up_query": "up", "token": "t0ps3cret"}
        refused = post("admin", secret)
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "options.token"
        assert "token_env" in refused.json()["errors"][0]["expected"]
        assert "t0ps3cret" not in refused.text

        taken = post("admin", _definition(export, id="file-errors"))
        assert taken.status_code == 409
        assert "sources file" in taken.json()["detail"]
        assert post("viewer", _definition(export)).status_code == 403
        assert post("agent", _definition(export)).status_code == 403
        assert post("admin", _definition(export)).status_code == 201
        assert post("admin", _definition(export)).status_code == 409  # the name is taken
        other = client.delete(
            f"{BASE}/file-errors", headers={"Authorization": f"Bearer {tokens['admin']}"}
        )
        assert other.status_code == 409
    with seeded() as session:
        assert [s.key for s in stored_sources(Store(session))] == ["api-errors"]


def test_the_periodic_refresh_runs_a_source_another_process_stored(
    seeded: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLALEDGER_SOURCES_REFRESH", "1 s")
    export = _counts(tmp_path / "counts.parquet", MID)
    with _service(seeded, lambda: MID, None) as client:
        assert JOB not in _scheduler(client).jobs
        with Store.transaction(seeded, actor="another-worker") as store:
            create_source(store, KEY, "api-errors", "counts-file", _definition(export))
        _until(lambda: _runs(client) >= 1)
    with seeded() as session:
        state = session.scalars(select(SourceState)).one()
    assert state.synced_until == MID


def test_a_stored_source_resumes_after_a_restart_from_where_it_stopped(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    tokens = _tokens(seeded)
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    export = _counts(tmp_path / "counts.parquet", MID)
    with _service(seeded, lambda: MID, None) as client:
        assert client.post(BASE, json=_definition(export), headers=admin).status_code == 201
        _until(lambda: _runs(client) >= 1)
    _counts(export, END)  # the exporter went on while the service was down
    with _service(seeded, lambda: END, None) as client:
        assert JOB in _scheduler(client).jobs  # from the table, nothing posted again
        _until(lambda: _runs(client) >= 1)
    with seeded() as session:
        state = session.scalars(select(SourceState)).one()
        syncs = session.scalars(
            select(AuditEntry.payload)
            .where(AuditEntry.action == "sync", AuditEntry.entity == "source")
            .order_by(AuditEntry.seq)
        ).all()
    assert state.synced_until == END
    assert state.runs == 2
    assert '"since":"2024-03-16T00:00:00+00:00"' in syncs[-1]  # resumed, not from the start


def _login(client: TestClient, email: str) -> None:
    form = client.get("/dashboard/login")
    token = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    client.post("/dashboard/login", data={"email": email, "password": PASSWORD, "csrf": token})


@pytest.mark.parametrize(
    ("language", "file", "api", "never"),
    [("en", "the sources file", "the API", "never synced"),
     ("fr", "le fichier des sources", "l’API", "jamais synchronisée")],
)  # fmt: skip
def test_the_sources_page_shows_where_each_source_is_defined_and_those_never_synced(
    seeded: sessionmaker[Session], tmp_path: Path, language: str, file: str, api: str, never: str
) -> None:
    _tokens(seeded)
    export = tmp_path / "counts.parquet"
    with Store.transaction(seeded, actor="boss@provider.example") as store:
        create_source(store, KEY, "api-errors", "counts-file", _definition(export))
    settings = Settings(sources_file=str(_file(tmp_path, export)))  # no scheduler: no sync
    app = create_app(database_url=_url(seeded), settings=settings, clock=lambda: MID)
    with TestClient(app) as client:
        client.cookies.set("sla_lang", language)
        _login(client, "boss@provider.example")
        page = client.get(f"/dashboard/contracts/{KEY}/sources")
        _login(client, "it@customer.example")
        refused = client.get(f"/dashboard/contracts/{KEY}/sources")
    app.state.engine.dispose()
    assert page.status_code == 200
    rows = {
        key: page.text.split(f'id="source-{key}"', 1)[1].split("</tr>", 1)[0]
        for key in ("api-errors", "file-errors")
    }
    assert f"{api} (boss@provider.example)" in rows["api-errors"]
    assert file in rows["file-errors"]
    assert all(never in row for row in rows.values())
    assert refused.status_code == 403
