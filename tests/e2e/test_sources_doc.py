"""docs/sources.md, kept honest: each ``$ sla ...`` line of its console blocks runs (the
Prometheus ones against the test Prometheus, which holds what the examples query) and
prints what the page says."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from slaledger.adapters.cli.main import main
from tests.conftest import ROOT
from tests.prometheus_server import PrometheusServer

DOC = ROOT / "docs" / "sources.md"
#: the server the examples name, replaced by the test Prometheus
DOCUMENTED_URL = "http://127.0.0.1:9090"


def _examples() -> list[tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        for command, output in re.findall(r"^\$ (sla .*)\n((?:(?!\$ ).*\n)*)", block, re.M):
            found.append((command, output.strip()))
    return found


def test_the_page_has_console_examples_of_every_command() -> None:
    commands = {command.split()[2] for command, _ in _examples()}
    assert {"prometheus", "uptime"} <= commands


def test_the_examples_run_in_order_and_print_what_the_page_says(
    prometheus: PrometheusServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("examples", "tests"):  # the paths of the examples, outputs in tmp_path
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    for command, output in _examples():
        args = shlex.split(command.replace(DOCUMENTED_URL, prometheus.url))[1:]
        with pytest.raises(SystemExit) as exit_info:
            main(args)
        captured = capsys.readouterr()
        assert exit_info.value.code in (0, None), (command, captured.err)
        assert captured.out.strip() == output, command
