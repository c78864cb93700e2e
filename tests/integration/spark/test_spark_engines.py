"""The Spark engine against the DuckDB one, on the same generated inputs: equal counts
minute by minute, equal rejections, and a batch availability equal to ``sla availability``.
One SparkSession serves the whole file (``conftest.spark``); the data is small."""

from __future__ import annotations

import json
import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from slaledger.adapters.batch.count_runs import reduce_duckdb, reduce_spark
from slaledger.adapters.batch.output import SCHEMA
from slaledger.adapters.cli.ingest_cmds import parse_statuses
from slaledger.adapters.cli.main import cli
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from slaledger.adapters.ingest.logs import aggregate_logs
from slaledger.adapters.ingest.spark_logs import aggregate_logs_spark
from slaledger.services.availability_batch import CountClause
from tests.integration.spark.generated_counts import write_contracts, write_counts
from tests.integration.spark.generated_logs import (
    MALFORMED,
    write_access_log,
    write_json_lines,
    write_parquet,
)

CLAUSES = [CountClause(0, "svc-a", 0, 3600, 1, 20, 1)]


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("logs")
    rng = random.Random(18)
    access = write_access_log(folder / "access.log", rng, 3000)
    for bad in MALFORMED:  # every malformed kind at least once
        with access.open("a", encoding="utf-8") as file:
            file.write(bad + "\n")
    return {
        "access": access,
        "jsonl": write_json_lines(folder / "requests.jsonl", rng, 2000),
        "parquet": write_parquet(folder / "requests.parquet", rng, 2000),
    }


def both(spark, paths, tmp_path, **options):
    duck = aggregate_logs(paths, service="web", output=tmp_path / "duck.parquet", **options)
    lit = aggregate_logs_spark(
        paths, spark=spark, service="web", output=tmp_path / "spark.parquet", **options
    )
    return duck, lit, pq.read_table(tmp_path / "duck.parquet"), pq.read_table(lit.output)


def test_both_engines_count_every_minute_alike_across_offsets_dst_and_duplicates(
    spark, logs, tmp_path
):
    paths = [logs["access"], logs["jsonl"], logs["parquet"]]
    duck, lit, duck_table, spark_table = both(spark, paths, tmp_path, malformed="skip")
    assert spark_table.schema.remove_metadata() == duck_table.schema.remove_metadata()
    assert spark_table.to_pylist() == duck_table.to_pylist()
    assert duck_table.num_rows == duck.minutes > 1000
    assert (lit.requests, lit.server_errors, lit.read) == (
        duck.requests,
        duck.server_errors,
        duck.read,
    )


def test_both_engines_reject_the_same_rows_for_the_same_reasons(spark, logs, tmp_path):
    paths = [logs["access"], logs["jsonl"]]
    too_many = parse_statuses("500-599,429")  # a contract that counts 429 as a server error
    duck, lit, duck_table, spark_table = both(
        spark, paths, tmp_path, malformed="skip", server_error=too_many
    )
    assert spark_table.to_pylist() == duck_table.to_pylist()
    assert lit.server_errors == duck.server_errors > 0
    assert lit.rejected == duck.rejected
    assert all(duck.rejected.values())  # every reason occurs in the generated logs
    assert lit.samples == duck.samples
    assert len(duck.samples) == 20
    assert duck.samples[0].file == str(logs["access"])
    assert duck.samples[0].line is not None


def test_the_default_fails_the_run_on_both_engines_with_the_same_problems(spark, logs, tmp_path):
    failures = []
    for run in (aggregate_logs, lambda *a, **k: aggregate_logs_spark(*a, spark=spark, **k)):
        with pytest.raises(InputError) as excinfo:
            run([logs["access"]], service="web", output=tmp_path / "counts.parquet")
        failures.append(excinfo.value.problems)
    assert failures[0] == failures[1]
    assert english(failures[0][-1].expected) == "no more unreadable rows"
    assert not (tmp_path / "counts.parquet").exists()


def test_each_malformed_kind_is_rejected_alike_alone(spark, tmp_path):
    log = tmp_path / "access.log"
    log.write_text("\n".join(MALFORMED) + "\n", encoding="utf-8")
    duck, lit, duck_table, spark_table = both(spark, [log], tmp_path, malformed="skip")
    assert [(p.line, p.found) for p in lit.samples] == [(p.line, p.found) for p in duck.samples]
    assert lit.rejected == duck.rejected
    assert duck.requests == 0
    assert duck_table.num_rows == spark_table.num_rows == 0


