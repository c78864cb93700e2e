"""The alert and statement e-mail settings as the service reads them from its
environment, for the settings pages: each value, the environment variable it comes
from, and whether it is the default (docs/alerts.md lists the variables). Secrets are
never shown, only whether they are set; webhook URLs by their scheme and host only.

These are the service's channels (SMTP server, webhooks: environment-only) and the
defaults of every contract that does not store its own alert settings
(``ServiceDefaults``); a contract's own settings are edited on the dashboard
(``admin_alerts.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from slaledger.adapters.notify.config import AlertSettings
from slaledger.adapters.notify.statement_mail import StatementMailSettings


@dataclass(frozen=True)
class SettingRow:
    label: str  # a catalogue message
    variable: str
    value: str
    from_default: bool


@dataclass(frozen=True)
class SettingsView:
    rows: tuple[SettingRow, ...]
    #: the message of a variable the service refuses (it would not start its scheduler)
    error: str | None = None


#: (label, variable) of every setting the page shows, in order
VARIABLES = (
    ("Alert e-mail recipients", "SLALEDGER_ALERT_EMAILS"),
    ("Alert webhooks", "SLALEDGER_ALERT_WEBHOOKS"),
    ("Webhook signing secret", "SLALEDGER_ALERT_WEBHOOK_SECRET"),
    ("Alert languages", "SLALEDGER_ALERT_LANGUAGES"),
    ("At-risk share of a target", "SLALEDGER_RISK_SHARE"),
    ("Look-back window (hours)", "SLALEDGER_ALERT_LOOKBACK_HOURS"),
    ("Longest sleep between runs (seconds)", "SLALEDGER_ALERT_MAX_SLEEP"),
    ("SMTP server", "SLALEDGER_SMTP_HOST"),
    ("SMTP port", "SLALEDGER_SMTP_PORT"),
    ("Sender address", "SLALEDGER_SMTP_FROM"),
    ("STARTTLS", "SLALEDGER_SMTP_STARTTLS"),
    ("SMTP user", "SLALEDGER_SMTP_USER"),
    ("SMTP password", "SLALEDGER_SMTP_PASSWORD"),
    ("Scheduler in the service", "SLALEDGER_SCHEDULER"),
    ("Monthly statements by e-mail", "SLALEDGER_STATEMENT_EMAILS"),
)
SECRETS = frozenset({"SLALEDGER_ALERT_WEBHOOK_SECRET", "SLALEDGER_SMTP_PASSWORD"})


@dataclass(frozen=True)
class ServiceDefaults:
    """What a contract's alert settings fall back to, from the environment."""

    recipients: tuple[str, ...]
    languages: tuple[str, ...]
    risk_share: float
    statements: bool  # monthly statements e-mailed (SLALEDGER_STATEMENT_EMAILS)
    smtp: bool  # an SMTP server is configured: without it no e-mail goes
    webhooks: int
    error: str | None = None


def service_defaults(environ: Mapping[str, str]) -> ServiceDefaults:
    """The defaults as the service reads ``environ`` (its built-in defaults, and the
    variable's message, when the service refuses a variable)."""
    error = None
    try:
        alerts = AlertSettings.from_env(environ)
        statements = StatementMailSettings.from_env(environ)
    except ValueError as exc:
        alerts, statements, error = AlertSettings(), StatementMailSettings(), str(exc)
    return ServiceDefaults(
        recipients=alerts.recipients,
        languages=alerts.languages,
        risk_share=alerts.risk_share,
        statements=statements.enabled,
        smtp=alerts.smtp is not None,
        webhooks=len(alerts.webhooks),
        error=error,
    )


def settings_view(environ: Mapping[str, str]) -> SettingsView:
    """What each variable says in ``environ``, as the service reads it."""
    error = None
    try:
        alerts = AlertSettings.from_env(environ)
        statements = StatementMailSettings.from_env(environ)
    except ValueError as exc:
        alerts, statements, error = AlertSettings(), StatementMailSettings(), str(exc)
    smtp = alerts.smtp
    values = {
        "SLALEDGER_ALERT_EMAILS": ", ".join(alerts.recipients),
        "SLALEDGER_ALERT_WEBHOOKS": ", ".join(_site(url) for url in alerts.webhooks),
        "SLALEDGER_ALERT_LANGUAGES": ", ".join(alerts.languages),
        "SLALEDGER_RISK_SHARE": f"{alerts.risk_share:g}",
        "SLALEDGER_ALERT_LOOKBACK_HOURS": f"{alerts.lookback.total_seconds() / 3600:g}",
        "SLALEDGER_ALERT_MAX_SLEEP": f"{alerts.max_sleep:g}",
        "SLALEDGER_SMTP_HOST": smtp.host if smtp else "",
        "SLALEDGER_SMTP_PORT": str(smtp.port) if smtp else "",
        "SLALEDGER_SMTP_FROM": smtp.sender if smtp else "",
        "SLALEDGER_SMTP_STARTTLS": ("yes" if smtp.starttls else "no") if smtp else "",
        "SLALEDGER_SMTP_USER": (smtp.username or "") if smtp else "",
        "SLALEDGER_SCHEDULER": environ.get("SLALEDGER_SCHEDULER", "1").strip() or "1",
        "SLALEDGER_STATEMENT_EMAILS": "yes" if statements.enabled else "no",
    }
    rows = []
    for label, variable in VARIABLES:
        given = environ.get(variable, "").strip()
        if variable in SECRETS:
            value = "set" if given else "not set"
        else:
            value = values.get(variable, given)
        rows.append(SettingRow(label, variable, value, from_default=not given))
    return SettingsView(tuple(rows), error)


def _site(url: str) -> str:
    """A webhook's scheme and host only: its path often carries a secret."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}/…" if parts.scheme else "…"
