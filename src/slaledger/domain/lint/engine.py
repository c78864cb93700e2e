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

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: tuple[Rule, ...] = (
    Rule("tier-gap", E, "an availability value falls in no credit tier", rules_tiers.tier_gaps),
    Rule(
        "tier-overlap",
        E,
        "an availability value falls in two credit tiers",
        rules_tiers.tier_overlaps,
    ),
    Rule(
        "threshold-unit-mismatch",
        W,
        "a tier's percentage and its stated minutes disagree for 28- to 31-day months",
        rules_tiers.threshold_mismatches,
    ),
    Rule(
        "formula-tier",
        INFO,
        "a credit tier is a formula, not a fixed figure",
        rules_tiers.formula_tiers,
    ),
    Rule("blank-value", E, "the text leaves a value blank", rules_values.blank_values),
    Rule(
        "ambiguous-timezone",
        W,
        "a fixed-offset abbreviation (EST, CET...) for a zone that observes daylight saving",
        rules_time.ambiguous_timezones,
    ),
    Rule(
        "boundary-gap",
        E,
        "a value (date, age, amount, duration) falls in no bracket",
        rules_brackets.boundary_gaps,
    ),
    Rule("boundary-overlap", E, "a value falls in two brackets", rules_brackets.boundary_overlaps),
    Rule("formula-units", E, "a formula's units do not work", rules_formulas.formula_units),
    Rule(
        "year-length",
        W,
        "a year of 365 days, or 'a year' of unstated length, for a period that may hold 366 days",
        rules_formulas.year_lengths,
    ),
    Rule(
        "language-mismatch",
        E,
        "two language versions of a clause disagree on a value",
        rules_values.language_mismatches,
    ),
    Rule(
        "missing-language-version",
        W,
        "a clause of a multilingual contract is quoted in some languages only",
        rules_values.missing_languages,
    ),
    Rule(
        "missing-quote-date",
        W,
        "a legal rate read on the quote's date, and no quote date in the file",
        rules_values.missing_quote_dates,
    ),
    Rule(
        "missing-calendar",
        E,
        "a clock, KPI or deadline has no calendar to count in",
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
    return sorted(findings, key=lambda f: (f.line or 0, order[f.rule], f.path, f.message))
