"""Stopping the service lets the scheduler's running job finish (within
``SLALEDGER_GRACEFUL_TIMEOUT``) and the job's run is counted for ``/metrics``;
``/readyz`` says the scheduler is alive while it runs, and 503 once its loop ended."""

from __future__ import annotations

import threading
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.api import scheduler as scheduler_module
from slaledger.adapters.api.ops.health import scheduler_check
from slaledger.adapters.api.ops.metrics import process_metrics
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.jobs.scheduler import Job, Scheduler

JOB = "ops-test-slow"


def _runs(name: str) -> float:
    value = process_metrics().registry.get_sample_value("slaledger_job_runs_total", {"job": name})
    return value or 0.0


def test_stopping_the_service_lets_the_running_job_finish_and_counts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    finished: list[bool] = []

    def slow() -> None:
        started.set()
        release.wait(60)
        finished.append(release.is_set())

    class OneJob:
        """Stands for the alert scheduler: one slow job, started with the service."""

        def __init__(self, app: Any) -> None:
            self.channels = None
            self.scheduler = Scheduler([Job(JOB, slow, 3600)])
            self.scheduler.start()
            app.state.scheduler = self.scheduler

        async def stop(self) -> None:
            await self.scheduler.stop()

    monkeypatch.setattr(scheduler_module, "start_scheduler", OneJob)
    monkeypatch.setenv("SLALEDGER_GRACEFUL_TIMEOUT", "60")
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    upgrade(url)
    app = create_app(database_url=url, settings=Settings(start_scheduler=True, secret="s"))
    before = _runs(JOB)
    try:
        with TestClient(app) as client:
            assert started.wait(60)
            ready = client.get("/readyz").json()["checks"]["scheduler"]
            assert ready["ok"] is True
            assert ready["state"] == "running"
            threading.Timer(0.1, release.set).start()  # the job ends while the service stops
        assert finished == [True]  # the shutdown waited for it
        assert _runs(JOB) == before + 1
        assert not app.state.scheduler.alive
    finally:
        release.set()
        app.state.engine.dispose()


def test_readyz_fails_the_scheduler_check_once_its_loop_ended() -> None:
    ended = Scheduler([Job("alerts", lambda: None, 60)])  # never started, or its loop ended
    request = SimpleNamespace(
        app=SimpleNamespace(
            state=SimpleNamespace(settings=Settings(start_scheduler=True), scheduler=ended)
        )
    )
    found = scheduler_check(request)  # type: ignore[arg-type]
    assert found["ok"] is False
    assert found["state"] == "stopped"
    assert "ended" in found["error"]
