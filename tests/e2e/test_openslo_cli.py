"""``sla openslo export`` and ``import`` through click: the export of a seed, read back
as YAML; its import as a skeleton that ``sla lint`` reads without error, with the blanks
listed; a clause without a target reported."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from slaledger.adapters.cli.main import cli
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"


def test_export_import_lint_round_trip(tmp_path: Path) -> None:
    runner = CliRunner()
    slo = tmp_path / "saas.openslo.yaml"
    done = runner.invoke(cli, ["openslo", "export", str(CONTRACTS / "001-saas-annexes.yaml"),
                               "-o", str(slo)])  # fmt: skip
    assert done.exit_code == 0, done.output
    [document] = list(yaml.safe_load_all(slo.read_text(encoding="utf-8")))
    assert document["spec"]["objectives"][0]["targetPercent"] == 99.95
    contract = tmp_path / "new.yaml"
    made = runner.invoke(cli, ["openslo", "import", str(slo), "--id", "new-saas", "-o",
                               str(contract)])  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "to fill before the contract is complete:" in made.output
    assert "credit tiers" in made.output
    linted = runner.invoke(cli, ["lint", str(contract)])
    assert linted.exit_code == 0, linted.output
    assert "0 errors" in linted.output
    again = runner.invoke(cli, ["openslo", "export", str(contract)])
    [back] = list(yaml.safe_load_all(again.output))
    assert back["spec"]["objectives"] == document["spec"]["objectives"]
    assert back["spec"]["timeWindow"] == document["spec"]["timeWindow"]


def test_a_clause_without_target_is_reported_on_stderr() -> None:
    done = CliRunner().invoke(cli, ["openslo", "export", str(CONTRACTS / "000-ipfolio.yaml")])
    assert done.exit_code == 0
    assert "states no numeric target" in done.output
    assert "apiVersion" not in done.output


def test_a_file_without_slo_is_refused_naming_it(tmp_path: Path) -> None:
    empty = tmp_path / "none.yaml"
    empty.write_text("apiVersion: openslo/v1\nkind: Service\nmetadata: {name: x}\n", "utf-8")
    done = CliRunner().invoke(cli, ["openslo", "import", str(empty)])
    assert isinstance(done.exception, InputError)  # main's run_guarded words it
    [problem] = done.exception.problems
    assert problem.file.endswith("none.yaml")
    assert (english(problem.expected), english(problem.found)) == (
        "at least one OpenSLO v1 SLO",
        "none",
    )
