"""Golden outputs: every clock of every ticket of the example year, per seed contract.

Regenerate after an intended change with SLALEDGER_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.e2e.test_calendar_cli import run

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "incidents"
UPDATE = os.environ.get("SLALEDGER_UPDATE_GOLDEN") == "1"
SEEDS = ["000-ipfolio", "001-saas-annexes", "002-maintenance-us", "003-previsoft", "004-imri"]


def compact(payload: dict) -> list[str]:
    """One line per ticket: its class and, per clock, status, deadline and elapsed time."""
    lines = []
    for ticket in payload["incidents"]:
        clocks = "; ".join(
            f"{c['name']}={c['status']}@{c['deadline']}/{c['elapsed_seconds']}s"
            for c in ticket["clocks"]
        )
        lines.append(f"{ticket['incident']} [{ticket['priority']}] {clocks}")
    return lines


@pytest.mark.parametrize("seed", SEEDS)
def test_the_example_year_gives_the_golden_clocks(capsys, seed):
    code, out, err = run(
        capsys,
        "incidents",
        str(ROOT / "examples" / "contracts" / f"{seed}.yaml"),
        "--events",
        str(ROOT / "examples" / "data" / seed / "events.csv"),
        "--at",
        "2025-01-01T00:00:00+00:00",
        "--json",
    )
    assert code == 0, err
    actual = compact(json.loads(out))
    golden = GOLDEN / f"{seed}.json"
    if UPDATE:
        golden.write_text(json.dumps(actual, indent=0, ensure_ascii=False) + "\n", "utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


def test_previsoft_kpis_for_december_2024_match_the_golden_file(capsys):
    code, out, err = run(
        capsys,
        "kpis",
        str(ROOT / "examples" / "contracts" / "003-previsoft.yaml"),
        "--month",
        "2024-12",
        "--events",
        str(ROOT / "examples" / "data" / "003-previsoft" / "events.csv"),
        "--json",
    )
    assert code == 0, err
    actual = json.loads(out)
    golden = GOLDEN / "003-previsoft-kpis-2024-12.json"
    if UPDATE:
        golden.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", "utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))
