"""``sla ingest prometheus`` end to end against a real Prometheus: the availability the
ledger computes from what it fetched equals, exactly, the one computed from the same
facts given as a file; into the store as into a file; refusals on the command line."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as arrow_csv
import pyarrow.parquet as pq
import pytest

from slaledger.adapters.cli.main import main
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.observations import read_counts
from slaledger.bootstrap import contract_calendars
from slaledger.domain.periods import Month
from slaledger.services.availability import availability_for_month
from tests.conftest import ROOT
from tests.prometheus_history import (
    MARCH_END,
    MARCH_START,
    QUARTER_END,
    QUARTER_START,
    SEED_COUNTS,
    platform_quarter,
)
from tests.prometheus_server import PrometheusServer

SAAS = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
CLEAN = ROOT / "tests" / "fixtures" / "contracts" / "invented-clean.yaml"
MARCH = ("--start", "2024-03-01T00:00:00+01:00", "--end", "2024-04-01T00:00:00+02:00")
REQUESTS = "sum_over_time(solution:http_requests:increase1m[1m])"
ERRORS = "sum_over_time(solution:http_server_errors:increase1m[1m])"
PER_MINUTE = ("--total-query", REQUESTS, "--errors-query", ERRORS)


def sla(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def figure(capsys: pytest.CaptureFixture[str], contract: Path, month: str, *inputs: str) -> Any:
    code, out, err = sla(capsys, "availability", str(contract), "--month", month, *inputs, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def seed_march_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed 001's counts rows of March, cut from its counts file with Arrow (the same
    facts, not written by the code under test)."""
    table = pq.read_table(SEED_COUNTS)
    start = table["interval_start"].cast(pa.timestamp("us", tz="UTC")).cast(pa.int64())
    seconds = start.to_numpy() // 1_000_000
    keep = (seconds >= MARCH_START) & (seconds < MARCH_END)
    path = tmp_path_factory.mktemp("seed") / "march.parquet"
    pq.write_table(table.filter(pa.array(keep)), path)
    return path


