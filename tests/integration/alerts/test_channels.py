"""The notifiers against real local servers: SMTP (aiosmtpd) and HTTP (http.server)."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import replace
from datetime import UTC, datetime
from email.header import decode_header, make_header

import pytest

from slaledger.adapters.notify.mail import EmailNotifier, SmtpSettings
from slaledger.adapters.notify.webhook import SIGNATURE_HEADER, WebhookNotifier
from slaledger.domain.alerts import Alert, Transition
from slaledger.services.alerts import AlertNotice, NotifyError

AT_RISK = AlertNotice(
    alert=Alert(
        incident="INC-1",
        clock="take-into-account",
        transition=Transition.AT_RISK,
        happened_at=int(datetime(2024, 3, 16, 13, 30, tzinfo=UTC).timestamp()),
        deadline=int(datetime(2024, 3, 16, 15, 0, tzinfo=UTC).timestamp()),
        contract="saas-annexes",
        clause="Annexe 2 §2.2",
    ),
    contract_title="Annexes SaaS",
    clock_title="Délai de prise en compte",
    target="6h",
    timezone="Europe/Paris",
)
BREACHED = replace(
    AT_RISK,
    alert=replace(
        AT_RISK.alert, transition=Transition.BREACHED, happened_at=AT_RISK.alert.deadline
    ),
)


def subject_of(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


@pytest.mark.parametrize(
    ("languages", "notice", "subject", "in_body"),
    [
        # French only: the contract's zone, French month names
        (
            ("fr",),
            AT_RISK,
            "Délai à risque : INC-1, Délai de prise en compte",
            "à risque depuis le 16 mars 2024 à 14:30 (Europe/Paris)",
        ),
        # English only
        (
            ("en",),
            BREACHED,
            "Deadline breached: INC-1, Délai de prise en compte",
            "was breached on March 16, 2024 at 16:00 (Europe/Paris)",
        ),
        # both: French, then English
        (
            ("fr", "en"),
            AT_RISK,
            "Délai à risque : INC-1, Délai de prise en compte / "
            "Deadline at risk: INC-1, Délai de prise en compte",
            "Deadline: March 16, 2024 at 16:00 (Europe/Paris)",
        ),
    ],
)
def test_an_email_reaches_a_real_smtp_server_with_its_subject_in_the_chosen_languages(
    smtp_server, languages, notice, subject, in_body
) -> None:
    mailbox, port = smtp_server
    smtp = SmtpSettings(host="127.0.0.1", port=port, sender="sla@example.com")
    EmailNotifier(smtp, "ops@example.com", languages=languages).send(notice)
    (message,) = mailbox.messages
    assert subject_of(message) == subject
    assert message["To"] == "ops@example.com"
    assert message["From"] == "sla@example.com"
    body = message.get_payload(decode=True).decode()
    assert in_body in body
    assert "clause Annexe 2 §2.2" in body


def test_an_email_to_an_unreachable_server_fails_with_the_channel_named() -> None:
    from tests.integration.alerts.conftest import free_port

    notifier = EmailNotifier(SmtpSettings(host="127.0.0.1", port=free_port()), "ops@example.com")
    with pytest.raises(NotifyError, match=r"email:ops@example\.com"):
        notifier.send(AT_RISK)


def test_a_webhook_posts_the_alert_as_signed_json_to_a_real_http_server(webhook_server) -> None:
    WebhookNotifier(webhook_server.url, secret="s3cret").send(BREACHED)
    (body,) = webhook_server.received
    assert body["type"] == "slaledger.clock.breached"
    assert body["incident"] == "INC-1"
    assert body["clock"] == "take-into-account"
    assert body["deadline"] == "2024-03-16T15:00:00+00:00"
    assert body["happened_at"] == body["deadline"]
    assert body["clause"] == "Annexe 2 §2.2"
    assert body["text"]["fr"].startswith("Délai dépassé")
    raw = json.dumps(body, ensure_ascii=False).encode()
    expected = hmac.new(b"s3cret", raw, hashlib.sha256).hexdigest()
    assert webhook_server.headers[0][SIGNATURE_HEADER] == f"sha256={expected}"


def test_a_webhook_answering_an_error_status_is_a_failed_send(webhook_server) -> None:
    webhook_server.answers = [500]
    with pytest.raises(NotifyError, match="HTTP 500"):
        WebhookNotifier(webhook_server.url).send(AT_RISK)


def test_a_webhook_channel_hides_the_secrets_of_its_url() -> None:
    notifier = WebhookNotifier("https://user:pw@hooks.example.com/x?token=abc")
    assert notifier.channel.startswith("webhook:https://hooks.example.com/x#")
    assert "abc" not in notifier.channel
    assert "pw" not in notifier.channel
