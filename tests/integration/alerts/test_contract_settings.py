"""A contract's stored alert settings over a real store (SQLite and PostgreSQL) and a real
SMTP server (aiosmtpd): the scheduler writes to the contract's own recipients in its own
languages, not to the environment's; its monthly statement goes to its own statement
recipients, or not at all when it is switched off; with an SMTP server and no recipient
anywhere, the service still starts its scheduler (a contract may store some later)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from email.header import decode_header, make_header
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.api.app import create_app
from slaledger.adapters.api.scheduler import AlertScheduler
from slaledger.adapters.api.settings import Settings
from slaledger.adapters.db.models import AlertDelivery
from slaledger.adapters.db.store import Store
from slaledger.adapters.notify.config import AlertSettings
from slaledger.adapters.notify.mail import SmtpSettings
from slaledger.adapters.notify.statement_mail import send_monthly_statements
from slaledger.domain.alert_settings import ContractAlertSettings
from tests.integration.alerts.conftest import Mailbox
from tests.integration.alerts.test_statement_mail import VIEWER, Letters

ROOT = Path(__file__).resolve().parents[3]
PREVISOFT = ROOT / "examples" / "contracts" / "003-previsoft.yaml"
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2024, 3, 16, 14, 31, tzinfo=PARIS)  # INC-1 has been at risk since 14:30
APRIL = datetime(2024, 4, 2, 8, 0, tzinfo=PARIS)  # March's statement is due


def _scheduler(
    sessions: sessionmaker[Session], port: int, *, recipients: tuple[str, ...]
) -> AlertScheduler:
    smtp = SmtpSettings(host="127.0.0.1", port=port, sender="sla@provider.test")
    return AlertScheduler(
        sessions=sessions,
        settings=AlertSettings(smtp=smtp, recipients=recipients, languages=("fr", "en")),
        clock=lambda: NOW,
    )


def test_the_contracts_own_recipients_are_written_to_in_its_languages(
    seeded: Store, sessions: sessionmaker[Session], smtp_server: tuple[Mailbox, int]
) -> None:
    mailbox, port = smtp_server
    contract = seeded.contracts()[0]
    own = ContractAlertSettings(alert_recipients=("boss@provider.test",), languages=("en",))
    seeded.set_alert_settings(contract, own)
    seeded.commit()
    scheduler = _scheduler(sessions, port, recipients=("oncall@provider.test",))
    report = scheduler.run_once()
    assert [channel for _, channel in report.sent] == ["email:boss@provider.test"]
    (message,) = mailbox.messages
    assert message["To"] == "boss@provider.test"
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "Deadline at risk: INC-1, Délai de prise en compte"  # English only
    seeded.session.expire_all()
    channels = seeded.session.scalars(select(AlertDelivery.channel)).all()
    assert channels == ["email:boss@provider.test"]

    # the settings removed: the environment's recipient gets what it has not had yet
    seeded.set_alert_settings(contract, ContractAlertSettings())
    seeded.commit()
    scheduler.run_once()
    assert [m["To"] for m in mailbox.messages] == ["boss@provider.test", "oncall@provider.test"]
    assert "Délai à risque" in str(make_header(decode_header(mailbox.messages[1]["Subject"])))


@pytest.fixture
def previsoft(store: Store) -> Store:
    """PREVISOFT and an active viewer of its customer."""
    store.upload_contract_file(str(PREVISOFT), accept_lint_errors=True)
    store.add_user(VIEWER, role="customer-viewer", customer="Le Client")
    store.commit()
    return store


@pytest.mark.parametrize(
    ("own", "default_enabled", "expected"),
    [
        # nothing stored: the environment's switch, to the customer's viewers
        (None, True, [VIEWER]),
        (None, False, []),
        # the contract's own recipients instead of the viewers
        (
            ContractAlertSettings(statement_recipients=("dsi@le-client.test",)),
            True,
            ["dsi@le-client.test"],
        ),
        # the contract's own switch wins over the environment's, both ways
        (ContractAlertSettings(statement_emails=False), True, []),
        (ContractAlertSettings(statement_emails=True), False, [VIEWER]),
    ],
)
def test_a_contracts_statement_goes_to_its_own_recipients_when_its_switch_says_so(
    previsoft: Store,
    own: ContractAlertSettings | None,
    default_enabled: bool,
    expected: list[str],
) -> None:
    if own is not None:
        previsoft.set_alert_settings(previsoft.contract("previsoft-cgv"), own)
        previsoft.commit()
    letters = Letters()
    report = send_monthly_statements(
        store=previsoft, sender=letters, now=APRIL, default_enabled=default_enabled
    )
    assert [letter.recipient for letter in letters.sent] == expected
    assert [to for _, _, to in report.sent] == expected


def test_an_smtp_server_alone_starts_the_scheduler(
    database_url: str, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "SLALEDGER_ALERT_WEBHOOKS",
        "SLALEDGER_ALERT_EMAILS",
        "SLALEDGER_STATEMENT_EMAILS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLALEDGER_SMTP_HOST", "127.0.0.1")
    app = create_app(database_url=database_url, settings=Settings(start_scheduler=True))

    async def serve() -> AlertScheduler | None:
        async with app.router.lifespan_context(app):
            return getattr(app.state, "alert_scheduler", None)

    scheduler = asyncio.run(serve())
    assert scheduler is not None
    assert scheduler.notifiers == []  # no recipient in the environment
    assert scheduler.letters is not None
    assert scheduler.statements_by_default is False  # the contracts' own switches decide
    app.state.engine.dispose()
