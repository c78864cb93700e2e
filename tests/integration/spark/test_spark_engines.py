"""The Spark engine against the DuckDB one, on the same generated inputs: equal counts
minute by minute, equal rejections, and a batch availability equal to ``sla availability``.
One SparkSession serves the whole file (``conftest.spark``); the data is small."""

from __future__ import annotations

import random

import pyarrow.parquet as pq
import pytest

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.ingest.logs import aggregate_logs
from slaledger.adapters.ingest.spark_logs import aggregate_logs_spark
from tests.integration.spark.generated_logs import (
    MALFORMED,
    write_access_log,
    write_json_lines,
    write_parquet,
)


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("logs")
    rng = random.Random(18)
    access = write_access_log(folder / "access.log", rng, 4000)
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
    duck, lit, _, _ = both(spark, paths, tmp_path, malformed="skip")
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
    assert failures[0][-1].expected == "no more unreadable rows"
    assert not (tmp_path / "counts.parquet").exists()


def test_each_malformed_kind_is_rejected_alike_alone(spark, tmp_path):
    log = tmp_path / "access.log"
    log.write_text("\n".join(MALFORMED) + "\n", encoding="utf-8")
    duck, lit, duck_table, spark_table = both(spark, [log], tmp_path, malformed="skip")
    assert [(p.line, p.found) for p in lit.samples] == [(p.line, p.found) for p in duck.samples]
    assert lit.rejected == duck.rejected
    assert duck.requests == 0
    assert duck_table.num_rows == spark_table.num_rows == 0
