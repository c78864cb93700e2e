"""Golden lint output per seed contract, and the traps MISSION.md lists.

Regenerate the goldens after a deliberate change with
``SLALEDGER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/adapters/files/contract_file``
and review the diff.
"""

from __future__ import annotations

import json
import os

import pytest

from slaledger.adapters.cli.contract_cmds import lint_file
from slaledger.adapters.i18n import english

from .paths import EXAMPLES, GOLDEN, ROOT, SEED_FILES

UPDATE = os.environ.get("SLALEDGER_UPDATE_GOLDEN") == "1"


def _findings(name: str) -> list[dict[str, object]]:
    file = str((EXAMPLES / name).relative_to(ROOT))
    return [f.as_dict(file, english(f.message)) for f in lint_file(str(EXAMPLES / name))]


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_lint_output_matches_the_golden_file(name):
    golden = GOLDEN / name.replace(".yaml", ".json")
    actual = _findings(name)
    if UPDATE:
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


# (seed, rule, clause, a piece of the message): every trap of MISSION.md
MISSION_TRAPS = [
    ("000-ipfolio.yaml", "tier-gap", "credits", "above 99.4 %"),  # 99.4-99.5 % undefined
    ("000-ipfolio.yaml", "tier-gap", "credits", "99.41 % to 99.49 %"),
    ("000-ipfolio.yaml", "threshold-unit-mismatch", "credits", "'216 min' stated for 99.5 %"),
    ("000-ipfolio.yaml", "threshold-unit-mismatch", "credits", "'2 2160 min'"),  # the typo
    ("000-ipfolio.yaml", "formula-tier", "credits", "100% - availability"),
    ("001-saas-annexes.yaml", "blank-value", "service-credits", "the credit for"),
    ("001-saas-annexes.yaml", "tier-gap", "service-credits", "99.89 % (included) to 99.9"),
    ("001-saas-annexes.yaml", "tier-gap", "service-credits", "0 % to 99.0 %"),
    ("001-saas-annexes.yaml", "blank-value", "take-into-account", "'urgent' out-of-hours"),
    ("001-saas-annexes.yaml", "blank-value", "diagnosis", "'minor' out-of-hours"),
    ("001-saas-annexes.yaml", "language-mismatch", "backup", "adds 'weekly'"),
    ("002-maintenance-us.yaml", "ambiguous-timezone", "working-hours", "'EST'"),
    ("003-previsoft.yaml", "boundary-gap", "licence-period", "on 30 September"),
    ("003-previsoft.yaml", "year-length", "availability", "'year'"),
    ("004-imri.yaml", "formula-units", "hosted-availability", "'× 100' is missing"),
    ("004-imri.yaml", "boundary-gap", "equipment-age-surcharge", "exactly 4 years"),
]


@pytest.mark.parametrize(("name", "rule", "clause", "fragment"), MISSION_TRAPS)
def test_every_trap_of_the_mission_is_reported_with_its_rule(name, rule, clause, fragment):
    matches = [
        f
        for f in _findings(name)
        if f["rule"] == rule and f["clause"] == clause and fragment in str(f["message"])
    ]
    assert matches, (name, rule, clause, fragment)
