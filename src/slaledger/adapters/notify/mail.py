"""Alerts by e-mail through a configured SMTP server (smtplib), in French and/or English."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from slaledger.adapters.notify.message import LANGUAGES
from slaledger.adapters.notify.texts import body, subject
from slaledger.services.alerts import Notice, NotifyError


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send. ``starttls``: upgrade the connection before logging in;
    ``username``/``password``: log in when given."""

    host: str
    port: int = 25
    sender: str = "slaledger@localhost"
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 10.0


class EmailNotifier:
    """One recipient: its deliveries are recorded (and retried) apart from the others'.

    ``languages``: the message's languages, in order; with both, the subject reads
    "French / English" and the body has the French text, then the English one.
    """

    def __init__(
        self, smtp: SmtpSettings, recipient: str, *, languages: tuple[str, ...] = LANGUAGES
    ) -> None:
        if "@" not in recipient:
            raise ValueError(f"alert e-mail recipient: expected an address, found {recipient!r}")
        unknown = [lang for lang in languages if lang not in LANGUAGES]
        if unknown or not languages:
            raise ValueError(
                f"alert e-mail languages: expected fr, en or both, found {','.join(languages)}"
            )
        self.smtp = smtp
        self.recipient = recipient
        self.languages = languages

    @property
    def channel(self) -> str:
        return f"email:{self.recipient}"

    def message(self, notice: Notice) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = " / ".join(subject(notice, lang) for lang in self.languages)
        message["From"] = self.smtp.sender
        message["To"] = self.recipient
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="slaledger")
        message["Content-Language"] = ", ".join(self.languages)
        message.set_content("\n".join(body(notice, lang) for lang in self.languages))
        return message

    def send(self, notice: Notice) -> None:
        send_message(self.smtp, self.message(notice), self.channel)


def send_message(settings: SmtpSettings, message: EmailMessage, label: str) -> None:
    """Send ``message`` through the SMTP server of ``settings`` (STARTTLS and login when
    configured); a refusal or a network error is a NotifyError naming ``label``."""
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as client:
            if settings.starttls:
                client.starttls(context=ssl.create_default_context())
            if settings.username:
                client.login(settings.username, settings.password or "")
            refused = client.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise NotifyError(f"{label}: {type(exc).__name__}: {exc}") from exc
    if refused:
        raise NotifyError(f"{label}: refused by the server: {refused}")
