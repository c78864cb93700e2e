"""A problem document speaks the Accept-Language's French or English: title, detail and
each error's ``expected``, with the message as data beside the text; ``type``, field
names and codes stay the same English identifiers in both (docs/i18n.md)."""

from __future__ import annotations

from typing import Any

from tests.integration.api.conftest import CLEAN, World

PREVISOFT = "/api/contracts/previsoft-cgv"
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}


def _json(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def test_an_unknown_incident_is_introuvable_in_french_and_not_found_in_english(
    world: World,
) -> None:
    path = PREVISOFT + "/incidents/INC-NOPE"
    french = _json(world.client.get(path, headers=world.headers("admin") | FRENCH), 404)
    english = _json(world.get(path), 404)
    assert french["title"] == "Introuvable"
    assert french["detail"] == "aucun incident «\u00a0INC-NOPE\u00a0»"
    assert english["title"] == "Not Found"
    assert english["detail"] == "no incident 'INC-NOPE'"
    for body in (french, english):
        assert body["type"].endswith("/not-found")
        assert body["detail_id"] == "problem.not-found.incident"
        assert body["detail_params"] == {"key": "INC-NOPE"}


def test_a_bad_month_says_what_a_month_is_in_french(world: World) -> None:
    response = world.client.get(
        PREVISOFT + "/availability?month=2024-13", headers=world.headers("admin") | FRENCH
    )
    body = _json(response, 422)
    (error,) = body["errors"]
    assert error["field"].startswith("month")
    assert error["expected"] == "un mois, AAAA-MM avec un mois de 01 à 12 (par exemple 2024-03)"
    assert error["expected_id"] == "problem.pattern.month"
    assert body["title"] == "Contenu non recevable"
    assert body["type"].endswith("/validation")
    assert "month" in body["detail"]
    assert "AAAA-MM" in body["detail"]


def test_a_refused_csv_row_is_told_in_french_with_its_row_field_and_value(
    world: World,
) -> None:
    rows = (
        "service,start,end,category\n"
        "saas,2024-03-06T10:00:00+01:00,2024-03-05T10:00:00+01:00,unplanned\n"
    )
    response = world.client.post(
        PREVISOFT + "/outages/upload",
        headers=world.headers("agent") | FRENCH,
        files={"file": ("outages.csv", rows.encode())},
    )
    body = _json(response, 422)
    assert body["title"] == "Le dépôt a été refusé"
    assert body["detail"].startswith("outages.csv")
    assert ", ligne 1\u00a0: end\u00a0: attendu " in body["detail"], body["detail"]
    assert body["detail_id"] == "input.problem"
    bad = body["errors"][0]
    assert (bad["file"], bad["row"], bad["field"]) == ("outages.csv", 1, "end")


def test_an_agent_refused_a_contract_upload_is_told_so_in_french(world: World) -> None:
    response = world.client.post(
        "/api/contracts",
        headers=world.headers("agent") | FRENCH,
        files={"file": ("invented-clean.yaml", CLEAN.read_bytes())},
    )
    body = _json(response, 403)
    assert body["type"].endswith("/forbidden")
    assert body["title"] == "Accès refusé"
    assert body["detail"].startswith("le rôle provider-agent ne peut pas modifier ")
    assert body["detail_id"] == "problem.forbidden.write"
    assert body["detail_params"]["role"] == "provider-agent"


def test_a_contract_with_lint_errors_is_refused_with_french_findings(world: World) -> None:
    traps = CLEAN.with_name("invented-traps.yaml")
    response = world.client.post(
        "/api/contracts",
        headers=world.headers("admin") | FRENCH,
        files={"file": ("invented-traps.yaml", traps.read_bytes())},
    )
    body = _json(response, 422)
    assert body["title"] == "Le contrat comporte des erreurs"
    assert "constat(s) du contrôle" in body["detail"]
    finding = body["findings"][0]
    assert finding["message_id"].startswith("lint.")
    assert finding["message"]
    assert " the " not in f" {finding['message']} "


def test_a_fee_without_its_currency_is_refused_naming_the_field_in_both_languages(
    world: World,
) -> None:
    path = PREVISOFT + "/credits?month=2024-03&fee=1000"
    french = _json(world.client.get(path, headers=world.headers("admin") | FRENCH), 422)
    english = _json(world.get(path), 422)
    for body in (french, english):
        (error,) = body["errors"]
        assert error["field"] == "fee"
        assert error["expected_id"] == "input.fee.amount-and-currency"
    assert french["errors"][0]["expected"] == (
        "un montant et sa devise ISO 4217, par exemple '1250.00 EUR'"
    )
    assert english["errors"][0]["expected"] == (
        "an amount and its ISO 4217 currency, such as '1250.00 EUR'"
    )
