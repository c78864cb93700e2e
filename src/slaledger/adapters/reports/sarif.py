"""Lint findings as a SARIF 2.1.0 log, for code-scanning tools in CI."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from slaledger.adapters.i18n import Renderer, renderer
from slaledger.domain.lint.finding import Finding, Severity
from slaledger.domain.message import Message, msg

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif_log(
    results: Sequence[tuple[str, Sequence[Finding]]],
    rules: Sequence[tuple[str, Severity, Message]],
    *,
    tool: str = "sla-ledger",
    version: str = "0",
    language: str = "en",
) -> dict[str, Any]:
    """One run: the tool with its rules (id, severity, summary), and every finding, its
    message in ``language``."""
    say = renderer(language)
    index = {rule_id: i for i, (rule_id, _, _) in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": tool,
                        "version": version,
                        "rules": [
                            {
                                "id": rule_id,
                                "name": _pascal(rule_id),
                                "shortDescription": {"text": say(summary)},
                                "defaultConfiguration": {"level": _LEVELS[severity]},
                            }
                            for rule_id, severity, summary in rules
                        ],
                    }
                },
                "results": [
                    _result(file, finding, index, say)
                    for file, findings in results
                    for finding in findings
                ],
            }
        ],
    }


def _result(file: str, finding: Finding, index: dict[str, int], say: Renderer) -> dict[str, Any]:
    text = say(finding.message)
    if finding.interpretation:
        text = say(msg("sarif.interpretation", text=text, interpretation=finding.interpretation))
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(file)}}
    physical["region"] = {"startLine": finding.line or 1}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": physical,
                "logicalLocations": [
                    {"name": finding.clause or finding.path, "fullyQualifiedName": finding.path}
                ],
            }
        ],
        "properties": {
            "clause": finding.clause,
            "path": finding.path,
            "message": finding.message.as_json(),
            "interpretation": finding.interpretation,
        },
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    return result


def artifact_uri(file: str) -> str:
    """A relative path as a URI reference with forward slashes; absolute paths as file:."""
    path = Path(file)
    return path.as_uri() if path.is_absolute() else path.as_posix()


def _pascal(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))
