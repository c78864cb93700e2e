"""``sla availability batch`` with DuckDB: every row is the figure ``sla availability``
gives for that contract, month and counts file."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from slaledger.adapters.cli.main import cli
from tests.integration.spark.generated_counts import VARIANTS, write_contracts, write_counts

FIELDS = ("availability", "availability_exact", "target", "met", "minutes_total",
          "minutes_excluded", "minutes_down")  # fmt: skip


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    contracts = folder / "contracts"
    contracts.mkdir()
    return write_contracts(contracts), write_counts(folder / "counts.parquet"), folder


def one_figure(contract, month, counts):
    result = CliRunner().invoke(
        cli, ["availability", str(contract), "--month", month, "--counts", str(counts), "--json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("month", ["2024-03", "2024-02"])
def test_each_batch_row_is_the_figure_of_sla_availability_for_its_contract(inputs, month):
    contracts, counts, folder = inputs
    output = folder / f"figures-{month}.parquet"
    result = CliRunner().invoke(
        cli,
        ["availability", "batch", "--contracts", str(folder / "contracts"), "--month", month,
         "--counts", str(counts), "--output", str(output)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = {row["service"]: row for row in pq.read_table(output).to_pylist()}
    assert set(rows) == set(VARIANTS)
    for service, contract in contracts.items():
        if service == "svc-missing":
            continue
        expected = one_figure(contract, month, counts)
        found = rows[service]
        assert found["error"] is None
        assert {f: found[f] for f in FIELDS} == {
            f: float(expected[f]) if f.startswith("minutes") else expected[f] for f in FIELDS
        }, service
        assert found["coverage"] == expected["coverage"]["state"]
    assert "no request counts for service 'svc-missing'" in rows["svc-missing"]["error"]


def test_the_batch_finds_downtime_where_the_rules_differ(inputs):
    """The generated data makes the variants disagree: the comparison above is not vacuous."""
    contracts, counts, _ = inputs
    figures = {one_figure(contracts[s], "2024-03", counts)["minutes_down"] for s in contracts
               if s != "svc-missing"}  # fmt: skip
    assert len(figures) >= 4
