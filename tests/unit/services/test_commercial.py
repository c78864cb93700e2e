"""Use cases of the commercial clauses, on the seed contracts and the example invoices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from slaledger.adapters.files.commercial_inputs import read_invoices
from slaledger.adapters.files.contract_file.loader import load_contract, load_contract_text
from slaledger.adapters.files.observations import read_counts, read_maintenance
from slaledger.bootstrap import contract_calendars
from slaledger.domain.periods import Month
from slaledger.services.availability import Observations
from slaledger.services.commercial import (
    CommercialError,
    carried_schedules,
    credit_balance,
    day_fees,
    liability_caps,
    surcharges,
    volume_variation,
)
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"
DATA = ROOT / "examples" / "data"
INVOICES = read_invoices(DATA / "invoices.csv")


def _contract(name: str):
    return load_contract(CONTRACTS / name).contract


def test_previsoft_caps_liability_at_the_price_paid_in_the_twelve_months_before_the_breach():
    """003 CGV 11.3: « ne pourra excéder le montant maximum du prix payé par le Client [...]
    au cours des douze (12) mois précédant immédiatement la violation invoquée »: for a
    breach on 10 March 2025, the payments of 10 March 2024 to 9 March 2025 (F2024-003 is
    unpaid)."""
    [cap] = liability_caps(
        contract=_contract("003-previsoft.yaml"), invoices=INVOICES, breach=date(2025, 3, 10)
    )
    assert cap.invoices == ("F2024-001", "F2024-002", "F2024-004")
    assert cap.cap == Decimal("14850.00")  # 10000 + 1200 + 3650


def test_imri_caps_liability_at_the_sums_invoiced_in_the_current_year():
    """004 Article VIII: « sans pouvoir dépasser le montant des sommes qui lui auront été
    facturées au titre du présent contrat sur l'année en cours »: a breach on 1 December
    2024 counts the invoices issued from 1 January to that day (not F2024-003, issued on
    2 December); one on 10 January 2025 counts none."""
    imri = _contract("004-imri.yaml")
    [cap] = liability_caps(contract=imri, invoices=INVOICES, breach=date(2024, 12, 1))
    assert (cap.first, cap.last, cap.cap) == (date(2024, 1, 1), date(2024, 12, 1), Decimal(14850))
    [cap] = liability_caps(contract=imri, invoices=INVOICES, breach=date(2025, 1, 10))
    assert (cap.invoices, cap.cap) == ((), Decimal(0))


@pytest.mark.parametrize(
    ("on", "percent", "amount"),
    [
        (date(2024, 3, 14), Decimal(0), Decimal("0.00")),  # 2.99 years: « 3 ans » or less
        (date(2025, 1, 10), Decimal(10), Decimal("100.00")),  # 3.82: more than 3, less than 4
        (date(2025, 6, 1), Decimal(20), Decimal("200.00")),  # 4.21
        (date(2026, 6, 1), Decimal(30), Decimal("300.00")),  # 5.21: more than 5
    ],
)
def test_imri_surcharges_old_equipment_by_its_age(on, percent, amount):
    """004 Article XI: « une majoration de 10% pour les équipements de plus de 3 ans et
    moins de 4 ans, de 20% pour ceux de plus de 4 ans et moins de 5 ans, et de 30% pour
    ceux de plus de 5 ans »."""
    [result] = surcharges(
        contract=_contract("004-imri.yaml"),
        in_service=date(2021, 3, 15),
        on=on,
        price=Decimal(1000),
    )
    assert (result.percent, result.amount) == (percent, amount)


def test_equipment_exactly_four_years_old_is_in_no_imri_bracket():
    [result] = surcharges(
        contract=_contract("004-imri.yaml"), in_service=date(2021, 3, 15), on=date(2025, 3, 15)
    )
    assert (result.in_a_bracket, result.percent, result.amount) == (False, Decimal(0), None)


def test_a_contract_without_an_age_surcharge_or_a_day_before_service_is_refused():
    with pytest.raises(CommercialError, match="no equipment-age surcharge"):
        surcharges(
            contract=_contract("003-previsoft.yaml"),
            in_service=date(2021, 1, 1),
            on=date(2025, 1, 1),
        )
    with pytest.raises(CommercialError, match="on or after the service date"):
        surcharges(
            contract=_contract("004-imri.yaml"), in_service=date(2025, 1, 2), on=date(2025, 1, 1)
        )


@pytest.mark.parametrize(
    ("days", "billed", "amount"),
    [
        (Decimal(3), Decimal(4), Decimal("3560.00")),
        (Decimal(4), Decimal(4), Decimal("3560.00")),
        (Decimal("0.5"), Decimal(2), Decimal("1780.00")),
    ],
)
def test_imri_bills_data_restitution_by_two_engineer_days(days, billed, amount):
    """004 Article XIV: « Le tarif de restitution des données et logiciels au Client est
    facturé (par deux jours Ingénieur) : 890 euros HT / jour / ingénieur »."""
    [fee] = day_fees(contract=_contract("004-imri.yaml"), engineer_days=days, on=date(2025, 2, 3))
    assert (fee.billed_days, fee.amount, fee.currency) == (billed, amount, "EUR")


def test_a_fee_clause_the_contract_lacks_is_refused():
    with pytest.raises(CommercialError, match="data-return-fee"):
        day_fees(
            contract=_contract("004-imri.yaml"),
            engineer_days=Decimal(1),
            on=date(2025, 2, 3),
            clause_id="nope",
        )


def test_previsoft_volumes_above_120_percent_for_three_months_call_for_a_new_offer():
    """003 CGV 8: « Pour une variation des volumes constatée sur une période de plus de
    deux (2) mois [...] Si le volume est égal ou supérieur à 120% [...] LDL émettra une
    nouvelle offre »."""
    observed = [
        (Month(2024, 1), Decimal(500)),
        (Month(2024, 2), Decimal(610)),
        (Month(2024, 3), Decimal(600)),
        (Month(2024, 4), Decimal(650)),
    ]
    [(clause, [finding])] = volume_variation(
        contract=_contract("003-previsoft.yaml"), contracted=Decimal(500), observed=observed
    )
    assert clause.clause.id == "volume-variation"
    assert (finding.effect, finding.first_month, finding.reached_in) == (
        "new-offer",
        Month(2024, 2),
        Month(2024, 4),
    )


def test_001_carries_its_credit_days_to_the_end_of_the_contract():
    assert carried_schedules(_contract("001-saas-annexes.yaml")) == ["service-credits"]
    assert carried_schedules(_contract("000-ipfolio.yaml")) == []


def _observations() -> Observations:
    folder = DATA / "001-saas-annexes"
    return Observations(
        counts=read_counts(folder / "counts.parquet"),
        maintenance=read_maintenance(folder / "maintenance.csv"),
    )


def test_001_s_blank_credit_days_leave_the_balance_undetermined_for_february_2024():
    """001 A1 1.2: the days column is empty; February 2024 (99.84 %) is in the tier
    « entre <99,89% et >99,00% »: no number, the month is named."""
    contract = _contract("001-saas-annexes.yaml")
    balance = credit_balance(
        contract=contract,
        first=Month(2024, 1),
        last=Month(2024, 6),
        observations=_observations(),
        calendars=contract_calendars(contract),
    )
    assert balance.undetermined == (Month(2024, 2),)
    assert (balance.days, balance.complete, balance.cash) == (0, False, 0)


def test_001_s_agreed_credit_days_add_up_capped_at_ten_a_month():
    """001 A1 1.2: « Le nombre total de Crédit de service cumulé [...] au cours d'un mois
    donné ne peut excéder dix (10) jours. Les Crédits de service sont exclusivement
    reportables au terme du Contrat »: with 12 days agreed for the lower tier (an
    amendment), February 2024 carries 10 days."""
    text = (CONTRACTS / "001-saas-annexes.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      - availability: {above: 99.00, below: 99.89}\n        days: null",
        "      - availability: {above: 99.00, below: 99.89}\n        days: 12",
    )
    contract = load_contract_text(text, "001.yaml").contract
    balance = credit_balance(
        contract=contract,
        first=Month(2024, 1),
        last=Month(2024, 6),
        observations=_observations(),
        calendars=contract_calendars(contract),
    )
    [february] = balance.months
    assert (february.month, february.days, february.capped) == (Month(2024, 2), 10, True)
    assert (balance.days, balance.complete) == (10, True)


def test_a_balance_needs_a_carried_schedule_and_months_in_order():
    contract = _contract("000-ipfolio.yaml")
    with pytest.raises(CommercialError, match="carries no credit days"):
        credit_balance(
            contract=contract,
            first=Month(2024, 1),
            last=Month(2024, 2),
            observations=Observations(),
            calendars=contract_calendars(contract),
        )
    with pytest.raises(CommercialError, match="on or after 2024-02"):
        credit_balance(
            contract=contract,
            first=Month(2024, 2),
            last=Month(2024, 1),
            observations=Observations(),
            calendars=contract_calendars(contract),
        )
