"""The ledger's figures from a data folder's optional files, on the seed contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.bootstrap import holiday_provider
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.periods import Month
from slaledger.services.commercial import CommercialError
from slaledger.services.ledger_inputs import (
    CommercialInputs,
    DayOrder,
    EquipmentAge,
    backup_ledger,
    commercial_ledger,
)
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"


def _contract(name: str):
    return load_contract(CONTRACTS / name).contract


def test_a_run_of_three_months_at_120_percent_or_more_calls_for_a_new_offer():
    """003 8: « Pour une variation des volumes constatée sur une période de plus de deux
    (2) mois ... égal ou supérieur à 120% ... LDL émettra une nouvelle offre »; two months
    (May, June at exactly 120 %) call for nothing."""
    volumes = [(Month(2024, m), Decimal(v)) for m, v in
               [(5, 604), (6, 600), (7, 596), (8, 612), (9, 615), (10, 626)]]  # fmt: skip
    inputs = CommercialInputs(volumes=volumes, contracted=Decimal(500))
    figures = commercial_ledger(_contract("003-previsoft.yaml"), inputs, year=2024)
    [offer] = figures["volume-variation"]
    assert offer.startswith("new-offer: 3 months from 2024-08")
    assert "reached in 2024-10" in offer


def test_a_volume_file_always_under_the_threshold_says_no_change():
    volumes = [(Month(2024, 1), Decimal(500)), (Month(2024, 2), Decimal(510))]
    inputs = CommercialInputs(volumes=volumes, contracted=Decimal(500))
    figures = commercial_ledger(_contract("003-previsoft.yaml"), inputs, year=2024)
    assert figures == {
        "volume-variation": ["2024-01 to 2024-02 against 500: no run of months calls for a change"]
    }


def test_restitution_days_and_equipment_ages_land_under_their_clauses():
    """004 XIV: « facturé (par deux jours Ingénieur) : 890 euros HT / jour / ingénieur »;
    XI: 20 % « pour ceux de plus de 4 ans et moins de 5 ans »."""
    inputs = CommercialInputs(
        orders=[DayOrder(date(2024, 6, 20), Decimal(1), None, "")],
        equipment=[EquipmentAge("NAS-1", date(2020, 2, 3), date(2024, 11, 18), None)],
    )
    figures = commercial_ledger(_contract("004-imri.yaml"), inputs, year=2024)
    assert figures["data-return-fee"] == [
        "2024-06-20: 1 engineer-days billed as 2 at 890 = 1780.00 EUR"
    ]
    assert figures["equipment-age-surcharge"] == [
        "NAS-1 on 2024-11-18 (in service 2020-02-03): 4.79 years, bracket (4 years, 5 years): 20 %"
    ]


def test_a_fee_order_for_a_contract_without_fees_is_refused():
    inputs = CommercialInputs(orders=[DayOrder(date(2024, 6, 20), Decimal(1))])
    with pytest.raises(CommercialError, match="a fee clause"):
        commercial_ledger(_contract("003-previsoft.yaml"), inputs, year=2024)


def test_the_backup_check_covers_the_year_and_names_the_missed_days():
    """001 annex 1, 3: « une sauvegarde journalière »: a log with only 1 and 3 January
    misses every other day of 2024."""
    contract = _contract("001-saas-annexes.yaml")
    calendars = {
        name: BusinessCalendar(spec, holiday_provider())
        for name, spec in contract.calendars.items()
    }
    successes = np.asarray([1704069000, 1704241800], dtype=np.int64)  # 1 and 3 Jan 01:30
    [line] = backup_ledger(contract, successes=successes, calendars=calendars, year=2024)["backup"]
    assert line.startswith("backups daily 2024-01-01 to 2024-12-31: 366 periods, 364 missed")
    assert "(2024-01-02, 2024-01-04, 2024-01-05, 2024-01-06, 2024-01-07 and 359 more)" in line
