"""What a burn-rate notice says, in French and English, and its webhook JSON."""

from __future__ import annotations

from datetime import UTC, datetime

from slaledger.adapters.notify import burn_message, texts
from slaledger.services.burn_notice import BurnNotice

NOTICE = BurnNotice(
    contract="saas-annexes",
    contract_title="Annexes",
    timezone="Europe/Paris",
    service="solution",
    clause="availability",
    period="2024-03",
    severity="ticket",
    started=datetime(2024, 3, 12, 9, 3, tzinfo=UTC),
    allowed_seconds=1337,
    consumed_seconds=400,
    rates=(("ticket:10%/3d/6h", 3.25, 1.03),),
    at=datetime(2024, 3, 12, 10, tzinfo=UTC),
)


def test_the_slow_burn_in_both_languages() -> None:
    assert (
        burn_message.subject(NOTICE, "en") == "Error budget burning slowly: solution (saas-annexes)"
    )
    assert texts.subject(NOTICE, "fr") == (
        "Budget d'erreur en combustion lente\u00a0: solution (saas-annexes)"
    )
    english = texts.body(NOTICE, "en")
    assert "since March 12, 2024 at 10:03 (Europe/Paris)" in english
    assert "Consumed: 6.6 min of 22.2 min allowed; 15.6 min left." in english
    assert "Rule ticket:10%/3d/6h: burn rate 3.2 (threshold 1)" in english
    french = texts.body(NOTICE, "fr")
    assert "depuis le 12 mars 2024 à 10:03" in french
    assert "Règle ticket:10%/3d/6h\u00a0: taux de combustion 3,2 (seuil 1)" in french


def test_the_webhook_body() -> None:
    body = texts.payload(NOTICE)
    assert body["type"] == "slaledger.burn.ticket"
    assert (body["seconds_allowed"], body["seconds_consumed"], body["seconds_left"]) == (
        1337, 400, 937,
    )  # fmt: skip
    assert body["rules"] == [{"rule": "ticket:10%/3d/6h", "burn_rate": 3.25, "threshold": 1.03}]
    assert set(body["text"]) == {"fr", "en"}