# ------------------------------------------------------------------ the command line
def test_sla_ingest_logs_on_spark_prints_what_it_read_kept_and_rejected(spark, logs, tmp_path):
    output = tmp_path / "counts.parquet"
    result = CliRunner().invoke(
        cli,
        ["ingest", "logs", str(logs["access"]), "--service", "web", "--output", str(output),
         "--engine", "spark", "--malformed", "skip"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    duck = aggregate_logs([logs["access"]], service="web", output=tmp_path / "duck.parquet",
                          malformed="skip")  # fmt: skip
    rejected = sum(duck.rejected.values())
    assert (
        f"spark: {duck.read:,} rows read, {duck.requests:,} kept, {rejected:,} rejected"
        in result.output
    )
    assert f"rejected: {duck.samples[0]}" in result.output
    assert pq.read_table(output).to_pylist() == pq.read_table(tmp_path / "duck.parquet").to_pylist()


@pytest.fixture(scope="module")
def batch_inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    (folder / "contracts").mkdir()
    contracts = write_contracts(folder / "contracts")
    return contracts, write_counts(folder / "counts.parquet"), folder


def run_batch(folder, counts, engine, month="2024-03"):
    output = folder / f"{engine}-{month}.parquet"
    result = CliRunner().invoke(
        cli,
        ["availability", "batch", "--contracts", str(folder / "contracts"), "--month", month,
         "--counts", str(counts), "--engine", engine, "--output", str(output)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return pq.read_table(output)


def test_the_spark_batch_gives_the_duckdb_batch_row_for_row(spark, batch_inputs):
    _, counts, folder = batch_inputs
    on_spark, on_duckdb = run_batch(folder, counts, "spark"), run_batch(folder, counts, "duckdb")
    assert on_spark.schema == on_duckdb.schema
    assert on_spark.to_pylist() == on_duckdb.to_pylist()


def test_each_spark_batch_row_is_the_figure_of_sla_availability(spark, batch_inputs):
    contracts, counts, folder = batch_inputs
    rows = {row["service"]: row for row in run_batch(folder, counts, "spark").to_pylist()}
    for service, contract in contracts.items():
        if service == "svc-missing":
            assert rows[service]["error"]
            continue
        result = CliRunner().invoke(
            cli, ["availability", str(contract), "--month", "2024-03", "--counts", str(counts),
                  "--json"],
        )  # fmt: skip
        expected = json.loads(result.output)
        assert (rows[service]["availability_exact"], rows[service]["minutes_down"]) == (
            expected["availability_exact"],
            float(expected["minutes_down"]),
        )
        assert rows[service]["met"] is expected["met"]


def test_bad_counts_rows_are_found_alike_by_both_engines(spark, tmp_path):
    bad = tmp_path / "bad.parquet"
    pq.write_table(
        pa.table(
            {
                "service": ["svc-a", "svc-a"],
                "interval_start": pa.array([0, 30_000_000], pa.timestamp("us", "UTC")),
                "interval_seconds": pa.array([60, 60], pa.int32()),
                "total": [10, 5],
                "server_errors": [1, 1],
            }
        ),
        bad,
    )
    found = [reduce_duckdb(str(bad), CLAUSES), reduce_spark(spark, str(bad), CLAUSES)]
    assert found[0] == found[1]
    assert found[0].bad_count == 1
    assert found[0].bad[0].field == "interval_start"  # overlaps the interval before


def test_both_engines_read_the_edges_of_the_iso_grammar_alike(spark, tmp_path):
    texts = [
        "2024-03-01T10:00:00+01:00", "2024-03-01 10:00:00.250Z", "2024-3-1T10:00+0100",
        " 2024-03-01T10:00:59+01 ", "2024-03-01T10:00:00 +01:00", "2024-03-01T10:00:00z",
        "2024-03-01T10:00:00,5+01:00", "2024-03-01T10:00:00+15:00", "2024-02-30T10:00:00Z",
        "2024-03-01T24:00:00Z", "1969-12-31T23:59:59Z", "2024-03-01T10:00:00-14:59",
        "2024-03-01T10:00:00.999999999+05:45", "2024-03-01", "",
    ]  # fmt: skip
    log = tmp_path / "requests.jsonl"
    log.write_text("".join(json.dumps({"timestamp": t, "status": " 503 "}) + "\n" for t in texts))
    duck, lit, duck_table, spark_table = both(spark, [log], tmp_path, malformed="skip")
    assert spark_table.to_pylist() == duck_table.to_pylist()
    assert (lit.requests, lit.rejected, lit.samples) == (duck.requests, duck.rejected, duck.samples)
    assert duck.requests == 6


# ------------------------------------------------------------------ URLs (object storage)
def test_sla_ingest_logs_reads_and_writes_urls_on_spark(spark, logs, tmp_path):
    """``file:///`` stands for ``s3a://``, ``abfss://``...: Spark opens them, the output
    is a Spark directory of one part file, its name printed as given."""
    url = (tmp_path / "counts.parquet").as_uri()
    result = CliRunner().invoke(
        cli,
        ["ingest", "logs", logs["parquet"].as_uri(), "--service", "web", "--output", url,
         "--engine", "spark"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"-> {url}\n" in result.output
    (part,) = (tmp_path / "counts.parquet").glob("part-*.parquet")
    duck = aggregate_logs([logs["parquet"]], service="web", output=tmp_path / "duck.parquet")
    assert pq.read_table(part).to_pylist() == pq.read_table(duck.output).to_pylist()


def test_the_spark_batch_writes_a_url_with_the_schema_of_a_file(spark, batch_inputs):
    _, counts, folder = batch_inputs
    url = (folder / "figures-url.parquet").as_uri()
    result = CliRunner().invoke(
        cli,
        ["availability", "batch", "--contracts", str(folder / "contracts"), "--month", "2024-03",
         "--counts", counts.as_uri(), "--engine", "spark", "--output", url],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (part,) = (folder / "figures-url.parquet").glob("part-*.parquet")
    table = pq.read_table(part)
    assert table.schema.remove_metadata() == SCHEMA
    found, expected = table.to_pylist(), run_batch(folder, counts, "duckdb").to_pylist()
    for row in found + expected:  # the error names the counts as given: a URL, a path
        row["error"] = row["error"] and row["error"].replace(counts.as_uri(), str(counts))
    assert found == expected
