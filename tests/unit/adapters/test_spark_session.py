"""Which ``--output`` / input locations Spark opens itself (URLs) and which are paths."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from slaledger.adapters.cli.main import cli
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.spark_session import is_url


@pytest.mark.parametrize(
    "location",
    ["s3a://ledger/counts/web.parquet", "abfss://c@acct.dfs.core.windows.net/x",
     "wasbs://c@acct.blob.core.windows.net/x", "gs://b/x", "hdfs://nn:8020/x",
     "file:///tmp/x.parquet", "s3://b/logs/*.parquet"],
)  # fmt: skip
def test_a_scheme_and_two_slashes_make_a_url(location):
    assert is_url(location)


@pytest.mark.parametrize(
    "location", ["counts.parquet", "/tmp/x.parquet", "./s3a/x", "C:\\logs\\x", "a:b", "://x"]
)
def test_paths_are_not_urls(location):
    assert not is_url(location)


@pytest.mark.parametrize(
    "command",
    [["ingest", "logs", "access.log", "--service", "web"],
     ["availability", "batch", "--contracts", ".", "--month", "2024-03", "--counts", "c.parquet"]],
)  # fmt: skip
def test_a_url_output_needs_the_spark_engine(command):
    result = CliRunner().invoke(cli, [*command, "--output", "s3a://ledger/out.parquet"])
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == (
        "command line: --output: expected a local path (a URL needs --engine spark), "
        "found 's3a://ledger/out.parquet'"
    )
