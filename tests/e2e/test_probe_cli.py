"""``sla probe run`` end to end against loopback servers, and probes of a service over a
window turned into samples that ``sla availability`` measures a seed contract with."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from slaledger.adapters.cli.main import main
from slaledger.adapters.files.observations import read_samples
from slaledger.adapters.ingest.probe import HttpCheck, Prober, TcpCheck, append_samples, load_probes
from tests.conftest import ROOT
from tests.probe_servers import Running, closed_port, http_server, make_certificates

IPFOLIO = ROOT / "examples" / "contracts" / "000-ipfolio.yaml"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


@pytest.fixture(scope="module")
def http() -> Iterator[Running]:
    with http_server() as running:
        yield running


def _probes_file(folder: Path, http: Running, name: str = "probes.yaml") -> Path:
    path = folder / name
    path.write_text(
        f"""\
checks:
  - {{id: home, service: web, kind: http, url: "{http.url}/ok", body_contains: '"ok"'}}
  - {{id: api, service: api, kind: http, url: "{http.url}/status/503"}}
  - {{id: db, service: db, kind: tcp, host: 127.0.0.1, port: {closed_port()}}}
""",
        encoding="utf-8",
    )
    return path


def _next_second() -> None:
    """Two rounds of a cron job are minutes apart; two runs in a test, maybe not."""
    time.sleep(1 - datetime.now(UTC).timestamp() % 1 + 0.01)


def test_probe_once_adds_each_round_to_the_samples_file(
    tmp_path: Path, http: Running, capsys: pytest.CaptureFixture[str]
) -> None:
    probes = _probes_file(tmp_path, http)
    output = tmp_path / "samples.csv"
    code, out, err = _run(capsys, "probe", "run", str(probes), "--once", "--output", str(output))
    assert code == 0, err
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"home (GET {http.url}/ok): up in ")
    assert lines[1].startswith(f"api (GET {http.url}/status/503): down in ")
    assert lines[1].endswith(" ms: HTTP status 503, expected 200-299")
    assert lines[2].endswith("): down: connection refused")
    assert lines[3] == f"3 samples -> {output}"
    _next_second()
    assert _run(capsys, "probe", "run", str(probes), "--once", "--output", str(output))[0] == 0
    table = read_samples(output)  # the documented samples file, every row valid
    assert table.services == ("api", "db", "web")
    assert table.up.tolist() == [False, False, False, False, True, True]
    assert table.at[1] > table.at[0]


def test_probe_once_without_a_target_prints_the_samples(
    tmp_path: Path, http: Running, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "probe", "run", str(_probes_file(tmp_path, http)), "--once")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["service"], r["up"]) for r in rows] == [("api", "down"), ("db", "down"),
                                                      ("web", "up")]  # fmt: skip
    assert rows[2]["latency_ms"]
    assert not rows[1]["latency_ms"]
    assert datetime.fromisoformat(rows[0]["at"]).tzinfo is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # a duplicate id, named with its line
        ("checks:\n  - {id: a, service: s, kind: tcp, host: h.example, port: 1}\n"
         "  - {id: a, service: s, kind: tcp, host: h.example, port: 2}\n",
         "probes.yaml:3:10: checks[1].id: expected each check id once, found 'a' again, "
         "as checks[0]"),
        # an unknown field
        ("checks:\n  - {id: a, service: s, kind: tcp, host: h.example, port: 1, retries: 3}\n",
         "probes.yaml:2:71: checks[0].retries: expected only known fields, found unknown "
         "field 'retries'"),
        # a bad URL
        ("checks:\n  - {id: a, service: s, kind: http, url: 'web.example/health'}\n",
         "probes.yaml:2:42: checks[0].url: expected an http:// or https:// URL with a host, "
         "found 'web.example/health'"),
        # a bad duration
        ("checks:\n  - {id: a, service: s, kind: tcp, host: h.example, port: 1, "
         "interval: 1 fortnight}\n",
         "probes.yaml:2:72: checks[0].interval: expected a duration such as 30s, 5m or 1h, "
         "found '1 fortnight'"),
    ],
)  # fmt: skip
def test_a_bad_probes_file_is_an_error_naming_line_field_expected_and_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "probes.yaml"
    path.write_text(text, encoding="utf-8")
    code, _out, err = _run(capsys, "probe", "run", str(path), "--once", "--output",
                          str(tmp_path / "samples.csv"))  # fmt: skip
    assert code == 2
    assert err == f"error: {tmp_path}/{message}\n"
    assert not (tmp_path / "samples.csv").exists()


def test_conflicting_targets_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "probe", "run", "p.yaml", "--once", "--output", "s.csv",
                        "--contract", "x")  # fmt: skip
    assert (code, err) == (2, "error: command line: --output: expected either --output or "
                              "--contract, found both\n")  # fmt: skip
    code, _, err = _run(capsys, "probe", "run", "p.yaml", "--once", "--db", "sqlite:///x.db")
    assert (code, err) == (2, "error: command line: --db: expected --contract with --db, "
                              "found no --contract\n")  # fmt: skip


def test_probes_of_a_window_give_the_contracts_availability(
    tmp_path: Path,
    http: Running,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three hours of one-minute probes of IPfolio (000) on 5 March 2024, the server
    answering 503 from 10:00 to 10:20: 20 minutes down in the 44,640 of March, so
    (44,640 - 20) / 44,640 = 99.955 %, 99.96 % under 000's rounding (2 decimals, half up).
    The prober's clock is set to each minute; the requests are real."""
    probes_file = tmp_path / "probes.yaml"
    probes_file.write_text(
        f'checks:\n  - {{id: ipfolio-home, service: ipfolio, kind: http, url: "{http.url}'
        '/switch", interval: 60s, timeout: 5s}\n',
        encoding="utf-8",
    )
    samples = tmp_path / "samples.csv"
    now = [datetime(2024, 3, 5, 9, 0, tzinfo=UTC)]
    prober = Prober(
        load_probes(probes_file),
        lambda found: append_samples(found.table, samples),
        origin=str(probes_file),
        clock=lambda: now[0],
    )
    window_start = prober.states["ipfolio-home"].due
    for minute in range(180):
        http.server.state["down"] = 60 <= minute < 80
        now[0] = datetime.fromtimestamp(window_start + 60 * minute, UTC)
        prober.run_due()
    http.server.state["down"] = False
    table = read_samples(samples)
    assert len(table) == 180
    assert int((~table.up).sum()) == 20
    monkeypatch.setenv("SLALEDGER_MIN_COVERAGE", "0")  # three hours of a month observed
    code, out, err = _run(capsys, "availability", str(IPFOLIO), "--month", "2024-03",
                          "--samples", str(samples), "--json")  # fmt: skip
    assert code == 0, err
    found = json.loads(out)
    assert (found["minutes_total"], found["minutes_down"]) == (44_640, 20)
    assert found["availability"] == "99.96"
    # 179 minutes between the first and last sample, and the last stands 5 minutes
    assert found["coverage"]["minutes_observed"] == 184
    [down] = found["trace"]
    assert (down["minutes"], down["reason"], down["source"]) == (20, "probe down", str(samples))
    start = datetime.fromisoformat(down["start"]).timestamp()
    assert start == window_start + 60 * 60


