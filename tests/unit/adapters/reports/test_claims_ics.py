"""The claim-deadline feed says what an open credit is worth in money, in the contract's
language, when its fee is known (``claims_to_ics``): the amount in the description, and
machine-readable beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, cast

import pytest
from icalendar import Calendar

from slaledger.adapters.reports.claims_ics import claims_to_ics
from slaledger.domain.commercial.credit_money import CreditAmount
from slaledger.domain.contract.values import Money
from slaledger.domain.message import msg
from slaledger.domain.periods import Month


@dataclass(frozen=True)
class _Row:
    """What the feed reads of a claim book's row (``services.claim_book.ClaimRow``)."""

    month: Month
    service: str
    deadline: datetime
    value: Decimal
    unit: str = "percent-of-fee"
    claimable: bool = True


ROW = _Row(Month(2024, 2), "web", datetime(2024, 3, 31, 23, 0, tzinfo=UTC), Decimal(25))
AMOUNT = CreditAmount(
    fee=Money(Decimal("1000.00"), "EUR"),
    amount=Decimal("250.00"),
    unrounded=Decimal("250.0000"),
    currency="EUR",
    rounding_rule=msg("rounding.half-up"),
)


def _event(language: str, amounts: tuple[CreditAmount | None, ...]) -> Any:
    feed = claims_to_ics(
        [cast(Any, ROW)],
        contract_id="priced",
        title="Priced",
        zone="Europe/Paris",
        language=language,
        clause="1.2",
        generated_at=datetime(2024, 3, 1, tzinfo=UTC),
        amounts=amounts,
    )
    [event] = Calendar.from_ical(feed).walk("VEVENT")
    return event


@pytest.mark.parametrize(
    ("language", "line"), [("fr", "Montant\u00a0: 250,00\u00a0€"), ("en", "Amount: €250.00")]
)
def test_an_open_credit_s_event_gives_its_amount_in_the_feed_s_language(language, line):
    event = _event(language, (AMOUNT,))
    assert line in str(event["description"])
    assert (str(event["x-slaledger-amount"]), str(event["x-slaledger-currency"])) == (
        "250.00",
        "EUR",
    )


def test_without_a_fee_the_event_says_the_amount_is_not_computed():
    event = _event("en", ())
    assert "Amount: not computed (no fee known)" in str(event["description"])
    assert "x-slaledger-amount" not in event
