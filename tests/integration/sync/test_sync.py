"""Sources synced into the store: resumed from where they stopped, idempotent, audited,
their failures recorded in words and reported once when they last; and run by the
service's scheduler from a sources file. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.db.models import AuditEntry, IncidentEvent, ObservedPeriod, SourceState
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.sync.config import Source, load_sources
from slaledger.adapters.sync.pullers import PULLERS
from slaledger.adapters.sync.runner import sync_source
from slaledger.bootstrap import contract_calendars
from slaledger.domain.periods import Month
from slaledger.services.availability import availability_for_month
from tests.integration.db.seeds import CONTRACTS, DATA, contract

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

SEED = "001-saas-annexes"
KEY = "saas-annexes"
MARCH = Month(2024, 3)
MID = datetime(2024, 3, 16, tzinfo=UTC)
END = datetime(2024, 4, 1, tzinfo=UTC)
PASSWORD = "a long enough passphrase"


def _counts(path: Path, until: datetime) -> Path:
    """March 2024's counts of seed 001 up to ``until``, as an exporter would write them."""
    table = pq.read_table(DATA / SEED / "counts.parquet")
    start = pc.greater_equal(table["interval_start"], datetime(2024, 3, 1, tzinfo=UTC))
    stop = pc.less(table["interval_start"], until)
    pq.write_table(table.filter(pc.and_(start, stop)), path)
    return path


def _source(path: Path, kind: str = "counts-file", id: str = "errors") -> Source:
    return Source(
        id=id,
        contract=KEY,
        service="solution",
        kind=kind,
        interval_seconds=60,
        since=datetime(2024, 3, 1, tzinfo=UTC),
        options={"path": str(path)},
        where="sources.yaml line 3",
    )


def _march(sessions: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    terms = contract(SEED)
    with sessions() as session:
        observations = Store(session).observations(KEY, now=END)
    return availability_for_month(
        contract=terms, month=MARCH, observations=observations, calendars=contract_calendars(terms)
    )


def _count(sessions: sessionmaker[Session], model: type) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_source_resumes_where_it_stopped_and_a_repeat_changes_nothing(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    export = tmp_path / "counts.parquet"
    source = _source(_counts(export, MID))
    first = sync_source(seeded, source, now=MID)
    assert first.reached == MID  # the last interval ends where the export stops
    _counts(export, END)  # the exporter wrote the rest of the month
    second = sync_source(seeded, source, now=END)
    assert second.since == MID
    assert second.facts > 0
    resumed = _march(seeded)
    periods = _count(seeded, ObservedPeriod)
    again = sync_source(seeded, source, now=END)  # a restart: the last hour pulled again
    assert again.facts == 60
    assert _count(seeded, ObservedPeriod) == periods
    assert _march(seeded).availability == resumed.availability

    with Store.transaction(seeded) as store:  # the whole month imported in one go
        store.session.execute(SourceState.__table__.delete())
    sync_source(seeded, _source(export), now=END)
    whole = _march(seeded)
    assert whole.availability is not None
    assert whole.availability == resumed.availability
    with seeded() as session:
        syncs = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "sync", AuditEntry.entity == "source")
        ).all()
    assert len(syncs) == 4


