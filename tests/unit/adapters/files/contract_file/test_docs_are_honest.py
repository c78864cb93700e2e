"""docs/contract-format.md stays true to the format it documents."""

from __future__ import annotations

import re

import pytest

from slaledger.adapters.files.contract_file import contract_json_schema, load_contract_text
from slaledger.adapters.files.problems import InputError
from slaledger.domain.contract import CapPeriod, Event, OutageCategory

from .paths import ROOT
from .test_loading_errors import HEADER

DOC = (ROOT / "docs" / "contract-format.md").read_text(encoding="utf-8")


def test_every_top_level_field_of_the_schema_is_documented():
    for name in contract_json_schema()["properties"]:
        assert f"`{name}" in DOC, name


@pytest.mark.parametrize("value", [e.value for e in Event] + [c.value for c in OutageCategory])
def test_every_event_and_outage_category_is_documented(value):
    assert f"`{value}`" in DOC


@pytest.mark.parametrize("value", [p.value for p in CapPeriod])
def test_every_cap_period_is_documented(value):
    assert f"`{value}`" in DOC


def test_the_documented_errors_are_the_ones_loading_prints():
    clause = re.search(r"```yaml\n(availability:\n.*?)```", DOC, re.S)
    printed = re.search(r"```text\n(.*?)```", DOC, re.S)
    assert clause is not None
    assert printed is not None
    with pytest.raises(InputError) as caught:
        load_contract_text(HEADER + clause[1], "contract.yaml")
    assert "\n".join(map(str, caught.value.problems)) + "\n" == printed[1]
