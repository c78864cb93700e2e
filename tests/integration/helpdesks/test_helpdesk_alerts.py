"""The service's alerts run on a synced helpdesk's tickets: a Jira ticket pulled by the
sync reaches the at-risk and breach alerts of the contract's clock, once each (SQLite
and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.store import Store
from slaledger.adapters.notify.fakes import RecordingNotifier
from slaledger.adapters.notify.storage import StoreAlerts
from slaledger.adapters.sync.runner import sync_source
from slaledger.domain.alerts import Transition
from slaledger.services.alerts import run_once

from .recorded import ROUTES, jira_source, store_seed_001

PARIS = ZoneInfo("Europe/Paris")


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 3, day, hour, minute, tzinfo=PARIS)


def test_a_synced_ticket_reaches_the_at_risk_and_breach_alerts(
    sessions: sessionmaker[Session], helpdesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLALEDGER_HELPDESK_TOKEN", "jira-token")
    ROUTES["jira"](helpdesk)
    store_seed_001(sessions)
    source = jira_source(helpdesk.url)
    # SUP-2, Urgent, opened Friday 15 March 16:00: 6 working hours to take it into
    # account, so due on Monday at 14:00; Jira records it taken at 15:00
    sync_source(sessions, source, now=paris(18, 9))
    notifier = RecordingNotifier("memory")
    for now in (paris(18, 9), paris(18, 12, 31), paris(18, 14, 1), paris(18, 16)):
        with sessions() as session:
            run_once(
                store=StoreAlerts(Store(session, actor="alerts")),
                notifiers=[notifier],
                now=now,
            )
    sent = [
        (n.alert.incident, n.alert.clock, n.alert.transition, n.happened_at)
        for n in notifier.sent
        if n.alert.incident == "SUP-2"  # SUP-1, closed on 14 March, has its own catch-up
    ]
    assert sent == [
        ("SUP-2", "take-into-account", Transition.AT_RISK, paris(18, 12, 30)),
        ("SUP-2", "take-into-account", Transition.BREACHED, paris(18, 14)),
    ]
