"""The rule registry, the order of findings and where their lines come from."""

from __future__ import annotations

from pathlib import Path

from slaledger.adapters.i18n import english
from slaledger.domain.lint import RULES, RULES_BY_ID, line_of, lint_contract

from .builders import availability, contract, percent, schedule, tier

DOCS = Path(__file__).resolve().parents[4] / "docs" / "lint-rules.md"

ISSUE_RULES = {
    "tier-gap",
    "tier-overlap",
    "threshold-unit-mismatch",
    "blank-value",
    "ambiguous-timezone",
    "boundary-gap",
    "formula-units",
    "language-mismatch",
    "missing-calendar",
}


def test_every_rule_the_issue_asks_for_is_registered_once():
    ids = [rule.id for rule in RULES]
    assert set(ids) >= ISSUE_RULES
    assert len(ids) == len(set(ids)) == len(RULES_BY_ID)


def test_every_rule_is_documented_with_its_severity():
    text = DOCS.read_text(encoding="utf-8")
    for rule in RULES:
        assert f"## `{rule.id}`" in text, rule.id
        assert f"Severity: **{rule.severity.value}**" in text.split(f"## `{rule.id}`")[1]


def test_a_path_s_line_is_its_own_or_its_nearest_parent_s():
    lines = {"credits": 10, "credits[0]": 11, "credits[0].tiers[1]": 14}
    assert line_of(lines, "credits[0].tiers[1].amount") == 14
    assert line_of(lines, "credits[0].cap") == 11
    assert line_of(lines, "kpis[0]") is None


def test_findings_come_ordered_by_line():
    tiers = (tier(percent("99.5", "100"), "0"), tier(percent("0", "99.4")))
    c = contract(availability=(availability(),), credits=(schedule(*tiers),))
    findings = lint_contract(c, {"credits.tier": 7})
    assert [f.line for f in findings] == sorted(f.line or 0 for f in findings)
    assert findings[0].as_dict("f.yaml", english(findings[0].message))["location"] == {
        "file": "f.yaml",
        "line": 7,
        "path": "credits.tier",
    }
