"""`sla ingest check-mapping` on helpdesk mapping files: what it counts, and a class or
clock the contract does not have named with its line (exit 2, nothing else read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_calendar_cli import run

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "helpdesks"
CONTRACT = str(ROOT / "examples" / "contracts" / "001-saas-annexes.yaml")


@pytest.mark.parametrize("vendor", ["jira", "zammad", "glpi", "servicenow", "freshdesk"])
def test_each_fixture_mapping_checks_against_seed_001(capsys, vendor):
    mapping = str(FIXTURES / vendor / "mapping.yaml")
    code, out, err = run(capsys, "ingest", "check-mapping", mapping, "--contract", CONTRACT)
    assert code == 0, err
    assert out.startswith(f"{mapping}: ")
    assert out.rstrip().endswith(": ok")
    assert " priorities, " in out


def test_a_class_and_a_clock_the_contract_lacks_are_named_with_their_lines(capsys, tmp_path):
    text = (FIXTURES / "jira" / "mapping.yaml").read_text(encoding="utf-8")
    mapping = tmp_path / "jira.yaml"
    mapping.write_text(
        text.replace("High: urgent", "High: pressing").replace(": take-into-account", ": restore"),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "ingest", "check-mapping", str(mapping), "--contract", CONTRACT)
    assert code == 2
    lines = err.strip().splitlines()
    high = next(n for n, t in enumerate(text.splitlines(), 1) if "High: urgent" in t)
    where = f"error: {mapping}:{high}:"
    assert any(line.startswith(where) and "pressing" in line for line in lines)
    assert any("expected a clock of the contract" in line for line in lines)
    # without --contract the file itself is fine
    code, out, _ = run(capsys, "ingest", "check-mapping", str(mapping))
    assert code == 0
    assert out.rstrip().endswith(": ok")
