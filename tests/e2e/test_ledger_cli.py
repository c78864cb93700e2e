"""``sla ledger`` on every seed: the per-seed snapshot of every figure, and no clause left
unreached.

Regenerate the snapshots after a deliberate change with
``SLALEDGER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/e2e/test_ledger_cli.py`` and review the
diff: a change that moves a seed's figure shows there, clause by clause.
"""

from __future__ import annotations

import json
import os

import pytest

from slaledger.adapters.files.contract_file import load_contract
from tests.conftest import ROOT
from tests.e2e.test_calendar_cli import run

CONTRACTS = ROOT / "examples" / "contracts"
DATA = ROOT / "examples" / "data"
GOLDEN = ROOT / "tests" / "golden" / "ledger"
UPDATE = os.environ.get("SLALEDGER_UPDATE_GOLDEN") == "1"
SEEDS = ["000-ipfolio", "001-saas-annexes", "002-maintenance-us", "003-previsoft", "004-imri"]
INVOICES = str(DATA / "invoices.csv")
EXTRA = {
    "000-ipfolio": ["--fee", "1000"],
    "003-previsoft": ["--invoices", INVOICES],
    "004-imri": ["--opened", "2024-01-15", "--invoices", INVOICES],
}

#: Clauses a command computes that the example year does not reach yet, and why. The
#: test fails when one is reached (drop it here) or a new one appears (compute it, or mark
#: it ``text_only`` with its reason in the contract file).
KNOWN_GAPS = {
    "001-saas-annexes": {"backup": "checked against a backup log (--backups): none in the data"},
    "003-previsoft": {
        "corrective": "no corrective window in the example maintenance data",
        "evolutive-high": "no evolutive window in the example maintenance data",
        "evolutive-low": "no evolutive window in the example maintenance data",
        "urgent-security-update": "no urgent update in the example maintenance data",
        "volume-variation": "computed by `sla volumes`; the example data holds no volumes",
    },
    "004-imri": {
        "customer-windows": "no customer window in the example maintenance data",
        "data-return-fee": "computed by `sla fees`; the example data orders no restitution",
        "equipment-age-surcharge": "computed by `sla surcharge`; no equipment ages in the data",
        "exceptional-maintenance-slots": "service hours no clock reads (the slots calendar)",
        "hosted-support": "support of the hosted service names no clock",
        "hosted-term": "the hosted service's term: its opening is not in the example events",
        "late-payment": "computed by `sla penalties` from invoices, not by the ledger yet",
        "phone-hours": "service hours no clock reads",
        "vm-backup": "checked against a backup log (--backups): none in the data",
    },
}


def ledger(capsys, stem: str) -> dict:
    code, out, err = run(
        capsys, "ledger", str(CONTRACTS / f"{stem}.yaml"), "--data", str(DATA / stem),
        "--year", "2024", *EXTRA.get(stem, []),
    )  # fmt: skip
    assert code == 0, err
    document: dict = json.loads(out)
    return document


@pytest.mark.parametrize("stem", SEEDS)
def test_each_seed_gives_its_golden_ledger(capsys, stem):
    document = ledger(capsys, stem)
    golden = GOLDEN / f"{stem}.json"
    if UPDATE:
        golden.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert document == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", SEEDS)
def test_every_clause_is_computed_or_marked_text_only_with_its_reason(capsys, stem):
    document = ledger(capsys, stem)
    contract = load_contract(CONTRACTS / f"{stem}.yaml").contract
    assert sorted(document["uncovered"]) == sorted(KNOWN_GAPS.get(stem, {}))
    computed, text_only = set(document["clauses"]), set(document["text_only"])
    assert computed | text_only | set(document["uncovered"]) == contract.clause_ids()
    assert not computed & text_only, "a clause marked text_only is computed: drop the mark"
    assert all(len(reason) > 20 for reason in document["text_only"].values())


def test_the_ledger_quotes_the_000_march_credit_and_the_003_price_notice(capsys):
    ipfolio = ledger(capsys, "000-ipfolio")["clauses"]
    [march] = [e for e in ipfolio["credits"] if e.startswith("2024-03 ")]
    assert march == "2024-03 ipfolio: tier [95 %, 99.4 %], 25.00 percent-of-fee, amount 250.00"
    previsoft = ledger(capsys, "003-previsoft")["clauses"]
    assert any(
        e.startswith("price-revision due 2024-11-01T00:00:00+01:00")
        for e in previsoft["price-revision"]
    )
