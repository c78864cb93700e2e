"""A claim notice reads in French and in English: the month, the credit, the deadline
in the contract's zone; the webhook's JSON carries the machine fields."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from slaledger.adapters.notify.texts import body, payload, subject
from slaledger.services.claim_notice import ClaimNotice, ClaimNoticeKind

PARIS = ZoneInfo("Europe/Paris")


def _notice(kind: ClaimNoticeKind, value: Decimal | None = Decimal(10)) -> ClaimNotice:
    return ClaimNotice(
        kind=kind,
        contract="saas-annexes",
        contract_title="Annexes 1 et 2",
        timezone="Europe/Paris",
        service="saas",
        month="2024-02",
        unit="percent-of-fee",
        value=value,
        deadline=datetime(2024, 4, 1, tzinfo=PARIS),
        claimed_at=datetime(2024, 3, 20, 9, tzinfo=PARIS),
        at=datetime(2024, 3, 28, 9, tzinfo=PARIS),
    )


def test_the_customers_reminder_names_the_credit_and_its_deadline_in_both_languages() -> None:
    notice = _notice(ClaimNoticeKind.DEADLINE)
    assert subject(notice, "fr") == (
        "Crédit à demander avant le 1 avril 2024 à 00:00 (Europe/Paris)\u00a0: "
        "2024-02 (saas-annexes)"
    )
    assert "10\u00a0% de la redevance" in body(notice, "fr")
    assert "Claim deadline: April 1, 2024 at 00:00 (Europe/Paris)" in body(notice, "en")


def test_the_providers_notice_says_when_the_customer_claimed() -> None:
    notice = _notice(ClaimNoticeKind.DECISION, value=None)
    assert "on March 20, 2024 at 09:00" in body(notice, "en")
    assert "montant à fixer entre les parties" in body(notice, "fr")
    document = payload(notice)
    assert document["type"] == "slaledger.claim.decision"
    assert document["value"] is None
    assert set(document["text"]) == {"fr", "en"}


def test_a_notice_with_the_credit_priced_shows_its_amount_in_both_languages() -> None:
    # 10 % of a 2400.00 EUR fee = 240.00 EUR
    notice = dataclasses.replace(
        _notice(ClaimNoticeKind.DEADLINE), amount=Decimal("240.00"), currency="EUR"
    )
    assert "10\u00a0% de la redevance (240,00\u00a0€)" in body(notice, "fr")
    assert "10 % of the fee (€240.00)" in body(notice, "en")
    assert (payload(notice)["amount"], payload(notice)["currency"]) == ("240.00", "EUR")
