"""Issue 14's "done when", end to end through the real ``sla serve`` process (SQLite and
PostgreSQL): a service started with a sources file keeps a contract's availability
current with no upload, a restart resumes without gaps or duplicates (the stored facts
are those of one import of the whole month, and the month's figure is the counts file's
and the seed's golden), and the dashboard shows the source's state."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.cli.main import main
from slaledger.adapters.db.models import Interruption, ObservedPeriod, SourceState
from slaledger.adapters.db.store import Store
from slaledger.adapters.sync.config import load_sources
from slaledger.adapters.sync.pullers import PULLERS
from slaledger.adapters.sync.runner import sync_source
from tests.integration.db.seeds import CONTRACTS
from tests.integration.sync.test_source_definitions_api import _tokens
from tests.integration.sync.test_sync import END, KEY, MID, PASSWORD, SEED, _counts

SOURCES = f"/api/contracts/{KEY}/sources"
#: start-up imports take long on a loaded machine
START_TIMEOUT = 180


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _sources_file(tmp_path: Path, export: Path) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "format: slaledger-sources/1\nsources:\n"
        f"  - id: errors\n    contract: {KEY}\n    service: solution\n"
        "    kind: counts-file\n    interval: 10 s\n"
        "    since: 2024-03-01T00:00:00+00:00\n"
        f"    options: {{path: {export}}}\n",
        encoding="utf-8",
    )
    return path


def _wait(
    predicate: Callable[[], bool], what: str, log: Path, server: subprocess.Popen[bytes]
) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        assert server.poll() is None, f"sla serve stopped: {log.read_text()}"
        try:
            if predicate():
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, (
            f"{what} not within {START_TIMEOUT} s: {log.read_text()}"
        )
        time.sleep(0.2)


@dataclass(frozen=True)
class _Served:
    base: str
    log: Path
    server: subprocess.Popen[bytes]

    def wait(self, predicate: Callable[[], bool], what: str) -> None:
        _wait(predicate, what, self.log, self.server)


@contextmanager
def _serve(url: str, sources: Path, tmp_path: Path, run: int) -> Iterator[_Served]:
    """``sla serve --sources`` on a free loopback port until the block ends (SIGTERM)."""
    port = _free_port()
    sla = Path(sys.executable).with_name("sla")
    log = tmp_path / f"serve-{run}.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(sla), "serve", "--db", url, "--port", str(port), "--sources", str(sources)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(
            lambda: httpx.get(f"{base}/openapi.json", timeout=10).is_success,
            "an answer",
            log,
            server,
        )
        yield _Served(base, log, server)
    finally:
        server.terminate()
        server.wait(timeout=60)


def _synced_until(base: str, token: str) -> str | None:
    answer = httpx.get(f"{base}{SOURCES}", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    answer.raise_for_status()
    (source,) = [s for s in answer.json() if s["id"] == "errors"]
    return source["synced_until"]


def _march(base: str, token: str) -> Any:
    answer = httpx.get(
        f"{base}/api/contracts/{KEY}/availability",
        params={"month": "2024-03"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    answer.raise_for_status()
    return answer.json()


def _stored(sessions: sessionmaker[Session]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The interruptions and observed periods stored, in order."""
    with sessions() as session:
        cuts = session.execute(
            select(Interruption.service_id, Interruption.origin, Interruption.start,
                   Interruption.end, Interruption.reason)
            .order_by(Interruption.service_id, Interruption.start)
        ).all()  # fmt: skip
        seen = session.execute(
            select(ObservedPeriod.service_id, ObservedPeriod.origin, ObservedPeriod.start,
                   ObservedPeriod.end)
            .order_by(ObservedPeriod.service_id, ObservedPeriod.start)
        ).all()  # fmt: skip
    return [tuple(r) for r in cuts], [tuple(r) for r in seen]


def _file_figure(capsys: pytest.CaptureFixture[str], export: Path) -> Any:
    """March from the counts file, by ``sla availability`` (no store involved)."""
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "availability", str(CONTRACTS / f"{SEED}.yaml"), "--month", "2024-03",
                "--counts", str(export), "--json",
            ]
        )  # fmt: skip
    captured = capsys.readouterr()
    assert exit_info.value.code in (0, None), captured.err
    return json.loads(captured.out)


def _dashboard_sources(base: str) -> str:
    with httpx.Client(base_url=base, timeout=30) as browser:
        form = browser.get("/dashboard/login").text
        csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        browser.post(
            "/dashboard/login",
            data={"email": "boss@provider.example", "password": PASSWORD, "csrf": csrf},
        )
        page = browser.get(f"/dashboard/contracts/{KEY}/sources")
        assert page.status_code == 200, page.text
        return page.text


def test_sla_serve_keeps_march_current_across_a_restart_without_gaps_or_duplicates(
    seeded: sessionmaker[Session],
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("SLALEDGER_DB", "SLALEDGER_SOURCES", "PROMETHEUS_MULTIPROC_DIR"):
        monkeypatch.delenv(name, raising=False)  # the service's own defaults
    token = _tokens(seeded)["admin"]
    export = _counts(tmp_path / "counts.parquet", MID)  # the exporter has written half
    sources = _sources_file(tmp_path, export)

    with _serve(database_url, sources, tmp_path, 1) as served:
        served.wait(
            lambda: (_synced_until(served.base, token) or "").startswith("2024-03-16T00:00:00"),
            "the first half synced",
        )
        half = _march(served.base, token)
    assert half["coverage"]["state"] == "insufficient"  # half the month observed, said so

    _counts(export, END)  # the exporter went on while the service was down
    with _serve(database_url, sources, tmp_path, 2) as served:
        served.wait(
            lambda: (_synced_until(served.base, token) or "").startswith("2024-04-01T00:00:00"),
            "the rest synced after the restart",
        )
        march = _march(served.base, token)
        page = _dashboard_sources(served.base)

    direct = _file_figure(capsys, export)
    assert march["availability_fraction"] == direct["availability_fraction"]
    # the seed's golden figure of March (tests/golden/availability/001-saas-annexes.json)
    assert Fraction(march["availability_fraction"]) == Fraction(222_800, 2_229)
    assert march["coverage"]["minutes_observed"] == direct["coverage"]["minutes_observed"]

    # no gap, no duplicate: what two services stored is what one import of the month stores
    resumed = _stored(seeded)
    with seeded() as session:
        state = session.scalars(select(SourceState)).one()
    assert state.runs >= 2
    assert state.last_error == ""
    with Store.transaction(seeded) as store:
        for table in (SourceState, Interruption, ObservedPeriod):
            store.session.execute(table.__table__.delete())
    (source,) = load_sources(sources, set(PULLERS))
    sync_source(seeded, source, now=END)
    assert resumed == _stored(seeded)

    # the dashboard shows the source, where it is defined, and how far it is synced
    assert 'id="source-errors"' in page
    assert "the sources file" in page
    assert "never synced" not in page
