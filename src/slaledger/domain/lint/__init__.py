"""The contract linter: rules that find gaps, contradictions and ambiguities."""

from slaledger.domain.lint.engine import RULES, RULES_BY_ID, lint_contract
from slaledger.domain.lint.finding import Finding, LineIndex, Rule, Severity, line_of

__all__ = [
    "RULES",
    "RULES_BY_ID",
    "Finding",
    "LineIndex",
    "Rule",
    "Severity",
    "line_of",
    "lint_contract",
]
