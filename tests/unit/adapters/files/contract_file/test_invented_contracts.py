"""A contract nobody wrote for the rules: same kinds of traps, other values and ids.

invented-traps.yaml must make every rule fire on the expected clause; its twin,
invented-clean.yaml, full of near-misses, must give no finding at all.
"""

from __future__ import annotations

import pytest

from slaledger.adapters.cli.contract_cmds import lint_file
from slaledger.adapters.i18n import english
from slaledger.domain.lint import RULES

from .paths import FIXTURES

TRAPS = lint_file(str(FIXTURES / "invented-traps.yaml"))
CLEAN = lint_file(str(FIXTURES / "invented-clean.yaml"))

EXPECTED = [
    ("tier-gap", "uptime-credits", "availability above 99.8 % and below 99.9 %"),
    ("tier-overlap", "uptime-credits", "exactly 99.0 %"),
    ("threshold-unit-mismatch", "uptime-credits", "'432 min' stated for 99.0 %"),
    ("threshold-unit-mismatch", "uptime-credits", "'4 3200 min'"),
    ("formula-tier", "uptime-credits", "below 95 %"),
    ("blank-value", "first-answer", "'sev-b' in-hours"),
    ("blank-value", "uptime-credits", "the credit for 95 % to 99.0 %"),
    ("blank-value", "helpdesk", "phone channel 'hotline'"),
    ("ambiguous-timezone", "office-hours", "'CET'"),
    ("ambiguous-timezone", "us-desk", "'PST'"),
    ("boundary-gap", "subscription-year", "any day from 30 June to 1 July"),
    ("boundary-gap", "hardware-age", "exactly 2 years"),
    ("boundary-overlap", "seat-variation", "exactly 150 %"),
    ("boundary-overlap", "major-change", "exactly 1h"),
    ("formula-units", "uptime", "'× 100' is missing"),
    ("formula-units", "indexation", "adds an amount of money and an index value"),
    ("year-length", "uptime", "8,784 h"),
    ("year-length", "monthly-uptime", "'month'"),
    ("language-mismatch", "restore", "deadline.within = '5 days'"),
    ("missing-language-version", "helpdesk", "lack de"),
    ("missing-calendar", "first-answer", "no service_hours calendar"),
    ("missing-calendar", "first-answer", "no calendar to count its targets in (sev-a)"),
    ("missing-calendar", "mean-first-answer", "names no calendar"),
    ("missing-calendar", "access-review", "'3 business days'"),
    ("missing-quote-date", "late-interest", "no commercial.quote_date"),
]


@pytest.mark.parametrize(("rule", "clause", "fragment"), EXPECTED)
def test_the_invented_traps_are_found(rule, clause, fragment):
    assert any(
        f.rule == rule and f.clause == clause and fragment in english(f.message) for f in TRAPS
    ), [(f.rule, f.clause, english(f.message)) for f in TRAPS if f.rule == rule]


def test_every_rule_fires_on_the_invented_traps_and_nothing_else_does():
    assert {f.rule for f in TRAPS} == {r.id for r in RULES}
    expected = {(rule, clause) for rule, clause, _ in EXPECTED}
    assert {(f.rule, f.clause) for f in TRAPS} == expected


def test_no_rule_fires_on_the_clean_twin():
    assert [(f.rule, f.clause, english(f.message)) for f in CLEAN] == []
