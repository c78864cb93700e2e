"""OpenSLO v1 export of the seeds' availability clauses, checked against the shape the
specification gives an ``SLO`` (github.com/OpenSLO/OpenSLO, README "SLO", "Objectives",
"SLI", "duration-shorthand"), and the import's skeleton and refusals."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from slaledger.adapters.files.contract_file.loader import load_contract, load_contract_text
from slaledger.adapters.files.openslo.export import NotExportedError, slo_documents
from slaledger.adapters.files.openslo.import_ import read_slos, skeleton
from slaledger.adapters.files.problems import InputError
from slaledger.domain.lint import Severity, lint_contract
from tests.conftest import ROOT

SEEDS = sorted((ROOT / "examples" / "contracts").glob("*.yaml"))
RFC1123 = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
SHORTHAND = re.compile(r"^[1-9][0-9]*[mhdwMQY]$")
ANNOTATION_KEY = re.compile(
    r"^([a-z0-9]([a-z0-9.-]*[a-z0-9])?/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$"
)


def _metric(metric: Any) -> None:
    assert set(metric) == {"metricSource"}
    source = metric["metricSource"]
    assert isinstance(source["type"], str)
    assert isinstance(source["spec"], dict)


def check_slo_shape(document: dict[str, Any]) -> None:
    """The OpenSLO v1 SLO document's required fields and their values' shapes."""
    assert document["apiVersion"] == "openslo/v1"
    assert document["kind"] == "SLO"
    metadata = document["metadata"]
    assert RFC1123.match(metadata["name"]), metadata["name"]
    for key, value in metadata.get("annotations", {}).items():
        assert ANNOTATION_KEY.match(key), key
        assert not key.startswith("openslo.com/")  # reserved
        assert isinstance(value, str)
    spec = document["spec"]
    assert len(spec.get("description", "")) <= 1050
    assert isinstance(spec["service"], str)
    assert ("indicator" in spec) != ("indicatorRef" in spec)
    indicator = spec["indicator"]
    assert RFC1123.match(indicator["metadata"]["name"])
    ratio = indicator["spec"]["ratioMetric"]
    assert isinstance(ratio["counter"], bool)
    assert ("good" in ratio) != ("bad" in ratio)
    for part in ("good", "bad", "total"):
        if part in ratio:
            _metric(ratio[part])
    [window] = spec["timeWindow"]  # exactly one
    assert SHORTHAND.match(window["duration"])
    if window.get("isRolling"):
        assert "calendar" not in window
    else:
        calendar = window["calendar"]
        assert re.match(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", calendar["startTime"])
        assert "/" in calendar["timeZone"] or calendar["timeZone"] == "UTC"
    assert spec["budgetingMethod"] in ("Occurrences", "Timeslices")
    objectives = spec["objectives"]
    assert objectives
    for objective in objectives:
        assert ("target" in objective) != ("targetPercent" in objective)
        if "targetPercent" in objective:
            assert 0 <= objective["targetPercent"] < 100
        if spec["budgetingMethod"] == "Timeslices":
            assert 0 < objective["timeSliceTarget"] <= 1
            assert SHORTHAND.match(str(objective["timeSliceWindow"]))


def _exported(path: Path) -> list[dict[str, Any]]:
    found = list(slo_documents(load_contract(path).contract))
    documents = [d for d in found if not isinstance(d, NotExportedError)]
    # what a YAML reader gets back from the CLI's output
    return list(yaml.safe_load_all(yaml.safe_dump_all(documents, sort_keys=False)))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_every_exported_seed_clause_has_the_specs_shape(seed: Path) -> None:
    contract = load_contract(seed).contract
    documents = _exported(seed)
    numeric = [c for c in contract.availability if isinstance(c.target, Decimal)]
    assert len(documents) == len(numeric)
    for document, clause in zip(documents, numeric, strict=True):
        check_slo_shape(document)
        annotations = document["metadata"]["annotations"]
        assert annotations["slaledger.io/clause"] == clause.clause.id
        assert annotations["slaledger.io/contract"] == contract.id
        assert document["spec"]["objectives"][0]["targetPercent"] == float(clause.target)


def test_the_seeds_windows_and_methods() -> None:
    # (seed, window, rolling, method): 001 counts minutes by error rate, the others time
    expected = {
        "001-saas-annexes": ("1M", False, "Timeslices"),
        "003-previsoft": ("12M", True, "Occurrences"),
        "004-imri": ("1Y", False, "Occurrences"),
    }
    for stem, (duration, rolling, method) in expected.items():
        [document] = _exported(ROOT / "examples" / "contracts" / f"{stem}.yaml")
        [window] = document["spec"]["timeWindow"]
        assert (window["duration"], window["isRolling"]) == (duration, rolling)
        assert document["spec"]["budgetingMethod"] == method
    [saas] = _exported(ROOT / "examples" / "contracts" / "001-saas-annexes.yaml")
    objective = saas["spec"]["objectives"][0]
    assert (objective["timeSliceTarget"], objective["timeSliceWindow"]) == (0.95, "1m")


def test_a_clause_without_numeric_target_is_reported_not_exported() -> None:
    found = list(
        slo_documents(load_contract(ROOT / "examples/contracts/000-ipfolio.yaml").contract)
    )
    assert len(found) == 1
    assert isinstance(found[0], NotExportedError)
    assert "'availability' states no numeric target" in str(found[0])


@pytest.mark.parametrize("stem", ["001-saas-annexes", "003-previsoft", "004-imri"])
def test_import_then_export_keeps_the_target_and_the_window(stem: str, tmp_path: Path) -> None:
    [original] = _exported(ROOT / "examples" / "contracts" / f"{stem}.yaml")
    file = tmp_path / "slo.yaml"
    file.write_text(yaml.safe_dump(original, sort_keys=False), encoding="utf-8")
    made = skeleton(read_slos(file), contract_id="imported")
    loaded = load_contract_text(made.text, "skeleton.yaml")
    errors = [
        f for f in lint_contract(loaded.contract, loaded.lines) if f.severity is Severity.ERROR
    ]
    assert errors == []
    [again] = [d for d in slo_documents(loaded.contract) if not isinstance(d, NotExportedError)]
    check_slo_shape(again)
    assert again["spec"]["objectives"] == original["spec"]["objectives"]
    window, first = again["spec"]["timeWindow"][0], original["spec"]["timeWindow"][0]
    assert (window["duration"], window["isRolling"]) == (first["duration"], first["isRolling"])
    assert window.get("calendar", {}).get("timeZone") == first.get("calendar", {}).get("timeZone")
    assert again["spec"]["budgetingMethod"] == original["spec"]["budgetingMethod"]
    assert any("exclusions" in blank for blank in made.blanks)


def test_a_target_as_a_share_imports_as_percent(tmp_path: Path) -> None:
    file = tmp_path / "slo.yaml"
    file.write_text(
        "apiVersion: openslo/v1\nkind: Service\nmetadata: {name: web}\nspec: {}\n---\n"
        "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: web-availability}\n"
        "spec:\n  service: web\n  indicatorRef: web-sli\n  budgetingMethod: Occurrences\n"
        "  timeWindow: [{duration: 1M, calendar: {startTime: '2025-01-01 00:00:00', "
        "timeZone: Europe/Berlin}}]\n  objectives: [{target: 0.999}]\n",
        encoding="utf-8",
    )
    [clause] = read_slos(file)
    assert (clause.target, clause.period, clause.zone) == (
        Decimal("99.9"),
        "calendar-month",
        "Europe/Berlin",
    )
    made = skeleton([clause], contract_id="web")
    assert "effective_from: 2025-01-01" in made.text
    assert load_contract_text(made.text).contract.availability[0].target == Decimal("99.9")


def test_a_bad_document_is_refused_naming_document_field_expected_and_found(tmp_path: Path) -> None:
    file = tmp_path / "slo.yaml"
    file.write_text(
        "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\n"
        "spec: {service: web, budgetingMethod: Occurrences, objectives: [{targetPercent: 99.9}],"
        " timeWindow: [{duration: 4w, isRolling: true}]}\n---\n"
        "apiVersion: openslo/v2alpha\nkind: SLO\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        read_slos(file)
    texts = [str(p) for p in raised.value.problems]
    assert any("document 1: spec.timeWindow[0]" in t and "4w rolling" in t for t in texts)
    assert any("document 2: apiVersion" in t and "openslo/v1" in t for t in texts)
