"""``sla ingest uptime`` end to end: a monitor's export in, the documented outages or
samples file out, read by ``sla availability`` unchanged; bad records refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slaledger.adapters.cli.main import main
from slaledger.adapters.files.observations import read_samples
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "uptime"
IPFOLIO = str(ROOT / "examples" / "contracts" / "000-ipfolio.yaml")


def sla(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


@pytest.mark.parametrize(
    ("kind", "file", "options"),
    [
        ("uptimerobot", "uptimerobot-logs.csv", ("--monitor", "Web", "--timezone", "Europe/Paris")),
        ("uptimerobot", "uptimerobot-getmonitors.json", ("--monitor", "Web")),
    ],
)
def test_an_uptimerobot_export_gives_the_months_downtime(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    file: str,
    options: tuple[str, ...],
) -> None:
    output = tmp_path / "outages.csv"
    code, out, err = sla(
        capsys,
        "ingest",
        "uptime",
        "--format",
        kind,
        str(FIXTURES / file),
        "--service",
        "ipfolio",
        "--output",
        str(output),
        *options,
    )
    assert code == 0, err
    assert out.startswith("2 outages (50 min), watched 2024-02-29T23:00:00Z to")
    assert "(1 paused period, not watched)" in out
    assert "--covers" in err  # outage records need their period declared
    code, out, err = sla(
        capsys,
        "availability",
        IPFOLIO,
        "--month",
        "2024-03",
        "--outages",
        str(output),
        "--covers",
        "2024-03..2024-03",
        "--json",
    )
    assert code == 0, err
    figure = json.loads(out)
    assert figure["minutes_down"] == pytest.approx((8 * 60 + 8 + 42 * 60) / 60, abs=1e-4)


def test_uptime_kuma_heartbeats_become_a_samples_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "samples.parquet"
    code, out, err = sla(
        capsys,
        "ingest",
        "uptime",
        "--format",
        "uptimekuma",
        str(FIXTURES / "uptimekuma-status-page.json"),
        "--service",
        "web",
        "--monitor",
        "1",
        "--output",
        str(output),
    )
    assert code == 0, err
    assert out.startswith("6 samples (2 down) (1 maintenance beat, no check) -> ")
    assert read_samples(output).up.tolist() == [True, True, False, False, True, True]


def test_gatus_endpoint_results_become_a_samples_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "samples.csv"
    code, out, err = sla(
        capsys, "ingest", "uptime", "--format", "gatus", str(FIXTURES / "gatus-statuses.json"),
        "--service", "web", "--monitor", "portal/home", "--output", str(output),
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("4 samples (2 down) -> ")
    assert read_samples(output).up.tolist() == [True, False, False, True]


def test_a_bad_record_is_refused_with_its_place_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "states.json"
    states = [{"status": "down", "timefrom": 1709630000, "timeto": 1709620000}]
    export.write_text(json.dumps({"summary": {"states": states}}), encoding="utf-8")
    output = tmp_path / "outages.csv"
    code, _, err = sla(
        capsys,
        "ingest",
        "uptime",
        "--format",
        "pingdom",
        str(export),
        "--service",
        "web",
        "--output",
        str(output),
    )
    assert code == 2
    assert err == (
        f"error: {export} row 1: summary.states[0].timeto: expected epoch seconds, "
        "not before timefrom, found 1709620000\n"
    )
    assert not output.exists()


def test_the_format_is_named_never_guessed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = sla(
        capsys,
        "ingest",
        "uptime",
        str(FIXTURES / "pingdom-results.json"),
        "--service",
        "web",
        "--output",
        str(tmp_path / "s.csv"),
    )
    assert code == 2
    assert "Missing option '--format'" in err
