"""Alerts over a real store (SQLite and PostgreSQL): once each, across restarts."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db import audit
from slaledger.adapters.db.models import AlertDelivery, AuditEntry
from slaledger.adapters.db.store import Store
from slaledger.adapters.notify.fakes import RecordingNotifier
from slaledger.adapters.notify.storage import StoreAlerts
from slaledger.adapters.notify.webhook import WebhookNotifier
from slaledger.domain.alerts import Transition
from slaledger.services.alerts import RunReport, run_once

PARIS = ZoneInfo("Europe/Paris")


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 3, day, hour, minute, tzinfo=PARIS)


def run(sessions: sessionmaker[Session], notifier: object, now: datetime) -> RunReport:
    """One run as the scheduler does it: a fresh session, nothing kept in memory."""
    with sessions() as session:
        return run_once(
            store=StoreAlerts(Store(session, actor="alerts")),
            notifiers=[notifier],  # type: ignore[list-item]
            now=now,
        )


def restore_clock(notifier: RecordingNotifier) -> list[tuple[Transition, datetime]]:
    return [
        (n.alert.transition, n.happened_at)
        for n in notifier.sent
        if n.alert.clock == "take-into-account"
    ]


def deliveries(store: Store) -> list[tuple[str, str, str]]:
    store.session.expire_all()
    rows = store.session.scalars(select(AlertDelivery).order_by(AlertDelivery.id))
    return [(r.clock, r.transition, r.channel) for r in rows]


def test_at_risk_then_breached_are_delivered_and_recorded_once_each(
    seeded: Store, sessions: sessionmaker[Session]
) -> None:
    notifier = RecordingNotifier("memory")
    for now in [paris(16, 14), paris(16, 14, 30), paris(16, 15), paris(16, 16), paris(16, 16, 1)]:
        run(sessions, notifier, now)
    assert restore_clock(notifier) == [
        (Transition.AT_RISK, paris(16, 14, 30)),
        (Transition.BREACHED, paris(16, 16)),
    ]
    assert deliveries(seeded) == [
        ("take-into-account", "at-risk", "memory"),
        ("take-into-account", "breached", "memory"),
    ]
    # each delivery wrote its audit entry, and the chain still verifies
    entries = seeded.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "alert_delivery")
    ).all()
    assert len(entries) == 2
    assert audit.verify(seeded.session).ok


def test_a_restart_repeats_nothing_and_catches_up_in_order(
    seeded: Store, sessions: sessionmaker[Session]
) -> None:
    before = RecordingNotifier("memory")
    run(sessions, before, paris(16, 14, 40))
    # the service is down from 14:40 to Monday; a new process starts with a new notifier
    after = RecordingNotifier("memory")
    run(sessions, after, paris(18, 9))
    run(sessions, after, paris(18, 9, 1))
    assert restore_clock(before) == [(Transition.AT_RISK, paris(16, 14, 30))]
    assert restore_clock(after) == [(Transition.BREACHED, paris(16, 16))]
    diagnosis = [n.alert.transition for n in after.sent if n.alert.clock == "diagnosis"]
    assert diagnosis == [Transition.AT_RISK, Transition.BREACHED]
    assert len(deliveries(seeded)) == 4


def test_a_failed_webhook_is_retried_on_the_next_run_and_delivered_once(
    seeded: Store, sessions: sessionmaker[Session], webhook_server
) -> None:
    webhook_server.answers = [503]
    notifier = WebhookNotifier(webhook_server.url, timeout=5)
    first = run(sessions, notifier, paris(16, 14, 31))
    assert [a.transition for a, _, _ in first.failed] == [Transition.AT_RISK]
    assert deliveries(seeded) == []
    second = run(sessions, notifier, paris(16, 14, 32))
    third = run(sessions, notifier, paris(16, 14, 33))
    assert [a.transition for a, _ in second.sent] == [Transition.AT_RISK]
    assert third.sent == []
    assert [b["transition"] for b in webhook_server.received] == ["at-risk", "at-risk"]
    assert deliveries(seeded) == [("take-into-account", "at-risk", notifier.channel)]


def test_a_second_scheduler_running_at_the_same_time_sends_and_records_nothing_twice(
    seeded: Store, sessions: sessionmaker[Session]
) -> None:
    now = paris(16, 14, 31)
    with sessions() as late_session:
        late = StoreAlerts(Store(late_session, actor="alerts"))
        stale = late.watched(since=paris(9, 14), now=now)  # read before the other run
        first = RecordingNotifier("memory")
        run(sessions, first, now)

        class Stale(StoreAlerts):
            def watched(self, *, since: datetime, now: datetime):  # type: ignore[no-untyped-def]
                return stale

        second = RecordingNotifier("memory")
        report = run_once(
            store=Stale(Store(late_session, actor="alerts")), notifiers=[second], now=now
        )
    assert len(first.sent) == 1
    assert second.sent == []
    assert [a.transition for a, _ in report.already] == [Transition.AT_RISK]
    assert len(deliveries(seeded)) == 1


def test_an_incident_closed_long_before_the_look_back_window_is_not_watched(
    seeded: Store, sessions: sessionmaker[Session]
) -> None:
    key = seeded.contracts()[0].key
    seeded.record_event(key, "INC-1", event="acknowledged", at=paris(16, 17))
    seeded.record_event(key, "INC-1", event="diagnosed", at=paris(16, 18))
    seeded.record_event(key, "INC-1", event="restored", at=paris(16, 19))
    seeded.record_event(key, "INC-1", event="closed", at=paris(16, 20))
    seeded.commit()
    with sessions() as session:
        alerts = StoreAlerts(Store(session))
        assert [
            w.table.log.names for w in alerts.watched(since=paris(16, 19), now=paris(17, 0))
        ] == [("INC-1",)]
        assert alerts.watched(since=paris(16, 21), now=paris(30, 0)) == []
    # closed after breaching, while nobody watched: the breach is still announced
    notifier = RecordingNotifier("memory")
    run(sessions, notifier, paris(16, 21))
    assert restore_clock(notifier) == [
        (Transition.AT_RISK, paris(16, 14, 30)),
        (Transition.BREACHED, paris(16, 16)),
    ]
