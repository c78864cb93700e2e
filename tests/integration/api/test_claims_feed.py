"""The claim-deadline feed (SQLite and PostgreSQL): on 15 March 2024, 001's February
credit is open to a claim until the end of 31 March, so the feed has one all-day event
on that day, in French (the contract's language), saying what the credit is and which
clause asks for the claim; once claimed it leaves the feed. With a wrong feed token: 401."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from icalendar import Calendar
from tests.integration.api.claims_service import KEY, PARIS, Service, claims_service

FEED = f"/feeds/{KEY}/claims.ics"


@pytest.fixture
def service(database_url: str, claims_tokens: dict[str, str]) -> Iterator[Service]:
    with claims_service(
        database_url, datetime(2024, 3, 15, 10, tzinfo=PARIS), claims_tokens
    ) as built:
        yield built


def _events(service: Service) -> list:
    answer = service.client.get(FEED, params={"token": service.tokens["feed"]})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/calendar")
    return list(Calendar.from_ical(answer.content).walk("VEVENT"))


def test_an_open_credit_is_an_event_on_its_claim_deadline(service) -> None:
    [event] = _events(service)
    assert event.decoded("dtstart") == date(2024, 3, 31)  # claim by the end of 31 March
    assert str(event["summary"]) == (
        "Date limite de demande\u00a0: crédit de février 2024 (saas-annexes)"
    )
    description = str(event["description"])
    assert "Crédit\u00a0: à fixer entre les parties" in description  # 001 leaves days blank
    assert "Montant\u00a0: non calculé" in description
    assert "Clause\u00a0: " in description
    assert len(event.walk("VALARM")) == 2


def test_a_claimed_credit_leaves_the_feed(service) -> None:
    claimed = service.client.post(
        f"/api/contracts/{KEY}/claims", json={"month": "2024-02"}, headers=service.bearer("viewer")
    )
    assert claimed.status_code == 201
    assert _events(service) == []


def test_the_feed_wants_a_feed_token(service) -> None:
    assert service.client.get(FEED, params={"token": "not-a-token"}).status_code == 401