def test_a_ticket_history_pulled_again_replaces_rather_than_repeats(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    source = _source(DATA / SEED / "events.csv", kind="events-file")
    sync_source(seeded, source, now=END)
    events = _count(seeded, IncidentEvent)
    assert events > 0
    sync_source(seeded, source, now=END + timedelta(minutes=1))
    assert _count(seeded, IncidentEvent) == events


def test_a_failing_source_says_why_since_when_and_is_reported_once(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    missing = _source(tmp_path / "gone.parquet")
    reported: list[tuple[str, str]] = []

    def report(source: Source, message: str, since: datetime) -> None:
        reported.append((source.job, message))

    for minutes in (0, 30, 61, 90):
        with pytest.raises(InputError):
            sync_source(
                seeded,
                missing,
                now=MID + timedelta(minutes=minutes),
                stale_after=timedelta(hours=1),
                on_stale=report,
            )
    with seeded() as session:
        state = session.scalars(select(SourceState)).one()
    assert state.failing_since == MID
    assert "gone.parquet" in state.last_error
    assert "a readable file" in state.last_error
    assert reported == [("source:saas-annexes:errors", state.last_error)]
    assert state.runs == 0

    _counts(tmp_path / "gone.parquet", MID)
    sync_source(seeded, missing, now=MID + timedelta(hours=2))
    with seeded() as session:
        state = session.scalars(select(SourceState)).one()
    assert (state.last_error, state.failing_since, state.runs) == ("", None, 1)


def test_a_sources_file_names_the_line_of_each_problem(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "format: slaledger-sources/1\n"
        "sources:\n"
        "  - id: errors\n"
        "    contract: saas-annexes\n"
        "    kind: ftp\n"
        "    interval: 2 s\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_sources(path, set(PULLERS))
    text = str(caught.value)
    assert "sources.yaml:6:" in text
    assert "sources[0].interval" in text
    assert "at least 10 s" in text
    path.write_text(path.read_text().replace("2 s", "1 min"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_sources(path, set(PULLERS))
    assert "sources.yaml:5:" in str(caught.value)
    assert "'ftp'" in str(caught.value)


def test_the_service_keeps_a_source_in_sync_from_its_sources_file(
    seeded: sessionmaker[Session], database_url: str, tmp_path: Path
) -> None:
    export = _counts(tmp_path / "counts.parquet", MID)
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "format: slaledger-sources/1\n"
        "sources:\n"
        "  - id: errors\n"
        f"    contract: {KEY}\n"
        "    service: solution\n"
        "    kind: counts-file\n"
        "    interval: 1 min\n"
        "    since: 2024-03-01T00:00:00+00:00\n"
        f"    options: {{path: {export}}}\n",
        encoding="utf-8",
    )
    settings = Settings(start_scheduler=True, sources_file=str(sources))
    app = create_app(database_url=database_url, settings=settings, clock=lambda: MID)

    async def serve() -> None:
        async with app.router.lifespan_context(app):
            deadline = time.monotonic() + 60
            while app.state.scheduler.states["source:saas-annexes:errors"].runs < 1:
                assert time.monotonic() < deadline
                await asyncio.sleep(0.05)

    asyncio.run(serve())
    app.state.engine.dispose()
    with seeded() as session:
        state = session.scalars(select(SourceState)).one()
    assert state.synced_until == MID
    assert state.facts > 0


def test_the_sources_page_shows_each_source_for_the_provider_only(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    sync_source(seeded, _source(_counts(tmp_path / "c.parquet", MID)), now=MID)
    with pytest.raises(InputError):
        sync_source(seeded, _source(tmp_path / "gone.parquet", "samples-file", "probe"), now=END)
    with Store.transaction(seeded) as store:
        store.add_user("boss@provider.example", role="provider-admin", password=PASSWORD)
        store.add_user(
            "it@customer.example", role="customer-viewer", password=PASSWORD,
            customer=store.contract(KEY).customer.name,
        )  # fmt: skip
    engine = seeded.kw["bind"]
    app = create_app(database_url=str(engine.url.render_as_string(hide_password=False)),
                     settings=Settings(), clock=lambda: END)  # fmt: skip

    def login(client: TestClient, email: str) -> None:
        form = client.get("/dashboard/login")
        token = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        client.post(
            "/dashboard/login",
            data={"email": email, "password": PASSWORD, "csrf": token},
        )

    with TestClient(app) as client:
        login(client, "boss@provider.example")
        page = client.get(f"/dashboard/contracts/{KEY}/sources")
        assert page.status_code == 200
        assert 'id="source-errors"' in page.text
        assert 'id="source-probe"' in page.text
        assert "gone.parquet" in page.text  # the last error, in words
        assert "Failing since" in page.text
    with TestClient(app) as client:
        login(client, "it@customer.example")
        assert client.get(f"/dashboard/contracts/{KEY}/sources").status_code == 403
    app.state.engine.dispose()


def _samples(path: Path, minutes: range, down: set[int]) -> Path:
    start = datetime(2024, 3, 4, 9, tzinfo=UTC)
    lines = ["service,at,up"]
    for m in minutes:
        at = (start + timedelta(minutes=m)).isoformat()
        lines.append(f"ipfolio,{at},{'false' if m in down else 'true'}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _down_seconds(sessions: sessionmaker[Session]) -> int:
    from slaledger.adapters.db.models import Interruption

    with sessions() as session:
        rows = session.scalars(select(Interruption).where(Interruption.origin == "samples")).all()
    return sum(int((r.end - r.start).total_seconds()) for r in rows)


@pytest.mark.parametrize("overlap", [3600, 0])
def test_probe_samples_synced_in_rounds_count_what_one_import_counts(
    sessions: sessionmaker[Session], tmp_path: Path, overlap: int
) -> None:
    """A stretch ending on a down sample: the next round says when it came back (with
    an overlap the boundary is derived again; without, the stored span is cut short)."""
    with Store.transaction(sessions) as store:
        store.upload_contract_file(str(CONTRACTS / "000-ipfolio.yaml"), accept_lint_errors=True)
    export = tmp_path / "samples.csv"
    source = Source(
        id="probe", contract="ipfolio-support-policy", service="ipfolio", kind="samples-file",
        interval_seconds=60, since=datetime(2024, 3, 4, 9, tzinfo=UTC),
        options={"path": str(export)}, overlap_seconds=overlap,
    )  # fmt: skip
    at = datetime(2024, 3, 4, 9, tzinfo=UTC)
    _samples(export, range(0, 11), down={10})  # minute 10 is down, the last one so far
    sync_source(sessions, source, now=at + timedelta(minutes=10, seconds=30))
    _samples(export, range(0, 30), down={10})  # it was up again at minute 11
    sync_source(sessions, source, now=at + timedelta(minutes=30))
    rounds = _down_seconds(sessions)

    with Store.transaction(sessions) as store:
        store.session.execute(SourceState.__table__.delete())
        from slaledger.adapters.db.models import Interruption

        store.session.execute(Interruption.__table__.delete())
    sync_source(sessions, source, now=at + timedelta(minutes=30))  # all at once
    assert rounds == _down_seconds(sessions) == 60


def test_the_stale_delay_comes_from_the_environment_or_is_refused_by_name() -> None:
    from slaledger.adapters.sync.runner import STALE_AFTER, stale_after_from

    assert stale_after_from({}) == STALE_AFTER
    assert stale_after_from({"SLALEDGER_SOURCE_STALE_AFTER": "15 min"}) == timedelta(minutes=15)
    with pytest.raises(InputError, match="SLALEDGER_SOURCE_STALE_AFTER: expected a duration"):
        stale_after_from({"SLALEDGER_SOURCE_STALE_AFTER": "soon"})


def test_the_api_gives_each_sources_state_lag_and_failure_to_provider_roles_only(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    sync_source(seeded, _source(_counts(tmp_path / "c.parquet", MID)), now=MID)
    with pytest.raises(InputError):
        sync_source(seeded, _source(tmp_path / "gone.parquet", "samples-file", "probe"), now=MID)
    with Store.transaction(seeded) as store:
        store.add_user("agent@provider.example", role="provider-agent", password=PASSWORD)
        store.add_user(
            "it@customer.example", role="customer-viewer", password=PASSWORD,
            customer=store.contract(KEY).customer.name,
        )  # fmt: skip
        _, agent = store.create_token("agent@provider.example")
        _, viewer = store.create_token("it@customer.example")
    engine = seeded.kw["bind"]
    app = create_app(database_url=str(engine.url.render_as_string(hide_password=False)),
                     settings=Settings(), clock=lambda: END)  # fmt: skip
    with TestClient(app) as client:
        answer = client.get(
            f"/api/contracts/{KEY}/sources", headers={"Authorization": f"Bearer {agent}"}
        )
        refused = client.get(
            f"/api/contracts/{KEY}/sources", headers={"Authorization": f"Bearer {viewer}"}
        )
    app.state.engine.dispose()
    assert answer.status_code == 200
    by_id = {s["id"]: s for s in answer.json()}
    assert by_id["errors"]["lag_seconds"] == int((END - MID).total_seconds())
    assert by_id["errors"]["failing_since"] is None
    assert by_id["errors"]["runs"] == 1
    assert by_id["errors"]["facts"] > 0
    assert by_id["probe"]["failing_seconds"] == int((END - MID).total_seconds())
    assert "gone.parquet" in by_id["probe"]["last_error"]
    assert by_id["probe"]["lag_seconds"] is None  # never synced
    assert refused.status_code == 403
