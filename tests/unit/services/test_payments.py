"""Late-payment penalties of invoices, on the seed contracts and the example invoices."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from slaledger.adapters.files.commercial_inputs import read_invoices, read_legal_rates
from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.services.payments import InvoiceRateError, LatePaymentClauseError, late_payments
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"
DATA = ROOT / "examples" / "data"
INVOICES = read_invoices(DATA / "invoices.csv")
RATES = read_legal_rates(DATA / "legal-rates.csv")


def test_imri_adds_five_points_to_the_legal_rate_of_each_day_late():
    """004 XI: « l'intérêt au taux légal majoré de Cinq points, calculé à compter de
    l'échéance contractuelle »: F2024-004 (3,650, due 3 June 2024, paid 2 December) is 182
    days late, 27 at 10.07 % and 155 at 9.92 %."""
    contract = load_contract(CONTRACTS / "004-imri.yaml").contract
    results = late_payments(
        contract=contract, invoices=INVOICES, rates=RATES, at=date(2024, 12, 31)
    )
    [late] = [r for r in results if r.invoice.id == "F2024-004"]
    assert (late.days_late, late.total) == (182, Decimal("180.95"))
    assert [p.annual_rate for p in late.pieces] == [Decimal("10.07"), Decimal("9.92")]


def test_previsoft_reads_the_rate_of_the_quote_date_and_adds_the_recovery_fee():
    """003 7.4: « trois (3) fois le taux de l'intérêt légal en vigueur à la date d'émission
    du devis » plus the 40 EUR fee: F2024-002, 30 days late, owes 15.00 + 40."""
    contract = load_contract(CONTRACTS / "003-previsoft.yaml").contract
    results = late_payments(
        contract=contract, invoices=INVOICES, rates=RATES, at=date(2024, 12, 31)
    )
    [late] = [r for r in results if r.invoice.id == "F2024-002"]
    assert (late.interest, late.fixed_fee, late.rate_fixed_on) == (
        Decimal("15.00"), Decimal("40"), date(2024, 6, 14),
    )  # fmt: skip


def test_a_contract_without_a_late_payment_clause_is_refused_naming_the_day():
    contract = load_contract(CONTRACTS / "000-ipfolio.yaml").contract
    with pytest.raises(LatePaymentClauseError, match="in force on 2024-09-15") as caught:
        late_payments(contract=contract, invoices=INVOICES, rates=RATES, at=date(2024, 12, 31))
    assert caught.value.clauses == ()


def test_a_rate_series_that_starts_too_late_names_the_invoice():
    contract = load_contract(CONTRACTS / "004-imri.yaml").contract
    late = replace(RATES, rates=RATES.rates[-1:])  # from 2025-07-01 only
    with pytest.raises(InvoiceRateError) as caught:
        late_payments(contract=contract, invoices=INVOICES, rates=late, at=date(2024, 12, 31))
    assert caught.value.invoice == "F2024-001"