# ----------------------------------------------------------------- the docs, kept honest
DOC = ROOT / "docs" / "probes.md"


def _blocks(kind: str) -> list[str]:
    """The fenced blocks of docs/probes.md in language ``kind`` ("" for plain ones)."""
    fenced = re.findall(r"^```(\w*)\n(.*?)^```$", DOC.read_text(encoding="utf-8"), re.M | re.S)
    return [body for language, body in fenced if language == kind]


def test_the_documented_probes_file_loads(tmp_path: Path) -> None:
    example, _bad = _blocks("yaml")
    (tmp_path / "ca").mkdir()
    certificates = make_certificates(tmp_path / "tls", days=2)
    shutil.copy(certificates.ca, tmp_path / "ca" / "internal.pem")
    (tmp_path / "probes.yaml").write_text(example, encoding="utf-8")
    home, db = load_probes(tmp_path / "probes.yaml").checks
    assert isinstance(home, HttpCheck)
    assert (home.interval, home.timeout_seconds, home.expected_status) == (60, 10.0, "200-299,304")
    assert home.ca_file == str(tmp_path / "ca" / "internal.pem")
    assert isinstance(db, TcpCheck)
    assert (db.interval, db.timeout_seconds) == (300, 3.0)


def test_the_bad_input_messages_in_the_docs_are_the_real_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _example, bad = _blocks("yaml")
    (tmp_path / "probes.yaml").write_text(bad, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, "probe", "run", "probes.yaml", "--once")
    assert code == 2
    documented = next(block for block in _blocks("") if block.startswith("error: probes.yaml"))
    assert err == documented


