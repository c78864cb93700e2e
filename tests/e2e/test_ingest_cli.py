"""``sla ingest logs`` end to end: access logs in, the counts file out, then availability."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from slaledger.adapters.cli.main import main
from tests.conftest import ROOT

SAAS = str(ROOT / "examples" / "contracts" / "001-saas-annexes.yaml")


def _line(minute: int, second: int, status: int) -> str:
    return (
        f'10.0.0.1 - - [05/Feb/2024:10:{minute:02d}:{second:02d} +0000] "GET /api HTTP/1.1" '
        f'{status} 12 "-" "probe"\n'
    )


def _access_log(folder: Path, *, errors_in_minute_one: int) -> Path:
    """Minute 0: 20 requests, all fine; minute 1: 20 requests, some of them 503 or 429."""
    lines = [_line(0, second, 200) for second in range(20)]
    lines += [_line(1, s, 503 if s < errors_in_minute_one else 200) for s in range(20)]
    lines.append(_line(1, 59, 429))
    path = folder / "access.log"
    path.write_text("".join(lines))
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def test_logs_become_one_counts_row_per_minute_with_server_errors_from_500(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _access_log(tmp_path, errors_in_minute_one=3)
    output = tmp_path / "counts.parquet"
    code, out, _ = _run(capsys, "ingest", "logs", str(log), "--service", "solution",
                        "--output", str(output), "--quiet")  # fmt: skip
    assert code == 0
    assert "41 requests, 3 server errors, 2 minutes" in out
    table = pq.read_table(output).to_pydict()
    assert table["total"] == [20, 21]
    assert table["server_errors"] == [0, 3]
    assert set(table["service"]) == {"solution"}


def test_the_statuses_counted_as_server_errors_can_be_chosen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _access_log(tmp_path, errors_in_minute_one=3)
    output = tmp_path / "counts.parquet"
    args = ["--output", str(output), "--server-errors", "500-599,429", "--quiet"]
    code, _, _ = _run(capsys, "ingest", "logs", str(log), "--service", "solution", *args)
    assert code == 0
    assert pq.read_table(output).to_pydict()["server_errors"] == [0, 4]


def test_a_bad_status_list_names_the_option_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _access_log(tmp_path, errors_in_minute_one=3)
    output = tmp_path / "counts.parquet"
    code, _, err = _run(capsys, "ingest", "logs", str(log), "--service", "solution",
                        "--output", str(output), "--server-errors", "5xx")  # fmt: skip
    assert code == 2
    assert "--server-errors" in err
    assert "'5xx'" in err
    assert not output.exists()


def test_a_log_line_without_a_time_names_the_file_and_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _access_log(tmp_path, errors_in_minute_one=3)
    log.write_text(log.read_text() + "garbage without a time\n")
    output = tmp_path / "counts.parquet"
    code, _, err = _run(capsys, "ingest", "logs", str(log), "--service", "solution",
                        "--output", str(output), "--quiet")  # fmt: skip
    assert code == 2
    assert "access.log" in err
    assert "42" in err
    assert not output.exists()


@pytest.mark.parametrize(
    ("errors", "interrupted"),
    [
        (1, False),  # 1 of 21 requests: 4.76 %, not above 5 %
        (2, True),  # 2 of 21: 9.5 %, an interruption
    ],
)
def test_the_counts_feed_availability_as_the_contract_defines_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], errors: int, interrupted: bool
) -> None:
    log = _access_log(tmp_path, errors_in_minute_one=errors)
    output = tmp_path / "counts.parquet"
    assert _run(capsys, "ingest", "logs", str(log), "--service", "solution",
                "--output", str(output), "--quiet")[0] == 0  # fmt: skip
    code, out, err = _run(capsys, "availability", SAAS, "--month", "2024-02",
                          "--counts", str(output), "--json")  # fmt: skip
    assert code == 0, err
    document = json.loads(out)
    assert document["minutes_down"] == (1 if interrupted else 0)


def test_counts_for_a_service_the_contract_does_not_measure_are_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _access_log(tmp_path, errors_in_minute_one=5)
    output = tmp_path / "counts.parquet"
    assert _run(capsys, "ingest", "logs", str(log), "--service", "api",
                "--output", str(output), "--quiet")[0] == 0  # fmt: skip
    code, _, err = _run(capsys, "availability", SAAS, "--month", "2024-02",
                        "--counts", str(output))  # fmt: skip
    assert code != 0
    assert "'solution'" in err
    assert "found only 'api'" in err
