"""Where alerts go: webhooks (httpx), e-mail (smtplib), and in-memory fakes for tests."""

from slaledger.adapters.notify.config import AlertSettings
from slaledger.adapters.notify.fakes import InMemoryAlertStore, RecordingNotifier
from slaledger.adapters.notify.mail import EmailNotifier, SmtpSettings
from slaledger.adapters.notify.webhook import WebhookNotifier

__all__ = [
    "AlertSettings",
    "EmailNotifier",
    "InMemoryAlertStore",
    "RecordingNotifier",
    "SmtpSettings",
    "WebhookNotifier",
]
