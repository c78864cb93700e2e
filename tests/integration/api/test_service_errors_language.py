"""The service's own refusals in the Accept-Language's language: store refusals (404,
422), the 401 and 403 details, pydantic's validation errors; English unchanged
(docs/i18n.md)."""

from __future__ import annotations

from typing import Any

from tests.integration.api.conftest import World
from tests.language_words import foreign_sentences

PREVISOFT = "/api/contracts/previsoft-cgv"
FRENCH = {"Accept-Language": "fr"}


def _json(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def _texts(body: dict[str, Any]) -> list[str]:
    texts = [body["title"], body.get("detail", "")]
    for error in body.get("errors", []):
        texts += [str(error.get("expected", "")), str(error.get("found", ""))]
    return texts


def test_a_store_refusal_is_told_in_french_and_in_english_as_before(world: World) -> None:
    path = PREVISOFT + "/sources/nope"
    french = _json(world.client.delete(path, headers=world.headers("admin") | FRENCH), 404)
    english = _json(world.client.delete(path, headers=world.headers("admin")), 404)
    assert french["detail"] == (
        "le contrat previsoft-cgv ne définit aucune source nommée «\u00a0nope\u00a0»"
    )
    assert english["detail"] == "contract previsoft-cgv has no source named 'nope' defined"
    assert french["detail_id"] == english["detail_id"] == "store.no-source"
    assert foreign_sentences(_texts(french), "fr") == []


def test_a_missing_or_revoked_token_is_told_in_french(world: World) -> None:
    missing = _json(world.client.get("/api/me", headers=FRENCH), 401)
    assert missing["detail"] == ("donnez un jeton d'API\u00a0: Authorization: Bearer TOKEN")
    revoked = _json(world.client.get("/api/me", headers=world.headers("revoked") | FRENCH), 401)
    assert revoked["detail_id"] == "store.token-unknown"
    assert revoked["title"] != "Unauthorized"
    english = _json(world.client.get("/api/me", headers=world.headers("revoked")), 401)
    assert english["detail"] == "the API token is unknown, revoked, or its user is inactive"
    assert english["title"] == "Unauthorized"
    assert foreign_sentences(_texts(missing) + _texts(revoked), "fr") == []


def test_pydantic_validation_errors_are_told_in_french(world: World) -> None:
    body = {"key": "INC-FR-1", "service": "saas", "unexpected": 1}
    response = world.client.post(
        PREVISOFT + "/incidents", headers=world.headers("admin") | FRENCH, json=body
    )
    french = _json(response, 422)
    fields = {e["field"] for e in french["errors"]}
    assert "unexpected" in fields  # field names stay identifiers
    ids = {e.get("expected_id") for e in french["errors"]}
    assert "problem.pydantic.extra-forbidden" in ids
    assert foreign_sentences(_texts(french), "fr") == []
    english = _json(
        world.client.post(PREVISOFT + "/incidents", headers=world.headers("admin"), json=body),
        422,
    )
    assert "Extra inputs are not permitted" in [e["expected"] for e in english["errors"]]


def test_a_refused_maintenance_window_gives_its_reasons_in_french(world: World) -> None:
    window = {  # a major change needs 5 business days of notice: announced the day before
        "service": "platform",
        "kind": "major-change",
        "start": "2024-04-10T10:00:00+02:00",
        "end": "2024-04-10T12:00:00+02:00",
        "announced_at": "2024-04-09T09:30:00+02:00",
    }
    path = "/api/contracts/northwind-hosting-clean/maintenance"
    french = _json(
        world.client.post(path, headers=world.headers("agent") | FRENCH, json=window), 422
    )
    assert french["type"].endswith("/maintenance-refused")
    reasons = [r["message"] for r in french["verdict"]["reasons"] if not r["ok"]]
    assert reasons
    for reason in reasons:
        assert reason in french["detail"]
    assert foreign_sentences([french["title"], french["detail"], *reasons], "fr") == []
    english = _json(world.client.post(path, headers=world.headers("agent"), json=window), 422)
    assert english["detail_id"] == french["detail_id"]
    assert english["detail"] != french["detail"]


def test_a_window_recorded_outside_the_rules_answers_its_verdict_in_french(world: World) -> None:
    window = {
        "service": "platform",
        "kind": "major-change",
        "start": "2024-04-11T10:00:00+02:00",
        "end": "2024-04-11T12:00:00+02:00",
        "announced_at": "2024-04-10T09:30:00+02:00",
        "accept_outside_rules": True,
    }
    response = world.client.post(
        "/api/contracts/northwind-hosting-clean/maintenance",
        headers=world.headers("agent") | FRENCH,
        json=window,
    )
    assert response.status_code == 201, response.text
    reasons = [r["message"] for r in response.json()["verdict"]["reasons"]]
    assert reasons
    assert foreign_sentences(reasons, "fr") == []
