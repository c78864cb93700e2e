"""What ``sla serve --workers N`` hands its workers: one session secret for all (drawn
when unset, kept when set), the database, and an empty folder for their metrics."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from slaledger.adapters.cli.serve_cmds import _share_with_workers


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> None:
    # _share_with_workers writes os.environ itself: set each variable through monkeypatch
    # first, so that its removal is recorded and the test's writes are undone (a delenv of
    # an unset variable records nothing, and the values leaked into later tests of the
    # worker: a removed metrics folder made their `sla serve` subprocess fail)
    for name in ("SLALEDGER_SECRET", "SLALEDGER_DB", "SLALEDGER_SOURCES"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")


def test_an_unset_secret_is_drawn_once_for_every_worker(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    made = _share_with_workers("postgresql+psycopg://db/ledger", None)
    drawn = os.environ["SLALEDGER_SECRET"]
    assert len(drawn) >= 32
    assert os.environ["SLALEDGER_DB"] == "postgresql+psycopg://db/ledger"
    assert "sessions end when the service restarts" in capsys.readouterr().err
    assert made == Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])  # removed at the stop
    assert made.is_dir()
    assert list(made.iterdir()) == []
    made.rmdir()


def test_a_set_secret_is_kept_and_a_given_metrics_folder_emptied(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLALEDGER_SECRET", "kept-across-restarts")
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_123.db").write_bytes(b"stale")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    assert _share_with_workers("postgresql+psycopg://db/ledger", "sources.yaml") is None
    assert os.environ["SLALEDGER_SECRET"] == "kept-across-restarts"
    assert os.environ["SLALEDGER_SOURCES"] == "sources.yaml"
    assert list(folder.iterdir()) == []
    assert capsys.readouterr().err == ""


def test_one_worker_refuses_a_metrics_folder_that_does_not_exist(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from slaledger.adapters.cli.serve_cmds import serve

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "gone"))
    result = CliRunner().invoke(serve, ["--db", str(tmp_path / "x.db"), "--port", "0"])
    assert result.exit_code == 2
    assert "PROMETHEUS_MULTIPROC_DIR names" in result.output
    assert "not a directory" in result.output
    assert not (tmp_path / "x.db").exists()  # refused before the migrations