def test_march_availability_from_prometheus_equals_the_counts_file_exactly(
    prometheus: PrometheusServer,
    seed_march_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    output = tmp_path / "counts.csv"
    code, out, err = sla(
        capsys,
        "ingest",
        "prometheus",
        "--url",
        prometheus.url,
        "--service",
        "solution",
        *MARCH,
        *PER_MINUTE,
        "--output",
        str(output),
    )
    assert code == 0, err
    assert "44,580 steps of 60 s: 44,572 counts rows, 8 steps without a value" in out
    fetched = figure(capsys, SAAS, "2024-03", "--counts", str(output))
    direct = figure(capsys, SAAS, "2024-03", "--counts", str(seed_march_file))
    assert fetched["availability_fraction"] == direct["availability_fraction"]
    # the seed golden figure of March (tests/golden/availability/001-saas-annexes.json)
    assert Fraction(fetched["availability_fraction"]) == Fraction(222_800, 2_229)
    assert fetched["minutes_down"] == direct["minutes_down"] == 20
    # the gaps are unobserved time: the coverage says so
    named = ("state", "minutes_observed", "minutes_measurable", "percent")
    assert [fetched["coverage"][k] for k in named] == [direct["coverage"][k] for k in named]
    assert fetched["coverage"]["minutes_observed"] == 44_572
    assert fetched["coverage"]["state"] == "partial"


def test_a_ratio_query_gives_the_same_figure(
    prometheus: PrometheusServer,
    seed_march_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    output = tmp_path / "ratio.parquet"
    ratio = f"({ERRORS} or {REQUESTS} * 0) / {REQUESTS}"
    code, _, err = sla(
        capsys,
        "ingest",
        "prometheus",
        "--url",
        prometheus.url,
        "--service",
        "solution",
        *MARCH,
        "--ratio-query",
        ratio,
        "--output",
        str(output),
    )
    assert code == 0, err
    fetched = figure(capsys, SAAS, "2024-03", "--counts", str(output))
    direct = figure(capsys, SAAS, "2024-03", "--counts", str(seed_march_file))
    assert fetched["availability_fraction"] == direct["availability_fraction"]


def test_probe_availability_from_an_up_query_equals_the_samples_file(
    prometheus: PrometheusServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "samples.jsonl"
    query = 'min_over_time(probe_success{job="platform"}[1m])'
    code, out, err = sla(
        capsys,
        "ingest",
        "prometheus",
        "--url",
        prometheus.url,
        "--service",
        "platform",
        "--start",
        "2025-01-01T00:00:00+01:00",
        "--end",
        "2025-04-01T00:00:00+02:00",
        "--up-query",
        query,
        "--output",
        str(output),
    )
    assert code == 0, err
    assert "129,540 steps of 60 s: 129,520 samples, 20 steps without a value (1 gap: " in out
    probes = platform_quarter()
    direct = tmp_path / "direct.csv"
    at = np.datetime_as_string(probes.at.astype("datetime64[s]"), unit="s", timezone="UTC")
    arrow_csv.write_csv(
        pa.table({"service": ["platform"] * probes.at.size, "at": at, "up": probes.up}), direct
    )
    fetched = figure(capsys, CLEAN, "2025-03", "--samples", str(output))
    expected = figure(capsys, CLEAN, "2025-03", "--samples", str(direct))
    assert fetched["availability_fraction"] == expected["availability_fraction"]
    assert fetched["minutes_down"] == expected["minutes_down"] > 50
    assert QUARTER_START < QUARTER_END


def test_counts_go_into_the_store_as_an_upload_of_the_file_would(
    prometheus: PrometheusServer,
    seed_march_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def store_at(name: str) -> str:
        url = f"sqlite:///{tmp_path / name}"
        assert sla(capsys, "db", "upgrade", "--db", url)[0] == 0
        with session_factory(url)() as session:
            store = Store(session, actor="test")
            store.upload_contract_file(str(SAAS), accept_lint_errors=True)
            store.commit()
        return url

    fetched_db, direct_db = store_at("fetched.db"), store_at("direct.db")
    code, out, err = sla(
        capsys,
        "ingest",
        "prometheus",
        "--url",
        prometheus.url,
        "--service",
        "solution",
        *MARCH,
        *PER_MINUTE,
        "--db",
        fetched_db,
        "--contract",
        "saas-annexes",
    )
    assert code == 0, err
    assert out.endswith("-> contract saas-annexes\n")
    with session_factory(direct_db)() as session:
        store = Store(session, actor="test")
        store.import_counts("saas-annexes", read_counts(seed_march_file))
        store.commit()
    figures = []
    for url in (fetched_db, direct_db):
        with session_factory(url)() as session:
            store = Store(session, actor="test")
            contract = load_contract(SAAS).contract
            figures.append(
                availability_for_month(
                    contract=contract,
                    month=Month(2024, 3),
                    observations=store.observations("saas-annexes"),
                    calendars=contract_calendars(contract),
                )
            )
    assert figures[0].availability == figures[1].availability
    assert figures[0].down_seconds == 20 * 60


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # bad PromQL: Prometheus's errorType and error
        (
            ("--up-query", "min_over_time(up[1m]"),
            "HTTP 400: bad_data: 1:21: parse error: unclosed left parenthesis",
        ),
        # several series where one is expected
        (
            ("--total-query", 'http_requests_total{job="api"}', "--errors-query", "vector(0)"),
            "expected one series, found 2",
        ),
    ],
)
def test_prometheus_refusals_are_one_clear_message_and_nothing_written(
    prometheus: PrometheusServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    expected: str,
) -> None:
    output = tmp_path / "out.csv"
    code, _, err = sla(
        capsys,
        "ingest",
        "prometheus",
        "--url",
        prometheus.url,
        "--service",
        "api",
        "--start",
        "2024-06-01T00:00:00Z",
        "--end",
        "2024-06-01T01:00:00Z",
        *args,
        "--output",
        str(output),
    )
    assert code == 1
    assert expected in err
    assert "from 2024-06-01T00:00:00Z to 2024-06-01T01:00:00Z" in err
    assert "Traceback" not in err
    assert not output.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("--start", "2024-06-01T00:00:00"),
            "--start: expected an ISO 8601 instant with its UTC offset",
        ),
        (("--step", "soon"), "--step: expected a duration such as 60s"),
        (("--end", "2024-06-01T00:30:30Z"), "an end after the start by a whole number of steps"),
        (("--output", "counts.xlsx"), "--output: expected a file name ending in .csv"),
    ],
)
def test_bad_options_are_refused_before_any_query(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], expected: str
) -> None:
    options = {
        "--start": "2024-06-01T00:00:00Z",
        "--end": "2024-06-01T01:00:00Z",
        "--step": "1m",
        "--output": str(tmp_path / "out.csv"),
    }
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [part for pair in options.items() for part in pair]
    code, _, err = sla(
        capsys,
        "ingest",
        "prometheus",
        "--url",
        "http://127.0.0.1:9",
        "--service",
        "api",
        "--up-query",
        "up",
        *flat,
    )
    assert code == 2
    assert expected in err
