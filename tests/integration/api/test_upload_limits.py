"""The document size limit (``SLALEDGER_MAX_DOCUMENT_BYTES``) and the YAML limits on the
API's and the dashboard's contract uploads: refused naming the file, the limit and what
was found, in the page's language on the dashboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.integration.api.admin_client import Admin, signed_in_admin
from tests.integration.api.conftest import CLEAN, World

BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 7)
)


@pytest.fixture
def admin(database_url: str, admin_tokens: dict[str, str]) -> Iterator[Admin]:
    with signed_in_admin(database_url, admin_tokens) as signed_in:
        yield signed_in


def test_an_api_contract_over_the_document_limit_is_a_422_naming_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLALEDGER_MAX_DOCUMENT_BYTES", "1000")
    body = CLEAN.read_bytes()
    assert len(body) > 1000
    response = world.client.post(
        "/api/contracts", headers=world.headers("admin"), files={"file": ("big.yaml", body)}
    )
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["file"] == "big.yaml"
    assert "at most 1,000 bytes (the limit SLALEDGER_MAX_DOCUMENT_BYTES" in error["expected"]
    assert error["found"] == f"{len(body):,} bytes"


def test_a_dashboard_upload_over_the_document_limit_names_file_limit_and_variable(
    admin: Admin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLALEDGER_MAX_DOCUMENT_BYTES", "1000")
    answer = admin.upload("big.yaml", CLEAN.read_bytes())
    assert answer.status_code == 413
    text = answer.text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "big.yaml: expected at most 1" in text
    assert "bytes (the limit SLALEDGER_MAX_DOCUMENT_BYTES; set it higher" in text
    admin.client.get("/dashboard/lang/fr")
    french = admin.upload("big.yaml", CLEAN.read_bytes())
    assert french.status_code == 413
    assert "big.yaml\u00a0: au plus 1" in french.text
    assert "la limite SLALEDGER_MAX_DOCUMENT_BYTES" in french.text


def test_a_dashboard_alias_bomb_is_refused_naming_the_file_and_the_node_limit(
    admin: Admin,
) -> None:
    answer = admin.upload("bomb.yaml", BOMB.encode())
    assert answer.status_code == 422
    assert "bomb.yaml: expected at most 100,000 YAML nodes" in answer.text
    assert "SLALEDGER_MAX_YAML_NODES" in answer.text
