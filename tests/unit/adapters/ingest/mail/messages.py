"""Small messages written in the tests, and rules for them."""

from __future__ import annotations

from typing import Any

from slaledger.adapters.ingest.mail.message import RawMail
from slaledger.adapters.ingest.mail.rules import MailRules


def raw(
    number: int,
    *,
    sender: str = "marie@client.example",
    date: str = "Tue, 05 Mar 2024 10:30:00 +0100",
    subject: str = "Incident : panne",
    body: str = "Panne.",
    message_id: str | None = None,
    parents: str = "",
    received: str | None = None,
) -> RawMail:
    headers = [f"Received: from mx.client.example by mx.provider.example; {received}"] * bool(
        received
    ) + [
        f"From: {sender}",
        f"Date: {date}",
        f"Message-ID: {message_id or f'<m{number}@test>'}",
        f"Subject: {subject}",
    ]
    if parents:
        headers += [f"In-Reply-To: {parents.split()[-1]}", f"References: {parents}"]
    data = ("\n".join(headers) + "\n\n" + body + "\n").encode("utf-8")
    return RawMail("box.mbox", number, data)


def rules(**changes: Any) -> MailRules:
    fields: dict[str, Any] = {
        "customer_domains": ["client.example"],
        "provider_domains": ["provider.example"],
        # these tests are about threads and events: the messages are dated as written
        # (test_mapping.py has the tests of the default, 'received')
        "instant": "date",
        "ticket_id": r"\b(INC-\d+)\b",
        "notification": {"subject": [r"(?i)\b(incident|panne)\b"]},
        "priorities": [
            {"class": "critical", "keywords": ["critique", "bloquant"]},
            {"class": "urgent", "keywords": ["urgent"]},
        ],
        "events": [
            {"event": "acknowledged", "from": "provider"},
            {"event": "paused", "from": "provider", "value": "waiting-customer",
             "keywords": ["merci de nous transmettre"]},
            {"event": "resumed", "from": "customer"},
            {"event": "restored", "from": "provider", "keywords": ["rétabli"]},
        ],
    }  # fmt: skip
    fields.update(changes)
    return MailRules.model_validate(fields)
