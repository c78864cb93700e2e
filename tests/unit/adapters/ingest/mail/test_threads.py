"""Messages grouped into incidents: by headers, by ticket id, by subject."""

from __future__ import annotations

from slaledger.adapters.ingest.mail.mapping import mail_events
from slaledger.adapters.ingest.mail.message import RawMail
from tests.unit.adapters.ingest.mail.messages import raw, rules

PROVIDER = "support@provider.example"


def _incidents(*messages: RawMail) -> dict[str, list[str]]:
    """Each incident's events as 'event@message number'."""
    result = mail_events(messages, rules())
    out: dict[str, list[str]] = {}
    for event in result.events:
        number = event.message_id.strip("<>").split("@")[0].removeprefix("m")
        out.setdefault(event.incident, []).append(f"{event.event}@{number}")
    return out


def test_a_reply_joins_its_thread_by_in_reply_to_and_takes_the_ticket_id_as_name() -> None:
    incidents = _incidents(
        raw(1, subject="Panne générale"),
        raw(2, sender=PROVIDER, date="Tue, 05 Mar 2024 11:00:00 +0100",
            subject="[INC-7] RE: Panne générale", parents="<m1@test>"),
    )  # fmt: skip
    assert incidents == {"INC-7": ["notified@1", "acknowledged@2"]}


def test_messages_naming_the_same_ticket_are_one_incident_without_any_header() -> None:
    incidents = _incidents(
        raw(1, subject="[INC-8] Incident : lenteurs"),
        raw(2, sender=PROVIDER, date="Tue, 05 Mar 2024 12:00:00 +0100",
            subject="Suivi INC-8", body="Service rétabli."),
    )  # fmt: skip
    assert incidents == {"INC-8": ["notified@1", "acknowledged@2", "restored@2"]}


def test_a_reply_that_lost_its_headers_joins_the_latest_notification_with_its_subject() -> None:
    incidents = _incidents(
        raw(1, subject="Incident : lenteurs", date="Mon, 04 Mar 2024 09:00:00 +0100"),
        raw(2, subject="Incident : lenteurs", date="Tue, 05 Mar 2024 09:00:00 +0100"),
        raw(3, sender=PROVIDER, subject="TR: Incident : lenteurs",
            date="Tue, 05 Mar 2024 10:00:00 +0100"),
    )  # fmt: skip
    # two incidents with the same subject: the forward goes to the later one
    assert incidents == {"m1@test": ["notified@1"], "m2@test": ["notified@2", "acknowledged@3"]}


def test_without_a_ticket_id_the_incident_is_named_by_its_notification() -> None:
    assert _incidents(raw(1)) == {"m1@test": ["notified@1"]}


def test_messages_are_threaded_in_date_order_whatever_their_order_in_the_mailbox() -> None:
    incidents = _incidents(
        raw(2, sender=PROVIDER, date="Tue, 05 Mar 2024 11:00:00 +0100",
            subject="RE: Incident", parents="<m1@test>"),
        raw(1, subject="Incident"),
    )  # fmt: skip
    assert incidents == {"m1@test": ["notified@1", "acknowledged@2"]}


def test_the_provider_opens_no_incident_and_what_precedes_the_notification_is_left_out() -> None:
    result = mail_events(
        [
            raw(1, sender=PROVIDER, subject="Incident en cours sur la plateforme",
                date="Tue, 05 Mar 2024 09:00:00 +0100"),
            raw(2, subject="RE: Incident en cours sur la plateforme", parents="<m1@test>"),
        ],
        rules(),
    )  # fmt: skip
    assert [(e.incident, e.event) for e in result.events] == [("m2@test", "notified")]
    assert [(item.mail.message_id, item.reason) for item in result.left] == [
        ("<m1@test>", "dated before the notification <m2@test>")
    ]


def test_a_thread_without_a_customer_notification_is_left_out_with_its_reason() -> None:
    result = mail_events([raw(1, subject="Question sur la facture")], rules())
    assert result.events == ()
    assert result.left[0].reason.startswith("no customer notification in its thread")