def _sources_file(folder: Path, http: Running, probes: Path) -> Path:
    """Two probe sources of two contracts: one with its checks inline, one naming a
    probes file."""
    path = folder / "sources.yaml"
    path.write_text(
        f"""\
format: slaledger-sources/1
sources:
  - id: portal
    contract: saas-annexes
    kind: probe
    interval: 1 min
    options:
      concurrency: 2
      checks:
        - {{id: home, service: solution, kind: http, url: "{http.url}/ok"}}
  - id: ipfolio
    contract: ipfolio-support-policy
    kind: probe
    interval: 1 min
    options: {{probes: {probes.name}}}
  - id: errors
    contract: saas-annexes
    kind: counts-file
    options: {{path: counts.csv}}
""",
        encoding="utf-8",
    )
    return path


def test_probe_once_on_a_sources_file_runs_each_probe_source(
    tmp_path: Path, http: Running, capsys: pytest.CaptureFixture[str]
) -> None:
    probes = tmp_path / "probes.yaml"
    probes.write_text(
        f'checks:\n  - {{id: api, service: ipfolio, kind: http, url: "{http.url}/status/503"}}\n',
        encoding="utf-8",
    )
    sources = _sources_file(tmp_path, http, probes)
    output = tmp_path / "samples.csv"
    code, out, err = _run(capsys, "probe", "run", str(sources), "--once", "--output", str(output))
    assert code == 0, err
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == "source:saas-annexes:portal:"
    assert lines[1].startswith(f"home (GET {http.url}/ok): up in ")
    assert lines[3] == "source:ipfolio-support-policy:ipfolio:"
    assert lines[4].startswith(f"api (GET {http.url}/status/503): down in ")
    table = read_samples(output)  # the counts-file source is not a probe: not run
    assert table.services == ("ipfolio", "solution")
    assert sorted(table.up.tolist()) == [False, True]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ((), "error: command line: --once: expected --once with a sources file (sla serve "
             "--sources runs its sources on their intervals), found no --once\n"),
        (("--once", "--contract", "saas-annexes"),
         "error: command line: --contract: expected no --contract with a sources file: each "
         "of its probe sources names its contract, found saas-annexes\n"),
    ],
)  # fmt: skip
def test_a_sources_file_runs_once_and_each_source_names_its_contract(
    tmp_path: Path,
    http: Running,
    capsys: pytest.CaptureFixture[str],
    extra: tuple[str, ...],
    message: str,
) -> None:
    sources = _sources_file(tmp_path, http, tmp_path / "probes.yaml")
    code, _, err = _run(capsys, "probe", "run", str(sources), *extra)
    assert (code, err) == (2, message)


def test_a_sources_file_without_probe_sources_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "format: slaledger-sources/1\nsources:\n  - id: errors\n    contract: c\n"
        "    kind: counts-file\n    options: {path: counts.csv}\n",
        encoding="utf-8",
    )
    code, _, err = _run(capsys, "probe", "run", str(sources), "--once")
    assert code == 2
    assert err == (
        f"error: {sources}: sources: expected a sources file with at least one source of "
        "kind probe, found none\n"
    )
