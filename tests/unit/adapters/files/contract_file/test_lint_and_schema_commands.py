"""``sla schema`` and ``sla lint`` through click, on the seed contracts."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from slaledger.adapters.cli.contract_cmds import lint, schema
from slaledger.adapters.cli.errors import run_guarded
from slaledger.domain.lint import RULES

from .paths import EXAMPLES, FIXTURES, ROOT

SEEDS = sorted(str(p.relative_to(ROOT)) for p in EXAMPLES.glob("*.yaml"))

#: the parts of the SARIF 2.1.0 schema that a code-scanning service relies on
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string", "format": "uri"},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tool"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {
                                                "defaultConfiguration": {
                                                    "properties": {
                                                        "level": {
                                                            "enum": [
                                                                "none",
                                                                "note",
                                                                "warning",
                                                                "error",
                                                            ]
                                                        }
                                                    }
                                                }
                                            },
                                        },
                                    }
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message", "ruleId", "level", "locations"],
                            "properties": {
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "message": {"type": "object", "required": ["text"]},
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation", "region"],
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "required": ["uri"],
                                                        "properties": {
                                                            "uri": {
                                                                "type": "string",
                                                                "format": "uri-reference",
                                                            }
                                                        },
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine"],
                                                        "properties": {
                                                            "startLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            }
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    return lambda command, *args: runner.invoke(command, list(args))


def test_schema_prints_the_json_schema(run):
    result = run(schema)
    assert result.exit_code == 0
    printed = json.loads(result.output)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "clocks" in printed["properties"]


def test_lint_json_lists_findings_with_rule_severity_clause_and_location(run):
    result = run(lint, *SEEDS, "--format", "json")
    assert result.exit_code == 1  # the seeds have errors
    findings = json.loads(result.output)
    assert findings
    for finding in findings:
        assert set(finding) == {
            "rule",
            "severity",
            "clause",
            "message",
            "message_id",
            "message_params",
            "interpretation",
            "location",
        }
        assert finding["severity"] in {"error", "warning", "info"}
        assert finding["location"]["file"] in SEEDS
        assert isinstance(finding["location"]["line"], int)


def test_lint_sarif_is_a_sarif_2_1_0_log_with_every_rule(run):
    result = run(lint, *SEEDS, "--format", "sarif")
    log = json.loads(result.output)
    jsonschema.validate(log, SARIF_SUBSET, format_checker=jsonschema.FormatChecker())
    [sarif_run] = log["runs"]
    rule_ids = [r["id"] for r in sarif_run["tool"]["driver"]["rules"]]
    assert rule_ids == [r.id for r in RULES] + ["invalid-file"]
    for item in sarif_run["results"]:
        assert rule_ids[item["ruleIndex"]] == item["ruleId"]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif_run["results"]
    }
    assert uris == set(SEEDS)


def test_lint_text_shows_each_finding_on_its_line_with_the_interpretation(run):
    result = run(lint, "examples/contracts/002-maintenance-us.yaml")
    lines = result.output.splitlines()
    assert lines[0].startswith(
        "examples/contracts/002-maintenance-us.yaml:38: warning ambiguous-timezone [working-hours]"
    )
    assert lines[1].startswith("    interpretation: « EST » is read as New York time")
    assert lines[-1] == "1 file: 3 errors, 1 warning, 0 info"


def test_a_file_without_errors_exits_0_even_with_warnings(run, tmp_path):
    clean = run(lint, str(FIXTURES / "invented-clean.yaml"))
    assert clean.exit_code == 0
    assert clean.output.strip() == "1 file: 0 errors, 0 warnings, 0 info"


def test_a_file_that_does_not_load_is_an_invalid_file_error_not_a_traceback(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: slaledger/contract/v1\nid: x\n", encoding="utf-8")
    result = run(lint, str(bad), "--format", "json")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    findings = json.loads(result.output)
    assert {f["rule"] for f in findings} == {"invalid-file"}
    assert all(f["location"]["file"] == str(bad) for f in findings)


def test_lint_needs_at_least_one_file(run):
    assert run(lint).exit_code == 2


def test_through_the_guarded_entry_point_errors_exit_1_and_a_clean_file_0(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert run_guarded(lint, ["examples/contracts/004-imri.yaml", "--format", "json"]) == 1
    assert run_guarded(lint, [str(FIXTURES / "invented-clean.yaml")]) == 0
    assert capsys.readouterr().err == ""
