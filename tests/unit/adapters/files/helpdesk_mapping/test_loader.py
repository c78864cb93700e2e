"""Mapping files: the published schema, located errors, the checks against a contract."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.helpdesk_mapping import (
    check_against_contract,
    load_mapping_text,
    mapping_json_schema,
)
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from slaledger.domain.helpdesk.mapping import EventSpec

ROOT = Path(__file__).resolve().parents[5]
MAPPINGS = sorted((ROOT / "tests" / "fixtures" / "helpdesks").glob("*/mapping*.yaml"))
SCHEMA_FILE = ROOT / "docs" / "schemas" / "helpdesk-mapping.schema.json"
CONTRACT = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
JIRA = (ROOT / "tests" / "fixtures" / "helpdesks" / "jira" / "mapping.yaml").read_text()


def test_the_committed_schema_is_the_one_the_code_publishes():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == mapping_json_schema()
    jsonschema.Draft202012Validator.check_schema(mapping_json_schema())


@pytest.mark.parametrize("path", MAPPINGS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_schema_validates_every_fixture_mapping_and_each_loads(path):
    validator = jsonschema.Draft202012Validator(mapping_json_schema())
    assert [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))] == []
    load_mapping_text(path.read_text(), str(path))


def test_the_schema_rejects_an_unknown_event():
    data = yaml.safe_load(JIRA)
    data["statuses"]["Open"] = ["exploded"]
    validator = jsonschema.Draft202012Validator(mapping_json_schema())
    assert list(validator.iter_errors(data))


def test_statuses_events_and_pause_reasons_are_read():
    rules = load_mapping_text(JIRA, "m.yaml").rules
    assert rules.statuses["waiting for customer"] == (EventSpec("paused", "waiting-customer"),)
    assert rules.paused_statuses == frozenset({"waiting for customer"})
    assert rules.priorities["highest"] == "critical"
    assert rules.line("statuses") == 16
    assert [r.field for r in rules.instant_rules] == ["Diagnosed at"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # an unknown event, located on its line
        (("  Open: []", "  Open: [exploded]"), "m.yaml:17:"),
        # an event that needs a value, written bare
        (("  Closed: [closed]", "  Closed: [attributed]"), "'attributed' with its value"),
        # one status twice, spelled differently
        (("  Closed: [closed]", "  Closed: [closed]\n  closed: []"), "each status once"),
        # a field rule that says neither values nor instant
        (("    instant: diagnosed", "    {}"), "either values or instant"),
    ],
)
def test_a_bad_mapping_names_its_line_and_what_was_expected(change, message):
    with pytest.raises(InputError) as caught:
        load_mapping_text(JIRA.replace(*change), "m.yaml")
    assert message in "\n".join(str(p) for p in caught.value.problems)


def test_a_class_the_contract_does_not_have_is_reported_with_its_line():
    loaded = load_mapping_text(JIRA.replace("High: urgent", "High: urgnet"), "m.yaml")
    problems = check_against_contract(loaded, load_contract(CONTRACT).contract)
    assert [str(p) for p in problems] == [
        "m.yaml:13:9: priorities.High: expected a class of the contract (critical, important, "
        "minor, other, urgent), its name, or S/C, found 'urgnet'"
    ]


def test_a_helpdesk_timer_beside_no_clock_of_the_contract_is_reported():
    loaded = load_mapping_text(JIRA.replace(": take-into-account", ": restore"), "m.yaml")
    problems = check_against_contract(loaded, load_contract(CONTRACT).contract)
    assert "sla.Time to first response: expected a clock of the contract" in str(problems[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a helpdesk's mapping must say how its statuses map, if only as {}
        ("source: jira\npriorities: {High: urgent}\n", "the helpdesk's statuses (source jira)"),
        # a mail mapping must hold the rules
        ("source: mail\n", "a mail: section for the source mail"),
    ],
)
def test_what_each_kind_of_mapping_must_hold_is_required(text, expected):
    with pytest.raises(InputError) as refused:
        load_mapping_text("format: slaledger/helpdesk-mapping/v1\n" + text, "m.yaml")
    assert expected in english(refused.value.problems[0].expected)


def test_a_mail_mapping_holds_the_rules_and_no_helpdesk_tables():
    loaded = load_mapping_text(
        "format: slaledger/helpdesk-mapping/v1\nsource: mail\n"
        "mail:\n  customer_domains: [client.example]\n",
        "m.yaml",
    )
    assert loaded.model.mail is not None
    assert loaded.model.mail.customer_domains == ["client.example"]
    assert loaded.model.mail.instant == "received"
