"""Hostile files and bodies through the API: refused with a 422 naming the file, the
limit and how to raise it, never a 500 or an exhausted memory; no control character
reaches either database (PostgreSQL answered 500 to a NUL)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.integration.api.conftest import CLEAN, World

PREVISOFT = "/api/contracts/previsoft-cgv"


def _refused(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    errors: list[dict[str, Any]] = response.json()["errors"]
    return errors


def _constant_counts(rows: int, groups: int) -> bytes:
    table = pa.table(
        {
            "service": pa.array(["saas"] * rows),
            "interval_start": pa.array(["2024-03-01T00:00:00Z"] * rows),
            "interval_seconds": pa.array([60] * rows, pa.int64()),
            "total": pa.array([1] * rows, pa.int64()),
            "server_errors": pa.array([0] * rows, pa.int64()),
        }
    )
    buffer = BytesIO()
    with pq.ParquetWriter(buffer, table.schema, compression="zstd") as writer:
        for _ in range(groups):
            writer.write_table(table)
    return buffer.getvalue()


def test_a_small_parquet_declaring_millions_of_rows_is_a_422_naming_the_limit(
    world: World,
) -> None:
    body = _constant_counts(100_000, 25)  # 2.5 M rows
    assert len(body) < 256 * 1024  # under the test service's upload limit
    response = world.client.post(
        PREVISOFT + "/counts/upload",
        headers=world.headers("agent"),
        files={"file": ("counts.parquet", body)},
    )
    [error] = _refused(response)
    assert error["file"] == "counts.parquet"
    assert "at most 2,000,000 rows" in error["expected"]
    assert "SLALEDGER_MAX_ROWS" in error["expected"]
    assert error["found"].startswith("2,500,000 rows")


def test_an_outages_csv_over_the_row_limit_is_a_422(world: World, monkeypatch) -> None:
    monkeypatch.setenv("SLALEDGER_MAX_ROWS", "2")
    line = "saas,2024-03-05T10:00:00+01:00,2024-03-05T10:10:00+01:00,unplanned\n"
    response = world.client.post(
        PREVISOFT + "/outages/upload",
        headers=world.headers("agent"),
        files={"file": ("outages.csv", ("service,start,end,category\n" + line * 3).encode())},
    )
    [error] = _refused(response)
    assert (error["file"], error["found"]) == ("outages.csv", "more than 2 rows")


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        # aliases ten wide and six deep: 316 bytes, a million nodes
        (
            "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 7)),
            "SLALEDGER_MAX_YAML_NODES",
        ),
        ("a: " + "[" * 900 + "]" * 900 + "\n", "SLALEDGER_MAX_YAML_DEPTH"),  # was a 500
    ],
)
def test_a_hostile_contract_yaml_is_a_422_naming_the_limit(
    world: World, text: str, limit: str
) -> None:
    response = world.client.post(
        "/api/contracts",
        headers=world.headers("admin"),
        files={"file": ("hostile.yaml", text.encode())},
    )
    [error] = _refused(response)
    assert error["file"] == "hostile.yaml"
    assert limit in error["expected"]


def test_a_nul_in_a_json_note_is_a_422_on_both_databases(world: World) -> None:
    before = world.get(PREVISOFT + "/outages?limit=500").json()["total"]
    response = world.client.post(
        PREVISOFT + "/outages",
        headers=world.headers("agent"),
        json={
            "service": "saas",
            "start": "2024-03-05T10:00:00+01:00",
            "end": "2024-03-05T10:10:00+01:00",
            "category": "unplanned",
            "note": "before\x00after",
        },
    )
    errors = _refused(response)
    assert [e["field"] for e in errors] == ["note"]
    assert "control characters" in errors[0]["expected"]
    assert world.get(PREVISOFT + "/outages?limit=500").json()["total"] == before


def test_a_nul_in_a_csv_field_is_a_422_naming_row_and_field(world: World) -> None:
    rows = (
        "service,start,end,category,reference\n"
        "saas,2024-03-05T10:00:00+01:00,2024-03-05T10:10:00+01:00,unplanned,UP\x00-1\n"
    )
    response = world.client.post(
        PREVISOFT + "/outages/upload",
        headers=world.headers("agent"),
        files={"file": ("outages.csv", rows.encode())},
    )
    [error] = _refused(response)
    assert (error["file"], error["row"], error["field"]) == ("outages.csv", 1, "reference")


def test_a_nul_in_an_invoices_file_is_a_422_naming_table_field_and_row(world: World) -> None:
    """The invoices reader does not look for control characters; the database guard
    does (PostgreSQL answered 500, SQLite stored the NUL)."""
    body = (
        b"invoice,issued,amount,paid\n"
        b"F2024-001,2024-09-15,10000.00,2024-10-10\n"
        b"F2024\x00-2,2024-09-15,12.00,\n"
    )
    response = world.client.post(
        PREVISOFT + "/invoices/upload",
        headers=world.headers("admin"),
        files={"file": ("invoices.csv", body)},
    )
    [error] = _refused(response)
    assert (error["file"], error["row"], error["field"]) == (
        "invoices.csv (table invoice)",
        2,
        "number",
    )
    assert error["found"].startswith("U+0000 at character 6")
    assert world.get(PREVISOFT + "/invoices").json() == []  # nothing of the file


def test_a_control_character_in_a_query_parameter_never_reaches_the_database(
    world: World,
) -> None:
    """A new contract's customer named in the query string (not a JSON body)."""
    response = world.client.post(
        "/api/contracts?customer=Glo%1Bbex",
        headers=world.headers("admin"),
        files={
            "file": ("clean.yaml", CLEAN.read_bytes().replace(b"northwind-hosting-clean", b"x-1"))
        },
    )
    [error] = _refused(response)
    assert (error["file"], error["field"]) == ("table customer", "name")
    assert world.get("/api/contracts/x-1").status_code == 404
