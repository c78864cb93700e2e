"""The claim notices' job over a real database (SQLite and PostgreSQL), on 001's example
year: on 28 March 2024 February's credit is unclaimed and its claim closes with 31 March,
so the customer's contacts get one reminder, whatever the runs that follow; once claimed
on 28 March and still undecided on 8 April, the provider gets one notice. Each delivery
is a claim_notice row with its audit entry; the audit log verifies. The job is on the
service's one scheduler when SLALEDGER_CLAIM_NOTICES is on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.api.scheduler import AlertScheduler
from slaledger.adapters.db import audit
from slaledger.adapters.db.models import AuditEntry, ClaimNotice
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.notify.claim_channels import ClaimNoticeSettings
from slaledger.adapters.notify.config import AlertSettings
from slaledger.adapters.notify.fakes import RecordingNotifier
from slaledger.services.claim_notice import ClaimNotice as Notice
from slaledger.services.claim_notice import ClaimNoticeKind
from tests.integration.api.claims_service import KEY, PARIS, Service, claims_service

ON = ClaimNoticeSettings(enabled=True, notice_days=7, decision_days=10)


@pytest.fixture
def service(database_url: str, claims_tokens: dict[str, str]) -> Iterator[Service]:
    with claims_service(
        database_url, datetime(2024, 3, 28, 9, tzinfo=PARIS), claims_tokens
    ) as built:
        yield built


@pytest.fixture
def factory(service: Service) -> Iterator[sessionmaker[Session]]:
    made = session_factory(service.url)
    yield made
    made.kw["bind"].dispose()


def _scheduler(
    factory: sessionmaker[Session], clock: list[datetime], notifier: RecordingNotifier
) -> AlertScheduler:
    return AlertScheduler(
        sessions=factory,
        settings=AlertSettings(),
        notifiers=[notifier],
        clock=lambda: clock[0],
        claim_notices=ON,
    )


def _stored(url: str) -> tuple[list[tuple[str, str, str]], int]:
    factory = session_factory(url)
    try:
        with Store.transaction(factory, write=False) as store:
            rows = store.session.execute(
                select(ClaimNotice.month, ClaimNotice.kind, ClaimNotice.channel)
            ).all()
            audited = len(
                list(store.session.scalars(
                    select(AuditEntry).where(AuditEntry.entity == "claim_notice")
                ))
            )  # fmt: skip
            assert audit.verify(store.session).ok
            return [tuple(r) for r in rows], audited
    finally:
        factory.kw["bind"].dispose()


def test_each_claim_notice_is_sent_once_and_audited(service, database_url, factory) -> None:
    notifier = RecordingNotifier("memory")
    scheduler = _scheduler(factory, service.now, notifier)
    assert "claim-notices" in scheduler.scheduler.jobs
    scheduler.send_claim_notices()
    scheduler.send_claim_notices()  # nothing new
    assert [(n.kind, n.month) for n in notifier.sent if isinstance(n, Notice)] == [
        (ClaimNoticeKind.DEADLINE, "2024-02")
    ]
    claimed = service.client.post(
        f"/api/contracts/{KEY}/claims", json={"month": "2024-02"}, headers=service.bearer("viewer")
    )
    assert claimed.status_code == 201
    service.now[0] = datetime(2024, 4, 8, 9, tzinfo=PARIS)  # 11 days later, undecided
    scheduler.send_claim_notices()
    scheduler.send_claim_notices()
    assert [n.kind for n in notifier.sent if isinstance(n, Notice)] == [
        ClaimNoticeKind.DEADLINE,
        ClaimNoticeKind.DECISION,
    ]
    rows, audited = _stored(database_url)
    assert sorted(rows) == [
        ("2024-02", "deadline", "memory"),
        ("2024-02", "decision", "memory"),
    ]
    assert audited == 2


def test_the_job_is_not_on_the_scheduler_unless_switched_on(service, factory) -> None:
    scheduler = AlertScheduler(
        sessions=factory,
        settings=AlertSettings(),
        notifiers=[RecordingNotifier("memory")],
        clock=lambda: service.now[0],
    )
    assert "claim-notices" not in scheduler.scheduler.jobs
    assert scheduler.send_claim_notices() is None


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, ClaimNoticeSettings()),
        (
            {"SLALEDGER_CLAIM_NOTICES": "on", "SLALEDGER_CLAIM_NOTICE_DAYS": "5"},
            ClaimNoticeSettings(enabled=True, notice_days=5),
        ),
    ],
)
def test_the_settings_come_from_the_environment(environ, expected) -> None:
    assert ClaimNoticeSettings.from_env(environ) == expected


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"SLALEDGER_CLAIM_NOTICES": "maybe"}, "SLALEDGER_CLAIM_NOTICES"),
        ({"SLALEDGER_CLAIM_DECISION_DAYS": "-1"}, "SLALEDGER_CLAIM_DECISION_DAYS"),
        ({"SLALEDGER_CLAIM_NOTICE_DAYS": "0"}, "SLALEDGER_CLAIM_NOTICE_DAYS"),
    ],
)
def test_a_bad_setting_names_its_variable(environ, named) -> None:
    with pytest.raises(ValueError, match=named):
        ClaimNoticeSettings.from_env(environ)
