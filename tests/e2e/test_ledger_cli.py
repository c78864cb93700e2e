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
RATES = str(DATA / "legal-rates.csv")
EXTRA = {
    "000-ipfolio": ["--fee", "1000 EUR"],
    "003-previsoft": ["--invoices", INVOICES, "--rates", RATES, "--contracted", "500"],
    "004-imri": ["--opened", "2024-01-15", "--invoices", INVOICES, "--rates", RATES],
}

#: Clauses a command computes that the example year does not reach, and why. Empty: every
#: clause of the seeds is reached on the example data, or kept as text with its reason. The
#: test fails when a new clause appears (compute it, or mark it ``text_only`` with its
#: reason in the contract file).
KNOWN_GAPS: dict[str, dict[str, str]] = {}


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


def test_the_ledger_quotes_the_003_volume_offer_and_the_004_commercial_figures(capsys):
    """003 8: "Si le volume est égal ou supérieur à 120% du volume inscrit à la
    proposition commerciale ... LDL émettra une nouvelle offre"; 004 XIV: "890 euros HT /
    jour / ingénieur" billed "par deux jours Ingénieur"; 004 XI: "une majoration de 10%
    pour les équipements de plus de 3 ans et moins de 4 ans" (exactly 4 years: no bracket)."""
    previsoft = ledger(capsys, "003-previsoft")["clauses"]
    [offer] = previsoft["volume-variation"]
    assert offer.startswith("new-offer: 3 months from 2024-09")
    assert "reached in 2024-11" in offer
    imri = ledger(capsys, "004-imri")["clauses"]
    assert imri["data-return-fee"] == [
        "RAR-6 2024-06-20: 3 engineer-days billed as 4 at 890 = 3560.00 EUR"
    ]
    surcharges = imri["equipment-age-surcharge"]
    assert any(
        e.startswith("SRV-1 ") and e.endswith(": 10 % = 45.00 on 450.00") for e in surcharges
    )
    assert any(e.startswith("SRV-2 ") and "4.00 years, in no bracket" in e for e in surcharges)
    [late] = [e for e in imri["late-payment"] if e.startswith("F2024-004 ")]
    assert "182 days late (each-day)" in late
    assert late.endswith("= 180.95")


def test_the_ledger_checks_the_backup_logs_and_states_the_hours_no_clock_reads(capsys):
    """001 annex 1, 3: "Les Données font l'objet d'une sauvegarde journalière"; 004 VI:
    phone assistance "du lundi au vendredi de 9H00 à 12H30 ... de 13H30 à 18H00", hors
    jours fériés (252 working days of 8 h in 2024); 004 VII: a 36-month hosted term."""
    saas = ledger(capsys, "001-saas-annexes")["clauses"]
    assert saas["backup"] == [
        "backups daily 2024-01-01 to 2024-12-31: 366 periods, 2 missed (2024-03-03, 2024-11-02)"
    ]
    imri = ledger(capsys, "004-imri")["clauses"]
    assert imri["vm-backup"] == [
        "backups weekly 2024-01-01 to 2024-12-31: 53 periods, 1 missed (2024-08-12)"
    ]
    assert imri["phone-hours"] == ["2016h00 open in 2024 (calendar imri-phone)"]
    assert any(e.startswith("term-end due 2027-01-15") for e in imri["hosted-term"])


def test_a_volumes_file_without_the_contracted_volume_is_refused_naming_the_option(capsys):
    code, _, err = run(
        capsys, "ledger", str(CONTRACTS / "003-previsoft.yaml"),
        "--data", str(DATA / "003-previsoft"), "--year", "2024",
    )  # fmt: skip
    assert code != 0
    assert "--contracted" in err
