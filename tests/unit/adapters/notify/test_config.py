"""Alert settings from environment variables: channels, and errors that name the variable."""

from __future__ import annotations

from datetime import timedelta

import pytest

from slaledger.adapters.notify.config import AlertSettings
from slaledger.adapters.notify.mail import EmailNotifier
from slaledger.adapters.notify.webhook import WebhookNotifier
from slaledger.domain.alert_settings import ContractAlertSettings


def test_nothing_configured_means_no_channel() -> None:
    assert AlertSettings.from_env({}).notifiers() == []


def test_each_webhook_and_each_recipient_is_its_own_channel() -> None:
    settings = AlertSettings.from_env(
        {
            "SLALEDGER_ALERT_WEBHOOKS": "https://a.example/h, https://b.example/h",
            "SLALEDGER_SMTP_HOST": "mail.example",
            "SLALEDGER_SMTP_PORT": "587",
            "SLALEDGER_SMTP_STARTTLS": "yes",
            "SLALEDGER_SMTP_USER": "sla",
            "SLALEDGER_SMTP_PASSWORD": "pw",
            "SLALEDGER_ALERT_EMAILS": "ops@example.com,boss@example.com",
            "SLALEDGER_ALERT_LANGUAGES": "en",
            "SLALEDGER_ALERT_LOOKBACK_HOURS": "24",
        }
    )
    channels = [n.channel for n in settings.notifiers()]
    assert channels == [
        "webhook:https://a.example/h",
        "webhook:https://b.example/h",
        "email:ops@example.com",
        "email:boss@example.com",
    ]
    assert isinstance(settings.notifiers()[0], WebhookNotifier)
    mail = settings.notifiers()[2]
    assert isinstance(mail, EmailNotifier)
    assert mail.languages == ("en",)
    assert settings.smtp is not None
    assert (settings.smtp.port, settings.smtp.starttls, settings.smtp.username) == (
        587,
        True,
        "sla",
    )
    assert settings.lookback == timedelta(hours=24)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        # recipients without a server to send through
        ({"SLALEDGER_ALERT_EMAILS": "ops@example.com"}, "SLALEDGER_SMTP_HOST"),
        # a port that is not a number
        ({"SLALEDGER_SMTP_HOST": "h", "SLALEDGER_SMTP_PORT": "smtp"}, "SLALEDGER_SMTP_PORT"),
        # a language we have no text for
        ({"SLALEDGER_ALERT_LANGUAGES": "de"}, "SLALEDGER_ALERT_LANGUAGES"),
        # a flag that is neither yes nor no
        ({"SLALEDGER_SMTP_HOST": "h", "SLALEDGER_SMTP_STARTTLS": "maybe"}, "STARTTLS"),
        # a share above 1
        ({"SLALEDGER_RISK_SHARE": "75"}, "SLALEDGER_RISK_SHARE"),
    ],
)
def test_a_bad_setting_is_refused_naming_the_variable(
    environ: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        AlertSettings.from_env(environ)


def test_a_webhook_url_that_is_not_http_is_refused() -> None:
    settings = AlertSettings.from_env({"SLALEDGER_ALERT_WEBHOOKS": "ftp://x/y"})
    with pytest.raises(ValueError, match="webhook URL"):
        settings.notifiers()


def test_a_contracts_channels_are_the_webhooks_and_its_own_recipients_else_the_environments() -> (
    None
):
    settings = AlertSettings.from_env(
        {
            "SLALEDGER_ALERT_WEBHOOKS": "https://a.example/h",
            "SLALEDGER_SMTP_HOST": "mail.example",
            "SLALEDGER_ALERT_EMAILS": "ops@example.com",
            "SLALEDGER_ALERT_LANGUAGES": "fr,en",
        }
    )
    channels = settings.channels()
    own = ContractAlertSettings(alert_recipients=("boss@example.com",), languages=("en",))
    mine = channels.for_contract(own)
    assert [n.channel for n in mine] == ["webhook:https://a.example/h", "email:boss@example.com"]
    mail = mine[1]
    assert isinstance(mail, EmailNotifier)
    assert mail.languages == ("en",)
    assert mail.smtp.host == "mail.example"  # the environment's server, always
    assert channels.for_contract(own)[1] is mail  # built once
    default = channels.for_contract(None)
    assert [n.channel for n in default] == ["webhook:https://a.example/h", "email:ops@example.com"]
    other = default[1]
    assert isinstance(other, EmailNotifier)
    assert other.languages == ("fr", "en")


@pytest.mark.parametrize(
    ("environ", "may"),
    [
        ({}, False),  # nothing to send through
        ({"SLALEDGER_SMTP_HOST": "mail.example"}, True),  # contracts may store recipients
        ({"SLALEDGER_ALERT_WEBHOOKS": "https://a.example/h"}, True),
    ],
)
def test_the_scheduler_may_notify_with_a_webhook_or_an_smtp_server(
    environ: dict[str, str], may: bool
) -> None:
    assert AlertSettings.from_env(environ).may_notify is may
