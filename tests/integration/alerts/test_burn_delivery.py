"""Burn-rate alerts over a real store (SQLite and PostgreSQL) and a real webhook: once
per episode across runs (each a fresh session: a restart), recorded with their audit
entries; a contract's own rules replace the defaults."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.burn_alerts import StoreBurnAlerts, burn_rules, set_burn_rules
from slaledger.adapters.db.models import AuditEntry, BurnAlert
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.observations import read_outages
from slaledger.adapters.notify.webhook import WebhookNotifier
from slaledger.domain.burn import parse_rules
from slaledger.services.alerts import FixedChannels
from slaledger.services.burn_alerts import BurnRunReport, run_burn_alerts
from tests.integration.alerts.conftest import WebhookServer
from tests.integration.alerts.test_burn_replay import BURST, burst_file


def run(sessions: sessionmaker[Session], url: str, now: datetime) -> BurnRunReport:
    with sessions() as session:
        return run_burn_alerts(
            store=StoreBurnAlerts(Store(session, actor="burn-alerts")),
            channels=FixedChannels([WebhookNotifier(url)]),
            now=now,
        )


def test_a_burst_is_announced_once_per_severity_across_restarts(
    sessions: sessionmaker[Session], seeded: Store, webhook_server: WebhookServer, tmp_path: Path
) -> None:
    key = seeded.contracts()[0].key
    seeded.import_outages(key, read_outages(burst_file(tmp_path)))
    seeded.commit()
    for minutes in (30, 60, 90, 24 * 60, 2 * 24 * 60):  # each run a fresh session
        run(sessions, webhook_server.url, BURST + timedelta(minutes=minutes))
    kinds = sorted(body["type"] for body in webhook_server.received)
    assert kinds == ["slaledger.burn.page", "slaledger.burn.ticket"]
    page = next(b for b in webhook_server.received if b["severity"] == "page")
    assert page["episode_started"] == "2024-03-12T09:01:00+00:00"
    assert page["text"]["fr"].startswith("Budget d'erreur en combustion rapide")
    seeded.session.expire_all()
    rows = list(seeded.session.scalars(select(BurnAlert)))
    assert sorted(r.severity for r in rows) == ["page", "ticket"]
    audited = seeded.session.scalars(select(AuditEntry).where(AuditEntry.entity == "burn_alert"))
    assert len(list(audited)) == 2


def test_a_contract_s_own_rules_replace_the_defaults(
    sessions: sessionmaker[Session], seeded: Store, webhook_server: WebhookServer, tmp_path: Path
) -> None:
    contract = seeded.contracts()[0]
    seeded.import_outages(contract.key, read_outages(burst_file(tmp_path)))
    only_tickets = parse_rules("ticket:50%/1d/1h")
    assert set_burn_rules(seeded, contract, only_tickets)
    assert not set_burn_rules(seeded, contract, only_tickets)  # unchanged: nothing written
    seeded.commit()
    assert burn_rules(seeded, contract) == only_tickets
    run(sessions, webhook_server.url, BURST + timedelta(hours=3))
    # 15 min of the 22.28 min budget in a day: 67 % >= 50 % -> a ticket, no page
    assert [b["type"] for b in webhook_server.received] == ["slaledger.burn.ticket"]
    assert set_burn_rules(seeded, contract, None)
    seeded.commit()
    assert burn_rules(seeded, contract) is None


def test_the_alert_scheduler_runs_the_burn_job(
    sessions: sessionmaker[Session], seeded: Store, tmp_path: Path
) -> None:
    from slaledger.adapters.api.scheduler import AlertScheduler
    from slaledger.adapters.notify.config import AlertSettings
    from slaledger.adapters.notify.fakes import RecordingNotifier

    key = seeded.contracts()[0].key
    seeded.import_outages(key, read_outages(burst_file(tmp_path)))
    seeded.commit()
    notifier = RecordingNotifier()
    scheduler = AlertScheduler(
        sessions=sessions,
        settings=AlertSettings(max_sleep=30),
        notifiers=[notifier],
        clock=lambda: BURST + timedelta(hours=2),
    )
    assert "burn-alerts" in scheduler.scheduler.jobs
    assert scheduler.scheduler.jobs["burn-alerts"].interval == 60
    first = scheduler.run_burn_alerts()
    assert sorted(s for _, s, _, _ in first.sent) == ["page", "ticket"]
    assert scheduler.run_burn_alerts().sent == []  # the next run: nothing again
    off = AlertScheduler(sessions=sessions, settings=AlertSettings(max_sleep=30),
                         notifiers=[notifier], burn_interval=0)  # fmt: skip
    assert "burn-alerts" not in off.scheduler.jobs
