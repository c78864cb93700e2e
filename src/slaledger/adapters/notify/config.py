"""Alert settings from ``SLALEDGER_ALERT_*`` / ``SLALEDGER_SMTP_*`` environment variables.

See docs/alerts.md for the list. Bad values raise ValueError naming the variable, what
was expected and what was found.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from slaledger.adapters.notify.channels import ContractChannels, EmailFactory
from slaledger.adapters.notify.mail import EmailNotifier, SmtpSettings
from slaledger.adapters.notify.message import LANGUAGES
from slaledger.adapters.notify.webhook import WebhookNotifier
from slaledger.services.alerts import DEFAULT_LOOKBACK, Notifier

T = TypeVar("T", int, float)


@dataclass(frozen=True)
class AlertSettings:
    """Where alerts go and how often the scheduler looks."""

    webhooks: tuple[str, ...] = ()
    webhook_timeout: float = 10.0
    webhook_secret: str | None = None
    smtp: SmtpSettings | None = None
    recipients: tuple[str, ...] = ()
    languages: tuple[str, ...] = LANGUAGES
    lookback: timedelta = DEFAULT_LOOKBACK
    max_sleep: float = 30.0
    risk_share: float = 0.75

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AlertSettings:
        env = os.environ if environ is None else environ
        host = _text(env, "SLALEDGER_SMTP_HOST")
        recipients = _list(env, "SLALEDGER_ALERT_EMAILS")
        if recipients and not host:
            raise ValueError(
                "SLALEDGER_ALERT_EMAILS: expected SLALEDGER_SMTP_HOST to be set too, found none"
            )
        smtp = (
            SmtpSettings(
                host=host,
                port=_number(env, "SLALEDGER_SMTP_PORT", 25, int),
                sender=_text(env, "SLALEDGER_SMTP_FROM") or "slaledger@localhost",
                starttls=_flag(env, "SLALEDGER_SMTP_STARTTLS"),
                username=_text(env, "SLALEDGER_SMTP_USER") or None,
                password=_text(env, "SLALEDGER_SMTP_PASSWORD") or None,
                timeout=_number(env, "SLALEDGER_SMTP_TIMEOUT", 10.0, float),
            )
            if host
            else None
        )
        languages = _list(env, "SLALEDGER_ALERT_LANGUAGES") or LANGUAGES
        wrong = [lang for lang in languages if lang not in LANGUAGES]
        if wrong:
            raise ValueError(
                f"SLALEDGER_ALERT_LANGUAGES: expected fr, en or fr,en, found {','.join(wrong)}"
            )
        risk = _number(env, "SLALEDGER_RISK_SHARE", 0.75, float)
        if not 0 < risk <= 1:
            raise ValueError(f"SLALEDGER_RISK_SHARE: expected a share in (0, 1], found {risk}")
        return cls(
            webhooks=_list(env, "SLALEDGER_ALERT_WEBHOOKS"),
            webhook_timeout=_number(env, "SLALEDGER_ALERT_WEBHOOK_TIMEOUT", 10.0, float),
            webhook_secret=_text(env, "SLALEDGER_ALERT_WEBHOOK_SECRET") or None,
            smtp=smtp,
            recipients=recipients,
            languages=languages,
            lookback=timedelta(hours=_number(env, "SLALEDGER_ALERT_LOOKBACK_HOURS", 168.0, float)),
            max_sleep=_number(env, "SLALEDGER_ALERT_MAX_SLEEP", 30.0, float),
            risk_share=risk,
        )

    def notifiers(self) -> list[Notifier]:
        """One notifier per webhook URL and per e-mail recipient (the channels of a
        contract that stores no settings of its own)."""
        found = self._webhooks()
        if self.smtp is not None:
            found += [
                EmailNotifier(self.smtp, address, languages=self.languages)
                for address in self.recipients
            ]
        return found

    def channels(self, *, email: EmailFactory | None = None) -> ContractChannels:
        """Each contract's channels: these webhooks, and e-mail to the contract's own
        recipients and languages when it stores them, else to these."""
        return ContractChannels(
            webhooks=self._webhooks(),
            recipients=self.recipients,
            languages=self.languages,
            smtp=self.smtp,
            email=email,
        )

    @property
    def may_notify(self) -> bool:
        """Whether any alert can be sent: a webhook, or an SMTP server (a contract may
        store recipients at any time, on the dashboard)."""
        return bool(self.webhooks) or self.smtp is not None

    def _webhooks(self) -> list[Notifier]:
        return [
            WebhookNotifier(url, timeout=self.webhook_timeout, secret=self.webhook_secret)
            for url in self.webhooks
        ]


def _text(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in _text(env, name).replace(" ", ",").split(",") if part)


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = _text(env, name).lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise ValueError(f"{name}: expected 1/true/yes or 0/false/no, found {value!r}")


def _number(env: Mapping[str, str], name: str, default: T, kind: type[T]) -> T:
    value = _text(env, name)
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        wanted = "a whole number" if kind is int else "a number"
        raise ValueError(f"{name}: expected {wanted}, found {value!r}") from None
    if number < 0:
        raise ValueError(f"{name}: expected a positive number, found {value!r}")
    return number
