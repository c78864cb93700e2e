"""The words of a source notice (French and English), its webhook JSON and its e-mail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from slaledger.adapters.notify.mail import EmailNotifier, SmtpSettings
from slaledger.adapters.notify.source_message import body, lag_words, payload, subject
from slaledger.services.source_notice import SourceNotice, SourceTransition

FAILING = SourceNotice(
    transition=SourceTransition.FAILING,
    contract="saas-annexes",
    contract_title="SaaS annexes",
    timezone="Europe/Paris",
    source="portal-errors",
    kind="prometheus",
    service="solution",
    failing_since=datetime(2024, 3, 16, 9, tzinfo=UTC),
    last_success=datetime(2024, 3, 16, 8, 55, tzinfo=UTC),
    last_error="http://prom:9090: connection refused",
    synced_until=datetime(2024, 3, 16, 8, 50, tzinfo=UTC),
    lag=timedelta(hours=1, minutes=20),
    at=datetime(2024, 3, 16, 10, 10, tzinfo=UTC),
)
RECOVERED = SourceNotice(
    **{**FAILING.__dict__, "transition": SourceTransition.RECOVERED,
       "last_success": datetime(2024, 3, 16, 11, tzinfo=UTC), "lag": timedelta(minutes=3)},
)  # fmt: skip


@pytest.mark.parametrize(
    ("lag", "language", "words"),
    [
        (None, "en", "unknown (never synced)"),  # never synced
        (timedelta(seconds=59), "en", "0 min"),  # whole minutes, rounded down
        (timedelta(minutes=12), "fr", "12 min"),
        (timedelta(hours=1, minutes=5), "en", "1 h 05 min"),
        (timedelta(days=2, hours=3, minutes=59), "fr", "2 j 3 h"),
        (timedelta(days=2, hours=3), "en", "2 d 3 h"),
    ],
)
def test_lag_in_words(lag: timedelta | None, language: str, words: str) -> None:
    assert lag_words(lag, language) == words


def test_a_failing_source_in_english_says_since_when_why_and_how_far_behind() -> None:
    assert subject(FAILING, "en") == "Source failing: portal-errors (saas-annexes)"
    text = body(FAILING, "en")
    assert "Source 'portal-errors' (prometheus, service solution) has been failing since" in text
    assert "March 16, 2024 at 10:00 (Europe/Paris)" in text  # the contract's zone
    assert "Last successful sync: March 16, 2024 at 09:55 (Europe/Paris)." in text
    assert "Last error: http://prom:9090: connection refused" in text
    assert "Lag: 1 h 20 min." in text
    assert text.endswith("Contract: SaaS annexes (saas-annexes).\n")


def test_a_failing_source_in_french() -> None:
    assert subject(FAILING, "fr") == "Source en échec : portal-errors (saas-annexes)"
    text = body(FAILING, "fr")
    assert "La source « portal-errors » (prometheus, service solution) échoue depuis le" in text
    assert "16 mars 2024 à 10:00" in text
    assert "Dernière erreur : http://prom:9090: connection refused" in text
    assert "Retard : 1 h 20 min." in text


def test_a_recovered_source_in_both_languages() -> None:
    assert subject(RECOVERED, "fr") == "Source rétablie : portal-errors (saas-annexes)"
    assert subject(RECOVERED, "en") == "Source recovered: portal-errors (saas-annexes)"
    assert "synced again on March 16, 2024 at 12:00" in body(RECOVERED, "en")
    assert "se synchronise de nouveau depuis le 16 mars 2024 à 12:00" in body(RECOVERED, "fr")


def test_a_source_never_synced_says_never() -> None:
    never = SourceNotice(**{**FAILING.__dict__, "last_success": None, "lag": None})
    assert "Last successful sync: never." in body(never, "en")
    assert "Dernière synchronisation réussie : jamais." in body(never, "fr")


def test_the_webhook_payload_of_a_source_notice() -> None:
    data = payload(FAILING)
    assert data["type"] == "slaledger.source.failing"
    assert {k: data[k] for k in ("contract", "source", "kind", "service", "transition")} == {
        "contract": "saas-annexes",
        "source": "portal-errors",
        "kind": "prometheus",
        "service": "solution",
        "transition": "failing",
    }
    assert data["failing_since"] == "2024-03-16T09:00:00+00:00"
    assert data["last_success"] == "2024-03-16T08:55:00+00:00"
    assert data["last_error"] == "http://prom:9090: connection refused"
    assert data["lag_seconds"] == 4800
    assert data["text"]["en"] == "Source failing: portal-errors (saas-annexes)"
    assert payload(RECOVERED)["type"] == "slaledger.source.recovered"


def test_the_email_of_a_source_notice_has_both_languages() -> None:
    mail = EmailNotifier(SmtpSettings(host="localhost"), "ops@provider.example")
    message = mail.message(FAILING)
    assert message["Subject"] == (
        "Source en échec : portal-errors (saas-annexes)"
        " / Source failing: portal-errors (saas-annexes)"
    )
    content = message.get_content()
    assert content.index("échoue depuis") < content.index("has been failing since")
