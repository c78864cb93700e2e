"""The rule registry and the linter's entry point."""

from __future__ import annotations

from slaledger.domain.contract.contract import Contract
from slaledger.domain.lint import (
    rules_brackets,
    rules_formulas,
    rules_tiers,
    rules_time,
    rules_values,
)
from slaledger.domain.lint.finding import Finding, LineIndex, Rule, Severity, line_of
from slaledger.domain.message import msg

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: tuple[Rule, ...] = (
    Rule("tier-gap", E, msg("lint.rule.tier-gap"), rules_tiers.tier_gaps),
    Rule(
        "tier-overlap",
        E,
        msg("lint.rule.tier-overlap"),
        rules_tiers.tier_overlaps,
    ),
    Rule(
        "threshold-unit-mismatch",
        W,
        msg("lint.rule.threshold-unit-mismatch"),
        rules_tiers.threshold_mismatches,
    ),
    Rule(
        "formula-tier",
        INFO,
        msg("lint.rule.formula-tier"),
        rules_tiers.formula_tiers,
    ),
    Rule("blank-value", E, msg("lint.rule.blank-value"), rules_values.blank_values),
    Rule(
        "ambiguous-timezone",
        W,
        msg("lint.rule.ambiguous-timezone"),
        rules_time.ambiguous_timezones,
    ),
    Rule(
        "boundary-gap",
        E,
        msg("lint.rule.boundary-gap"),
        rules_brackets.boundary_gaps,
    ),
    Rule(
        "boundary-overlap", E, msg("lint.rule.boundary-overlap"), rules_brackets.boundary_overlaps
    ),
    Rule("formula-units", E, msg("lint.rule.formula-units"), rules_formulas.formula_units),
    Rule(
        "year-length",
        W,
        msg("lint.rule.year-length"),
        rules_formulas.year_lengths,
    ),
    Rule(
        "language-mismatch",
        E,
        msg("lint.rule.language-mismatch"),
        rules_values.language_mismatches,
    ),
    Rule(
        "missing-language-version",
        W,
        msg("lint.rule.missing-language-version"),
        rules_values.missing_languages,
    ),
    Rule(
        "missing-quote-date",
        W,
        msg("lint.rule.missing-quote-date"),
        rules_values.missing_quote_dates,
    ),
    Rule(
        "missing-calendar",
        E,
        msg("lint.rule.missing-calendar"),
        rules_time.missing_calendars,
    ),
)

RULES_BY_ID = {rule.id: rule for rule in RULES}


def lint_contract(contract: Contract, lines: LineIndex | None = None) -> list[Finding]:
    """Every finding of every rule, ordered by line, then rule."""
    index = lines or {}
    findings = [
        Finding(
            rule=rule.id,
            severity=rule.severity,
            clause=draft.clause.id,
            message=draft.message,
            interpretation=draft.clause.interpretation,
            path=draft.path,
            line=line_of(index, draft.path),
        )
        for rule in RULES
        for draft in rule.check(contract)
    ]
    order = {rule.id: i for i, rule in enumerate(RULES)}
    return sorted(
        findings, key=lambda f: (f.line or 0, order[f.rule], f.path, f.message.sort_key())
    )
