"""The scheduler's audit-checkpoint job signs the chain's head into the checkpoints file
when entries were added, is scheduled only when the audit key exists, and fails (named
in the job's status) when the chain was rewritten under a checkpoint."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from slaledger.adapters.db.audit_checkpoints import check_checkpoints, read_checkpoints
from slaledger.adapters.db.audit_key import generate, load_verifying, public_path
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.models import AuditEntry
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.jobs.checkpoint_job import checkpoint_job, interval_from, wanted
from slaledger.adapters.jobs.scheduler import Scheduler

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def test_the_job_checkpoints_new_entries_and_fails_on_a_rewritten_log(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'slaledger.db'}"
    upgrade(url)
    factory = session_factory(url)
    key, file = tmp_path / "audit.key", tmp_path / "checkpoints.jsonl"
    generate(key)
    job = checkpoint_job(factory, lambda: NOW, 60, key=key, file=file)
    scheduler = Scheduler([job])
    try:
        with Store.transaction(factory, actor="tests") as store:
            store.ensure_customer("Globex")
        scheduler.run_job(job.name)
        scheduler.run_job(job.name)  # nothing new: no second line
        with Store.transaction(factory, actor="tests") as store:
            store.ensure_customer("Initech")
        scheduler.run_job(job.name)
        signed = read_checkpoints(file)
        assert [(c.seq, c.at) for c in signed] == [(1, NOW), (2, NOW)]
        assert json.loads(file.read_text("utf-8").splitlines()[0])["algorithm"] == "Ed25519"
        with factory() as session:
            assert check_checkpoints(session, signed, load_verifying(public_path(key))) == []
            session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(hash="0" * 64))
            session.commit()
        scheduler.run_job(job.name)
        state = scheduler.states[job.name]
        assert (state.runs, state.failures) == (3, 1)
        assert state.last_error is not None
        assert "no checkpoint signed" in state.last_error
        assert len(read_checkpoints(file)) == 2
    finally:
        factory.kw["bind"].dispose()


def test_the_job_is_wanted_only_with_a_key_and_an_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "audit.key"
    monkeypatch.setenv("SLALEDGER_AUDIT_KEY", str(key))
    assert wanted({}) == 0  # no key file
    generate(key)
    assert wanted({}) == 3600
    assert wanted({"SLALEDGER_AUDIT_CHECKPOINT_INTERVAL": "0"}) == 0
    assert interval_from({"SLALEDGER_AUDIT_CHECKPOINT_INTERVAL": "120"}) == 120
    with pytest.raises(ValueError, match="expected a number of seconds, found 'often'"):
        interval_from({"SLALEDGER_AUDIT_CHECKPOINT_INTERVAL": "often"})


def test_the_service_schedules_the_job_when_the_key_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi import FastAPI

    from slaledger.adapters.api.scheduler import add_checkpoint_job

    key = tmp_path / "audit.key"
    monkeypatch.setenv("SLALEDGER_AUDIT_KEY", str(key))
    monkeypatch.delenv("SLALEDGER_AUDIT_CHECKPOINT_INTERVAL", raising=False)
    app = FastAPI()
    app.state.sessions = session_factory(f"sqlite:///{tmp_path / 'slaledger.db'}")
    try:
        without = Scheduler()
        assert add_checkpoint_job(app, without) is without
        assert "audit-checkpoint" not in without.jobs
        generate(key)
        scheduler = Scheduler()
        assert add_checkpoint_job(app, scheduler) is scheduler
        assert scheduler.jobs["audit-checkpoint"].interval == 3600
    finally:
        app.state.sessions.kw["bind"].dispose()
