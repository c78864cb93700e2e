"""Monthly statements by e-mail, through a real local SMTP server (aiosmtpd): the month
just ended, as a PDF, to the customer's active viewers, once each (the audit log
remembers), retried after a failure; and the scheduler's hourly look."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from email.header import decode_header, make_header
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.api.scheduler import LETTER_INTERVAL, AlertScheduler
from slaledger.adapters.cli.values import declared_outages
from slaledger.adapters.db.models import AuditEntry
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.observations import read_outages
from slaledger.adapters.notify.config import AlertSettings
from slaledger.adapters.notify.mail import SmtpSettings
from slaledger.adapters.notify.statement_mail import (
    AUDIT_ENTITY,
    SmtpLetterSender,
    StatementLetter,
    StatementMailSettings,
    previous_month,
    send_monthly_statements,
)
from slaledger.services.alerts import NotifyError
from tests.integration.alerts.conftest import Mailbox, free_port

ROOT = Path(__file__).resolve().parents[3]
PREVISOFT = ROOT / "examples" / "contracts" / "003-previsoft.yaml"
PREVISOFT_DATA = ROOT / "examples" / "data" / "003-previsoft"
PARIS = ZoneInfo("Europe/Paris")
#: two days into April 2024: March's statement is due
NOW = datetime(2024, 4, 2, 8, 0, tzinfo=PARIS)
VIEWER, GONE = "it@le-client.test", "former@le-client.test"


@pytest.fixture
def customer_store(store: Store) -> Store:
    """PREVISOFT with its 2024 outages; an active and an inactive viewer of its customer,
    a provider agent (who gets no statement)."""
    store.upload_contract_file(str(PREVISOFT), accept_lint_errors=True)
    outages = declared_outages(
        read_outages(PREVISOFT_DATA / "outages.csv"), (), "Europe/Paris", PREVISOFT_DATA
    )
    assert outages is not None
    store.import_outages("previsoft-cgv", outages)
    store.add_user(VIEWER, role="customer-viewer", customer="Le Client")
    store.add_user(GONE, role="customer-viewer", customer="Le Client")
    store.set_active(GONE, False)
    store.add_user("agent@provider.test", role="provider-agent")
    store.commit()
    return store


class Letters:
    """A sender that keeps the letters (or fails the next ``failures``)."""

    def __init__(self, failures: int = 0) -> None:
        self.sent: list[StatementLetter] = []
        self.failures = failures

    def send(self, letter: StatementLetter) -> None:
        if self.failures:
            self.failures -= 1
            raise NotifyError("simulated")
        self.sent.append(letter)


def _sends(store: Store) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.entity == AUDIT_ENTITY)
    return list(store.session.scalars(query))


def test_last_months_statement_reaches_the_customers_viewer_by_smtp(
    customer_store: Store, smtp_server: tuple[Mailbox, int]
) -> None:
    mailbox, port = smtp_server
    sender = SmtpLetterSender(SmtpSettings(host="127.0.0.1", port=port, sender="sla@p.test"))
    report = send_monthly_statements(store=customer_store, sender=sender, now=NOW)
    assert report.sent == [("previsoft-cgv", "2024-03", VIEWER)]
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["To"] == VIEWER
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject.startswith("Relevé de niveau de service 2024-03")  # a French contract
    parts = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    assert len(parts) == 1
    assert parts[0].get_filename() == "previsoft-cgv-2024-03-fr.pdf"
    payload = parts[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert payload.startswith(b"%PDF")
    [entry] = _sends(customer_store)
    assert entry.entity_id == f"previsoft-cgv/2024-03/{VIEWER}"
    assert json.loads(entry.payload)["language"] == "fr"


def test_a_statement_is_sent_once_and_a_failed_send_is_retried(customer_store: Store) -> None:
    failing = Letters(failures=1)
    first = send_monthly_statements(store=customer_store, sender=failing, now=NOW)
    assert first.sent == []
    assert [f[2] for f in first.failed] == [VIEWER]
    assert _sends(customer_store) == []  # nothing recorded: retried next time
    second = send_monthly_statements(store=customer_store, sender=failing, now=NOW)
    assert second.sent == [("previsoft-cgv", "2024-03", VIEWER)]
    third = send_monthly_statements(store=customer_store, sender=failing, now=NOW)
    assert third.sent == []  # the audit log remembers
    assert len(failing.sent) == 1
    may = send_monthly_statements(
        store=customer_store, sender=failing, now=datetime(2024, 5, 1, 9, tzinfo=PARIS)
    )
    assert may.sent == [("previsoft-cgv", "2024-04", VIEWER)]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # the first hours of April in Paris are still 31 March in UTC: March is over
        (datetime(2024, 3, 31, 22, 30, tzinfo=ZoneInfo("UTC")), "2024-03"),
        (datetime(2024, 3, 31, 21, 59, tzinfo=ZoneInfo("UTC")), "2024-02"),
        # January: the previous year's December
        (datetime(2025, 1, 1, 0, 0, tzinfo=PARIS), "2024-12"),
    ],
)
def test_the_month_due_is_the_last_one_ended_in_the_contracts_zone(
    now: datetime, expected: str
) -> None:
    assert str(previous_month("Europe/Paris", now)) == expected


@pytest.mark.parametrize(
    ("environ", "enabled", "error"),
    [
        ({}, False, None),
        ({"SLALEDGER_STATEMENT_EMAILS": "1", "SLALEDGER_SMTP_HOST": "mail"}, True, None),
        ({"SLALEDGER_STATEMENT_EMAILS": "1"}, False, "SLALEDGER_SMTP_HOST"),
        ({"SLALEDGER_STATEMENT_EMAILS": "often"}, False, "found 'often'"),
    ],
)
def test_statement_emails_are_switched_on_by_the_environment(
    environ: dict[str, str], enabled: bool, error: str | None
) -> None:
    if error is not None:
        with pytest.raises(ValueError, match=error):
            StatementMailSettings.from_env(environ)
        return
    assert StatementMailSettings.from_env(environ).enabled is enabled


def test_the_scheduler_mails_statements_at_most_hourly(
    customer_store: Store, sessions: sessionmaker[Session]
) -> None:
    start = datetime(2024, 4, 30, 23, 30, tzinfo=PARIS)  # April is not over: March is due
    moments = [start]
    letters = Letters()
    scheduler = AlertScheduler(
        sessions=sessions,
        settings=AlertSettings(),
        notifiers=[],
        clock=lambda: moments[-1],
        letters=letters,
    )
    scheduler.run_once()
    assert [letter.subject[:37] for letter in letters.sent] == [
        "Relevé de niveau de service 2024-03 –"
    ]
    moments.append(start + timedelta(seconds=LETTER_INTERVAL - 60))  # April is over now
    scheduler.run_once()
    assert len(letters.sent) == 1  # looked less than an hour ago: not yet
    moments.append(start + timedelta(seconds=LETTER_INTERVAL))
    scheduler.run_once()
    assert letters.sent[-1].subject.startswith("Relevé de niveau de service 2024-04")
    assert [letter.recipient for letter in letters.sent] == [VIEWER, VIEWER]


def test_the_unused_port_fails_as_a_notify_error(customer_store: Store) -> None:
    sender = SmtpLetterSender(SmtpSettings(host="127.0.0.1", port=free_port(), timeout=2))
    report = send_monthly_statements(store=customer_store, sender=sender, now=NOW)
    assert report.sent == []
    assert "ConnectionRefusedError" in report.failed[0][3]
