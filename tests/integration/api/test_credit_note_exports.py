"""Billing exports over HTTP and the CLI (SQLite and PostgreSQL): after February 2024's
claim is granted on 15 March, March's export lists its credit note (JSON and CSV), the
year's summary counts it under its customer, another customer's viewer sees nothing,
and ``sla credit-notes export|summary`` prints the same rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime

import pytest
from click.testing import CliRunner
from tests.integration.api.claims_service import KEY, PARIS, Service, claims_service

from slaledger.adapters.cli.main import cli

NOTES = "/api/credit-notes"


@pytest.fixture
def granted(database_url: str, claims_tokens: dict[str, str]) -> Iterator[Service]:
    with claims_service(
        database_url, datetime(2024, 3, 15, 10, tzinfo=PARIS), claims_tokens
    ) as service:
        claims = f"/api/contracts/{KEY}/claims"
        claimed = service.client.post(
            claims, json={"month": "2024-02"}, headers=service.bearer("viewer")
        )
        assert claimed.status_code == 201
        decided = service.client.post(
            f"{claims}/2024-02/decision",
            json={"decision": "grant", "granted": "2", "reason": "agreed"},
            headers=service.bearer("admin"),
        )
        assert decided.status_code == 200
        yield service


def test_the_months_export_lists_the_credit_note_in_json_and_csv(granted) -> None:
    answer = granted.client.get(NOTES, params={"month": "2024-03"}, headers=granted.bearer("admin"))
    assert answer.status_code == 200
    [note] = answer.json()["credit_notes"]
    assert {k: note[k] for k in ("number", "contract", "customer", "month", "granted")} == {
        "number": "CN-2024-0001",
        "contract": KEY,
        "customer": "Le Client",
        "month": "2024-02",
        "granted": "2",
    }
    assert note["clause"]
    assert note["status"] == "granted"
    text = granted.client.get(
        NOTES, params={"month": "2024-03", "format": "csv"}, headers=granted.bearer("viewer")
    )
    assert text.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text.text)))
    assert [(r["number"], r["unit"]) for r in rows] == [("CN-2024-0001", "days-of-subscription")]
    # February was the month claimed, March the month of issue: February's export is empty
    february = granted.client.get(
        NOTES, params={"month": "2024-02"}, headers=granted.bearer("admin")
    )
    assert february.json()["credit_notes"] == []


def test_another_customers_viewer_sees_no_credit_note(granted) -> None:
    answer = granted.client.get(
        NOTES, params={"month": "2024-03"}, headers=granted.bearer("foreign")
    )
    assert answer.json()["credit_notes"] == []
    summary = granted.client.get(
        f"{NOTES}/summary", params={"year": 2024}, headers=granted.bearer("foreign")
    )
    assert summary.json()["customers"] == []


def test_the_year_summary_counts_the_note_under_its_customer(granted) -> None:
    answer = granted.client.get(
        f"{NOTES}/summary", params={"year": 2024}, headers=granted.bearer("viewer")
    )
    assert answer.json() == {
        "year": 2024,
        "customers": [{"customer": "Le Client", "currency": None, "notes": 1, "amount": None}],
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"month": "2024-13"}, "month"),
        ({"month": "2024-03", "format": "xlsx"}, "format"),
    ],
)
def test_a_bad_export_query_names_its_field(granted, params, field) -> None:
    answer = granted.client.get(NOTES, params=params, headers=granted.bearer("admin"))
    assert answer.status_code in (400, 422)
    assert field in answer.text


def test_the_cli_prints_the_same_notes_and_summary(granted) -> None:
    runner = CliRunner()
    exported = runner.invoke(
        cli,
        ["credit-notes", "export", "--db", granted.url, "--month", "2024-03", "--format", "json"],
    )
    assert exported.exit_code == 0, exported.output
    assert [n["number"] for n in json.loads(exported.output)["credit_notes"]] == ["CN-2024-0001"]
    summary = runner.invoke(cli, ["credit-notes", "summary", "--db", granted.url, "--year", "2024"])
    assert summary.exit_code == 0, summary.output
    assert summary.output.splitlines() == ["customer,currency,notes,amount", "Le Client,,1,"]
