"""A source failing is announced on its contract's alert channels once per failure
episode, never again after a restart, and announced recovered once when it syncs
again. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.models import AuditEntry, SourceAlert
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.notify.config import AlertSettings
from slaledger.adapters.notify.fakes import RecordingNotifier
from slaledger.adapters.sync.config import Source
from slaledger.adapters.sync.runner import SourceAlerter, source_job
from slaledger.domain.alert_settings import ContractAlertSettings
from slaledger.services.source_notice import SourceNotice, SourceTransition

KEY = "saas-annexes"
T0 = datetime(2024, 3, 16, 9, tzinfo=UTC)
OPS = "ops@provider.example"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _channels(sent: dict[str, RecordingNotifier]):  # type: ignore[no-untyped-def]
    """The contract's channels as the service builds them (its stored recipients), with
    e-mail notifiers that record; ``sent`` collects them by channel."""

    def email(address: str, languages: tuple[str, ...]) -> RecordingNotifier:
        return sent.setdefault(f"email:{address}", RecordingNotifier(f"email:{address}"))

    return AlertSettings().channels(email=email)


def _notices(sent: dict[str, RecordingNotifier]) -> list[SourceTransition]:
    return [n.transition for r in sent.values() for n in r.sent if isinstance(n, SourceNotice)]


def test_a_failure_episode_is_announced_once_and_its_recovery_once(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    with Store.transaction(seeded) as store:
        store.set_alert_settings(
            store.contract(KEY), ContractAlertSettings(alert_recipients=(OPS,))
        )
    export = tmp_path / "samples.csv"
    source = Source(
        id="probe", contract=KEY, service="solution", kind="samples-file",
        interval_seconds=60, since=T0 - timedelta(hours=1), options={"path": str(export)},
        stale_after_seconds=3600,
    )  # fmt: skip
    clock = Clock()
    sent: dict[str, RecordingNotifier] = {}
    alerter = SourceAlerter(seeded, _channels(sent))
    job = source_job(source, seeded, clock, alerter=alerter)

    def fail_at(minutes: int) -> None:
        clock.now = T0 + timedelta(minutes=minutes)
        with pytest.raises(InputError):
            job.run()

    fail_at(0)  # the episode starts
    fail_at(30)
    assert _notices(sent) == []  # failing for less than its stale_after
    fail_at(61)
    assert _notices(sent) == [SourceTransition.FAILING]
    (notice,) = sent[f"email:{OPS}"].sent
    assert isinstance(notice, SourceNotice)
    assert notice.failing_since == T0
    assert "samples.csv" in notice.last_error
    assert notice.contract_title  # the contract's own words
    fail_at(90)  # still failing: nothing more
    assert _notices(sent) == [SourceTransition.FAILING]

    # a restart: new channels and a new job, the same database
    restarted: dict[str, RecordingNotifier] = {}
    job = source_job(source, seeded, clock, alerter=SourceAlerter(seeded, _channels(restarted)))
    fail_at(100)
    assert _notices(restarted) == []

    export.write_text(
        f"service,at,up\nsolution,{(T0 + timedelta(minutes=110)).isoformat()},true\n",
        encoding="utf-8",
    )
    clock.now = T0 + timedelta(minutes=120)
    job.run()  # synced again
    assert _notices(restarted) == [SourceTransition.RECOVERED]
    (recovered,) = restarted[f"email:{OPS}"].sent
    assert isinstance(recovered, SourceNotice)
    assert (recovered.failing_since, recovered.last_success) == (T0, clock.now)
    clock.now = T0 + timedelta(minutes=130)
    job.run()
    assert _notices(restarted) == [SourceTransition.RECOVERED]

    with seeded() as session:
        rows = session.scalars(select(SourceAlert).order_by(SourceAlert.id)).all()
        audited = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "source_alert")
        ).all()
    assert [(r.transition, r.channel, r.episode) for r in rows] == [
        ("failing", f"email:{OPS}", T0),
        ("recovered", f"email:{OPS}", T0),
    ]
    assert len(audited) == 2


def test_a_channel_that_fails_is_tried_again_at_the_next_sync(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    source = Source(
        id="gone", contract=KEY, service="solution", kind="counts-file", interval_seconds=60,
        since=T0, options={"path": str(tmp_path / "gone.parquet")}, stale_after_seconds=60,
    )  # fmt: skip
    from slaledger.services.alerts import FixedChannels

    broken = RecordingNotifier("webhook:https://hooks.example/x", failures=1)
    clock = Clock()
    job = source_job(source, seeded, clock, alerter=SourceAlerter(seeded, FixedChannels([broken])))
    for minutes in (0, 2, 3):
        clock.now = T0 + timedelta(minutes=minutes)
        with pytest.raises(InputError):
            job.run()
    assert broken.attempts == 2  # refused at minute 2, delivered at minute 3
    assert len(broken.sent) == 1
