"""``FILE#NAME`` from a calendar file or a contract file, and the example file kept honest."""

from __future__ import annotations

import dataclasses
import re

import pytest

from slaledger.adapters.files.calendar_file import load_calendar_file
from slaledger.adapters.files.calendar_ref import load_calendar_ref, load_calendars
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from tests.conftest import EXAMPLE_CALENDARS, ROOT

CONTRACTS = ROOT / "examples" / "contracts"


def test_a_contract_files_calendar_is_the_one_its_clauses_compute_with():
    spec = load_calendar_ref(f"{CONTRACTS / '003-previsoft.yaml'}#previsoft-business")
    assert spec.name == "previsoft-business"
    assert spec.timezone == "Europe/Paris"
    assert set(load_calendars(CONTRACTS / "003-previsoft.yaml")) == {
        "previsoft-24-7",
        "previsoft-business",
        "previsoft-assistance",
    }


def test_an_unknown_name_in_a_contract_file_lists_the_calendars_it_has():
    with pytest.raises(InputError) as caught:
        load_calendar_ref(f"{CONTRACTS / '004-imri.yaml'}#nowhere")
    [problem] = caught.value.problems
    assert "'nowhere'" in english(problem.expected)
    assert "imri-onsite" in english(problem.expected)


def test_a_broken_contract_file_is_reported_as_a_contract_not_as_a_calendar_file(tmp_path):
    broken = tmp_path / "broken.yaml"
    text = (CONTRACTS / "001-saas-annexes.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("calendars:", "calendars:\n  bad: 3", 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_calendar_ref(f"{broken}#working-hours")
    assert any(p.field.startswith("calendars.bad") for p in caught.value.problems)
    assert all("unknown field 'format'" not in english(p.expected) for p in caught.value.problems)


def test_every_example_calendar_is_identical_to_the_contract_calendar_it_names():
    """examples/calendars.yaml cannot drift from the contracts: each calendar says which
    contract calendar it copies, and must equal it field by field."""
    text = EXAMPLE_CALENDARS.read_text(encoding="utf-8")
    sources = dict(re.findall(r"^  ([\w-]+):  # same as examples/contracts/(\S+)$", text, re.M))
    examples = load_calendar_file(EXAMPLE_CALENDARS)
    assert set(sources) == set(examples), "every example calendar names its contract calendar"
    for name, ref in sources.items():
        original = load_calendar_ref(str(CONTRACTS / ref))
        assert dataclasses.replace(original, name=name) == examples[name], ref
