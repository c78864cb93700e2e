"""``sla serve --workers 2`` on PostgreSQL: both workers answer, the scheduler's job runs
once across them (the source's state counts one run, the other worker skipped it), the
metrics add up the workers; SQLite refuses several workers and says why."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from tests.integration.api.conftest import PREVISOFT_DATA, seed
from tests.integration.conftest import fresh_postgres_database

from slaledger.adapters.db.models import SourceState

SLA = Path(sys.executable).with_name("sla")
STARTED = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")
JOB = "source:previsoft-cgv:ticket-events"


def _sources(folder: Path) -> Path:
    path = folder / "sources.yaml"
    path.write_text(
        "format: slaledger-sources/1\n"
        "sources:\n"
        "  - id: ticket-events\n"
        "    contract: previsoft-cgv\n"
        "    kind: events-file\n"
        "    interval: 1 h\n"
        f"    options: {{path: {json.dumps(str(PREVISOFT_DATA / 'events.csv'))}}}\n",
        encoding="utf-8",
    )
    return path


class Served:
    """``sla serve`` in a child process; its log lines kept (standard error)."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [str(SLA), "serve", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.process.stderr is not None
        self._reader = threading.Thread(target=self._read, args=(self.process.stderr,))
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.append(line)

    def port(self, started: re.Pattern[str] = STARTED) -> int:
        """The port uvicorn's start line names (the system chose it)."""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            for line in list(self.lines):
                found = started.search(line)
                if found:
                    return int(found.group(1))
            assert self.process.poll() is None, "".join(self.lines)
            time.sleep(0.1)
        raise AssertionError("no start line within 300 s:\n" + "".join(self.lines))

    def stop(self) -> int:
        self.process.terminate()
        code = self.process.wait(timeout=60)
        self._reader.join(timeout=10)
        assert self.process.stderr is not None
        self.process.stderr.close()
        return code


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLALEDGER_")}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(extra)
    return env


def _readiness_until_both_workers_ran_the_job(base: str) -> dict[int, dict]:  # type: ignore[type-arg]
    """``/readyz`` of each worker (by pid), once each has tried the job once."""
    seen: dict[int, dict] = {}  # type: ignore[type-arg]
    deadline = time.monotonic() + 300
    body = None
    while time.monotonic() < deadline:
        # a new connection each time: the kernel hands it to either worker
        try:
            body = httpx.get(base + "/readyz", timeout=10, headers={"Connection": "close"}).json()
        except httpx.TransportError:  # bound by the parent, not listened on yet
            time.sleep(0.1)
            continue
        job = body["checks"]["scheduler"].get("jobs", {}).get(JOB, {})
        if job.get("runs", 0) + job.get("skipped", 0) >= 1:
            seen[body["pid"]] = body
        if len(seen) == 2:
            return seen
        time.sleep(0.02)
    raise AssertionError(f"both workers did not answer with the job tried: {seen} {body}")


@pytest.mark.postgres
def test_two_workers_answer_and_the_scheduler_job_runs_once(tmp_path: Path) -> None:
    with fresh_postgres_database() as url:
        tokens = seed(url)
        served = Served(
            [
                "--db",
                url,
                "--port",
                "0",
                "--workers",
                "2",
                "--sources",
                str(_sources(tmp_path)),
                "--graceful-timeout",
                "20",
            ],
            _environment(PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics")),
        )
        try:
            base = f"http://127.0.0.1:{served.port()}"
            try:
                workers = _readiness_until_both_workers_ran_the_job(base)
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{''.join(served.lines)}") from None
            leaders = [
                pid for pid, body in workers.items() if body["checks"]["scheduler"]["leader"]
            ]
            assert len(leaders) == 1  # one worker runs the scheduler's jobs
            jobs = {pid: body["checks"]["scheduler"]["jobs"][JOB] for pid, body in workers.items()}
            assert jobs[leaders[0]]["runs"] == 1
            follower = next(pid for pid in workers if pid != leaders[0])
            assert jobs[follower] == {"runs": 0, "skipped": 1, "failures": 0}
            assert all(body["status"] == "ready" for body in workers.values())

            engine = create_engine(url)
            try:
                with Session(engine) as session:
                    state = session.scalars(select(SourceState)).one()
                    assert state.key == "ticket-events"
                    assert state.runs == 1  # the database saw one sync, not one per worker
                    assert state.facts > 0
            finally:
                engine.dispose()

            metrics = httpx.get(
                base + "/metrics", headers={"Authorization": f"Bearer {tokens['admin']}"}
            )
            assert metrics.status_code == 200
            values = {
                (s.name, s.labels.get("job")): s.value
                for family in text_string_to_metric_families(metrics.text)
                for s in family.samples
            }
            assert values[("slaledger_job_runs_total", JOB)] == 1  # summed over the workers
            assert values[("slaledger_job_skipped_total", JOB)] == 1
        finally:
            code = served.stop()
        log = "".join(served.lines)
        assert code == 0, log
        assert log.count("stopping the scheduler") == 2  # each worker stopped its own


def test_sqlite_refuses_several_workers_and_says_why(tmp_path: Path) -> None:
    refused = subprocess.run(
        [str(SLA), "serve", "--db", str(tmp_path / "one.db"), "--workers", "2", "--port", "0"],
        capture_output=True,
        text=True,
        env=_environment(),
        timeout=60,
    )
    assert refused.returncode == 2
    assert "SQLite serves one process" in refused.stderr
    assert "PostgreSQL" in refused.stderr
    assert not (tmp_path / "one.db").exists()  # refused before anything was created
