"""Hostile files through the CLI: a message naming the file, the limit and its
environment variable, and a non-zero exit, never a traceback or gigabytes of memory."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from slaledger.adapters.cli.main import main
from tests.conftest import ROOT

SAAS = str(ROOT / "examples" / "contracts" / "001-saas-annexes.yaml")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def test_lint_refuses_a_yaml_alias_bomb_naming_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 1 KB contract nine aliases deep took 3.6 GB in ``sla lint``."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    code, out, err = _run(capsys, "lint", str(path))
    assert code == 1  # a file that does not load is an error finding
    assert str(path) in out
    assert "SLALEDGER_MAX_YAML_NODES" in out
    assert "Traceback" not in out + err


def test_availability_refuses_a_counts_file_over_the_row_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "counts.parquet"
    rows = 11
    pq.write_table(
        pa.table(
            {
                "service": ["saas"] * rows,
                "interval_start": ["2024-02-01T00:00:00Z"] * rows,
                "interval_seconds": [60] * rows,
                "total": [1] * rows,
                "server_errors": [0] * rows,
            }
        ),
        path,
    )
    monkeypatch.setenv("SLALEDGER_MAX_ROWS", "10")
    code, _, err = _run(capsys, "availability", SAAS, "--month", "2024-02", "--counts", str(path))
    assert code == 2
    assert str(path) in err
    assert "at most 10 rows" in err
    assert "SLALEDGER_MAX_ROWS" in err


def test_lint_refuses_a_contract_over_the_document_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "large.yaml"
    path.write_text("format: slaledger/contract/v1\n" + "# padding\n" * 200)
    monkeypatch.setenv("SLALEDGER_MAX_DOCUMENT_BYTES", "1000")
    code, out, err = _run(capsys, "lint", str(path))
    assert code == 1
    assert str(path) in out
    assert "at most 1,000 bytes (the limit SLALEDGER_MAX_DOCUMENT_BYTES" in out
    assert f"found {path.stat().st_size:,} bytes" in out
    assert "Traceback" not in out + err
