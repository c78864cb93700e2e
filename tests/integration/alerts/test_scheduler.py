"""The scheduler inside the service: runs, sleeps until the next wake-up, stops cleanly."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.api.app import create_app
from slaledger.adapters.api.scheduler import MIN_SLEEP, AlertScheduler
from slaledger.adapters.api.settings import Settings
from slaledger.adapters.db.models import AlertDelivery
from slaledger.adapters.db.store import Store
from slaledger.adapters.notify.config import AlertSettings
from slaledger.adapters.notify.fakes import RecordingNotifier
from slaledger.domain.alerts import Transition
from slaledger.services.alerts import RunReport

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2024, 3, 16, 14, 31, tzinfo=PARIS)  # INC-1 has been at risk since 14:30


async def wait_until(condition, seconds: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def test_the_scheduler_sends_what_is_due_then_stops_without_waiting_out_its_sleep(
    seeded: Store, sessions: sessionmaker[Session]
) -> None:
    notifier = RecordingNotifier("memory")
    scheduler = AlertScheduler(
        sessions=sessions,
        settings=AlertSettings(max_sleep=30),
        notifiers=[notifier],
        clock=lambda: NOW,
    )

    async def scenario() -> float:
        scheduler.start()
        while scheduler.runs < 1:
            await asyncio.sleep(0.02)
        began = time.monotonic()
        await scheduler.stop()
        return time.monotonic() - began

    stopping = asyncio.run(scenario())
    assert stopping < 5  # the 30 s sleep was interrupted
    assert [n.alert.transition for n in notifier.sent] == [Transition.AT_RISK]
    assert scheduler.last_report is not None
    # next: the breach at 16:00, 89 minutes away: capped at 30 s
    assert scheduler.last_report.next_wakeup == datetime(2024, 3, 16, 16, tzinfo=PARIS)
    assert scheduler.sleep_for(scheduler.last_report) == 30


@pytest.mark.parametrize(
    ("wakeup_in", "expected"),
    [
        (timedelta(seconds=12), 12.0),  # sleeps exactly until the next wake-up
        (timedelta(hours=2), 30.0),  # capped
        (timedelta(seconds=-5), MIN_SLEEP),  # already past: never spins
        (None, 30.0),  # nothing ahead: the cap
    ],
)
def test_the_scheduler_sleeps_until_the_next_wakeup_within_bounds(
    wakeup_in: timedelta | None, expected: float
) -> None:
    scheduler = AlertScheduler(
        sessions=None,  # type: ignore[arg-type]
        settings=AlertSettings(max_sleep=30),
        notifiers=[],
        clock=lambda: NOW,
    )
    report = RunReport(next_wakeup=None if wakeup_in is None else NOW + wakeup_in)
    assert scheduler.sleep_for(report) == expected


def test_the_service_runs_the_scheduler_in_its_lifespan_and_a_webhook_arrives(
    seeded: Store,
    sessions: sessionmaker[Session],
    database_url: str,
    webhook_server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLALEDGER_ALERT_WEBHOOKS", webhook_server.url)
    app = create_app(
        database_url=database_url, settings=Settings(start_scheduler=True), clock=lambda: NOW
    )

    async def serve() -> None:
        # what uvicorn does around the service: enter the lifespan, later leave it
        async with app.router.lifespan_context(app):
            await wait_until(lambda: len(webhook_server.received) >= 1)

    asyncio.run(serve())
    scheduler = app.state.alert_scheduler
    assert scheduler._task is None  # stopped with the application
    assert [b["transition"] for b in webhook_server.received] == ["at-risk"]
    with sessions() as session:
        count = session.scalar(select(func.count()).select_from(AlertDelivery))
    assert count == 1
    app.state.engine.dispose()


def test_without_any_channel_configured_the_service_starts_no_scheduler(
    database_url: str, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SLALEDGER_ALERT_WEBHOOKS", "SLALEDGER_ALERT_EMAILS", "SLALEDGER_SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    app = create_app(database_url=database_url, settings=Settings(start_scheduler=True))

    async def serve() -> None:
        async with app.router.lifespan_context(app):
            assert getattr(app.state, "alert_scheduler", None) is None

    asyncio.run(serve())
    app.state.engine.dispose()
