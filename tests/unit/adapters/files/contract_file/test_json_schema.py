"""The published JSON Schema validates the example contracts and rejects bad ones."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from slaledger.adapters.files.contract_file import contract_json_schema

from .paths import EXAMPLES, FIXTURES

VALIDATOR = jsonschema.Draft202012Validator(
    contract_json_schema(), format_checker=jsonschema.FormatChecker()
)
FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml"))


def _as_json(path) -> object:
    """The file's data as a JSON document would carry it (dates become strings)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))


def test_the_schema_is_a_valid_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(contract_json_schema())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_schema_validates_every_example_contract(path):
    errors = [e.message for e in VALIDATOR.iter_errors(_as_json(path))]
    assert errors == []


def test_the_schema_rejects_unknown_fields_and_malformed_durations():
    data = _as_json(EXAMPLES / "004-imri.yaml")
    assert isinstance(data, dict)
    data["surprise"] = 1
    data["clocks"][0]["targets"][0]["target"] = "4 heures"
    messages = [e.message for e in VALIDATOR.iter_errors(data)]
    assert any("surprise" in m for m in messages)
    assert any("4 heures" in m for m in messages)
