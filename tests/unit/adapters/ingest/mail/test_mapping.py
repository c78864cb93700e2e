"""Messages to events: duplicates, dates, and what each rule makes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from slaledger.adapters.ingest.mail.mapping import mail_events
from slaledger.adapters.ingest.mail.message import RawMail
from slaledger.adapters.ingest.mail.rules import MailRules
from tests.unit.adapters.ingest.mail.messages import raw, rules

PROVIDER = "support@provider.example"


def _reply(number: int, hour: int, body: str, sender: str = PROVIDER) -> RawMail:
    return raw(number, sender=sender, date=f"Tue, 05 Mar 2024 {hour:02d}:00:00 +0100",
               subject="RE: Incident : panne", body=body, parents="<m1@test>")  # fmt: skip


def test_a_message_delivered_twice_counts_once() -> None:
    again = raw(2, message_id="<m1@test>")  # the same message, in a second place
    result = mail_events([raw(1), again, _reply(3, 11, "Pris en compte.")], rules())
    assert [e.event for e in result.events] == ["notified", "acknowledged"]
    assert result.messages == 3
    assert result.duplicates == ("box.mbox message 2",)


def test_each_undated_party_message_is_named_and_nothing_is_imported() -> None:
    messages = [
        raw(1, date="mardi 5 mars"),
        raw(2, sender="news@vendor.example", date="garbage"),  # no party's: not dated
        raw(3, date="Tue, 05 Mar 2024 10:30:00 -0000"),
    ]
    with pytest.raises(InputError) as refused:
        mail_events(messages, rules())
    assert [(p.file, p.field, p.found) for p in refused.value.problems] == [
        ("box.mbox message 1 <m1@test>", "Date", "'mardi 5 mars'"),
        ("box.mbox message 3 <m3@test>", "Date",
         "'Tue, 05 Mar 2024 10:30:00 -0000' (no UTC offset: '-0000' means unknown)"),
    ]  # fmt: skip
    assert "with its UTC offset" in english(refused.value.problems[0].expected)


def test_priority_keywords_classify_and_a_change_reclassifies() -> None:
    result = mail_events(
        [
            raw(1, subject="Incident urgent : panne"),
            _reply(2, 11, "Pris en compte, incident urgent."),  # the same class: no event
            _reply(3, 12, "Requalifié : incident bloquant."),
        ],
        rules(),
    )
    assert [(e.event, e.value) for e in result.events] == [
        ("notified", None),
        ("classified", "urgent"),
        ("acknowledged", None),
        ("classified", "critical"),
    ]


def test_the_first_priority_listed_wins_when_several_keywords_appear() -> None:
    result = mail_events([raw(1, subject="Incident urgent et bloquant")], rules())
    assert [e.value for e in result.events if e.event == "classified"] == ["critical"]


def test_keywords_in_the_quoted_original_do_not_count() -> None:
    body = "Pris en compte.\n\nLe 05/03/2024 à 10:30, Marie a écrit :\n> Service rétabli ?"
    result = mail_events([raw(1), _reply(2, 11, body)], rules())
    assert [e.event for e in result.events] == ["notified", "acknowledged"]


def test_an_event_fires_once_and_pauses_alternate_with_resumes() -> None:
    result = mail_events(
        [
            raw(1),
            _reply(2, 11, "Merci de nous transmettre le journal."),
            _reply(3, 12, "Voici.", sender="marie@client.example"),
            _reply(4, 13, "Merci de nous transmettre aussi la capture."),
            _reply(5, 14, "Service rétabli."),
            _reply(6, 15, "Service rétabli, confirmé."),
            _reply(7, 16, "Merci !", sender="marie@client.example"),
        ],
        rules(),
    )
    assert [(e.event, e.message_id) for e in result.events] == [
        ("notified", "<m1@test>"),
        ("acknowledged", "<m2@test>"),
        ("paused", "<m2@test>"),
        ("resumed", "<m3@test>"),
        ("paused", "<m4@test>"),
        ("restored", "<m5@test>"),
        ("resumed", "<m7@test>"),
    ]
    assert result.events[2].value == "waiting-customer"


def test_a_rule_for_the_customer_ignores_the_provider() -> None:
    result = mail_events([raw(1), _reply(2, 11, "Rien.")], rules(events=[
        {"event": "restored", "from": "customer", "keywords": ["rien"]},
    ]))  # fmt: skip
    assert [e.event for e in result.events] == ["notified"]


def test_other_senders_are_left_out_with_their_domain() -> None:
    result = mail_events([raw(1, sender="news@vendor.example")], rules())
    assert result.events == ()
    assert result.left[0].reason == "sender domain vendor.example is no party's"


def test_by_default_the_customer_notification_starts_at_its_receipt_by_the_provider():
    # seed 001: "l'heure de réception par le Prestataire d'une notification d'Incident"
    assert MailRules.model_validate({"customer_domains": ["client.example"]}).instant == "received"
    received = rules(instant="received")
    found = mail_events(
        [
            raw(1, date="Tue, 05 Mar 2024 10:30:00 +0100",
                received="Tue, 05 Mar 2024 10:47:00 +0100"),
            raw(2, sender="support@provider.example", subject="Re: Incident : panne INC-1",
                date="Tue, 05 Mar 2024 11:00:00 +0100", parents="<m1@test>"),
        ],
        received,
    )  # fmt: skip
    at = {event.event: event.at for event in found.events}
    # the customer's by the provider's Received header, not the sender's Date
    assert at["notified"] == datetime(2024, 3, 5, 9, 47, tzinfo=UTC)
    # the provider's own reply has no receipt on its side: its Date
    assert at["acknowledged"] == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)


def test_a_customer_message_without_a_received_header_is_refused_by_default():
    with pytest.raises(InputError) as refused:
        mail_events([raw(1)], rules(instant="received"))
    problem = refused.value.problems[0]
    assert problem.field == "Received"
    assert problem.found == "no Received header"
