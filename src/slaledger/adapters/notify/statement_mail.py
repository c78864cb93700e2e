"""Monthly statements by e-mail: each contract's statement of the month just ended, as a
PDF, sent to the contract's statement recipients when it stores some (its alert
settings, set on the dashboard), else to its customer's people (the active
customer-viewers of that customer: the contract files name no contact addresses).

A send is recorded as an audit entry (``send`` of ``statement_email``, its id
``<contract>/<month>/<address>``) only after the SMTP server accepted it: the audit log is
the only state, so a restart sends nothing twice and a failed send is retried at the next
run. A contract's statements go when its own setting says so, else when
``SLALEDGER_STATEMENT_EMAILS=1``; always through ``SLALEDGER_SMTP_HOST`` (the alerts'
server, docs/alerts.md).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select

from slaledger.adapters.db.models import AuditEntry, Contract, User
from slaledger.adapters.db.statements import stored_statement
from slaledger.adapters.db.store import Store
from slaledger.adapters.notify.mail import SmtpSettings, send_message
from slaledger.adapters.reports.statement import render
from slaledger.domain.periods import Month
from slaledger.services.alerts import NotifyError

log = logging.getLogger(__name__)

AUDIT_ENTITY = "statement_email"
SUBJECTS = {
    "en": "Service level statement {month} – {title}",
    "fr": "Relevé de niveau de service {month} – {title}",
}
BODIES = {
    "en": "Please find attached the service level statement of {month} for the contract "
    "“{title}”.\n\nSLA Ledger",
    "fr": "Veuillez trouver ci-joint le relevé de niveau de service de {month} pour le "
    "contrat « {title} ».\n\nSLA Ledger",
}


@dataclass(frozen=True)
class StatementMailSettings:
    enabled: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StatementMailSettings:
        env = os.environ if environ is None else environ
        value = env.get("SLALEDGER_STATEMENT_EMAILS", "").strip().lower()
        if value in ("", "0", "false", "no"):
            return cls(False)
        if value in ("1", "true", "yes"):
            if not env.get("SLALEDGER_SMTP_HOST", "").strip():
                raise ValueError(
                    "SLALEDGER_STATEMENT_EMAILS: expected SLALEDGER_SMTP_HOST to be set too, "
                    "found none"
                )
            return cls(True)
        raise ValueError(
            f"SLALEDGER_STATEMENT_EMAILS: expected 1/true/yes or 0/false/no, found {value!r}"
        )


@dataclass(frozen=True)
class StatementLetter:
    recipient: str
    subject: str
    body: str
    file_name: str
    pdf: bytes


class LetterSender(Protocol):
    def send(self, letter: StatementLetter) -> None:
        """Deliver the letter, or raise NotifyError."""


class SmtpLetterSender:
    def __init__(self, smtp: SmtpSettings) -> None:
        self.smtp = smtp

    def message(self, letter: StatementLetter) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = letter.subject
        message["From"] = self.smtp.sender
        message["To"] = letter.recipient
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="slaledger")
        message.set_content(letter.body)
        message.add_attachment(
            letter.pdf, maintype="application", subtype="pdf", filename=letter.file_name
        )
        return message

    def send(self, letter: StatementLetter) -> None:
        send_message(self.smtp, self.message(letter), letter.recipient)


@dataclass
class MailingReport:
    sent: list[tuple[str, str, str]] = field(default_factory=list)  # contract, month, to
    failed: list[tuple[str, str, str, str]] = field(default_factory=list)  # ... and why


def previous_month(contract_zone: str, now: datetime) -> Month:
    """The last month that has ended at ``now`` in the contract's zone."""
    local = now.astimezone(ZoneInfo(contract_zone))
    return Month(local.year, local.month).shift(-1)


def recipients(store: Store, contract: Contract) -> list[str]:
    """The addresses of the contract's customer's active customer-viewers."""
    return list(
        store.session.scalars(
            select(User.email)
            .where(User.customer_id == contract.customer_id, User.active.is_(True))
            .where(User.role == "customer-viewer")
            .order_by(User.email)
        )
    )


def already_sent(store: Store, entity_id: str) -> bool:
    return (
        store.session.scalar(
            select(AuditEntry.seq).where(
                AuditEntry.entity == AUDIT_ENTITY, AuditEntry.entity_id == entity_id
            )
        )
        is not None
    )


def send_monthly_statements(
    *,
    store: Store,
    sender: LetterSender,
    now: datetime,
    keys: Sequence[str] | None = None,
    default_enabled: bool = True,
) -> MailingReport:
    """Send each contract's statement of the month ended before ``now`` to every
    recipient not sent it yet (in the contract's language, English when it is
    neither French nor English); each success is committed with its audit entry.
    A contract is sent its statement when its own setting says so, else when
    ``default_enabled``; to its own statement recipients, else its customer's viewers."""
    report = MailingReport()
    own = store.alert_settings_by_contract()
    for key in keys if keys is not None else store.contract_keys():
        contract = store.contract(key)
        settings = own.get(contract.id)
        enabled = default_enabled
        if settings is not None and settings.statement_emails is not None:
            enabled = settings.statement_emails
        if not enabled:
            continue
        addresses = (settings.statement_recipients if settings else None) or recipients(
            store, contract
        )
        loaded = store.loaded_contract(key)
        month = previous_month(loaded.contract.timezone, now)
        due = [
            address for address in addresses if not already_sent(store, f"{key}/{month}/{address}")
        ]
        if not due:
            continue
        language = loaded.contract.language if loaded.contract.language in SUBJECTS else "en"
        statement = stored_statement(
            store, contract, month=month, loaded=loaded, now=now, audience="customer"
        )
        pdf = render(statement, language=language, format="pdf")
        title = loaded.contract.title
        for address in due:
            letter = StatementLetter(
                recipient=address,
                subject=SUBJECTS[language].format(month=month, title=title),
                body=BODIES[language].format(month=month, title=title),
                file_name=f"{key}-{month}-{language}.pdf",
                pdf=pdf,
            )
            try:
                sender.send(letter)
            except NotifyError as exc:
                log.warning("statement e-mail not sent: %s", exc)
                report.failed.append((key, str(month), address, str(exc)))
                continue
            store.append_audit(
                "send",
                AUDIT_ENTITY,
                f"{key}/{month}/{address}",
                {"contract": key, "month": str(month), "to": address, "language": language},
            )
            store.commit()
            report.sent.append((key, str(month), address))
    return report
