"""Payment due dates and late-payment penalties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from slaledger.domain.commercial.payments import (
    Invoice,
    LegalRate,
    LegalRates,
    MissingRateError,
    due_date,
    late_payment,
)

RATES = LegalRates.of(
    [
        LegalRate(date(2024, 1, 1), Decimal("5.07")),
        LegalRate(date(2024, 7, 1), Decimal("4.92")),
        LegalRate(date(2025, 1, 1), Decimal("3.71")),
    ]
)


def _previsoft(seeds):
    c = seeds["003"].commercial
    return c.late_payment[0], c.payment_terms[0]


def _imri(seeds):
    c = seeds["004"].commercial
    return c.late_payment[0], c.payment_terms[0]


def test_a_previsoft_invoice_is_due_30_days_after_its_issue(seeds):
    _, terms = _previsoft(seeds)
    assert due_date(Invoice("F1", date(2024, 9, 15), Decimal(100)), terms) == date(2024, 10, 15)


def test_an_imri_invoice_is_due_on_receipt(seeds):
    _, terms = _imri(seeds)
    assert due_date(Invoice("F1", date(2024, 9, 15), Decimal(100)), terms) == date(2024, 9, 15)


def test_an_invoice_that_states_its_due_date_keeps_it(seeds):
    _, terms = _previsoft(seeds)
    invoice = Invoice("F1", date(2024, 9, 15), Decimal(100), due=date(2024, 9, 30))
    assert due_date(invoice, terms) == date(2024, 9, 30)


def test_previsoft_charges_three_times_the_legal_rate_and_40_euros(seeds):
    penalty, terms = _previsoft(seeds)
    invoice = Invoice("F2", date(2024, 9, 15), Decimal(1200), paid=date(2024, 11, 14))
    result = late_payment(invoice, penalty=penalty, terms=terms, rates=RATES, at=date(2025, 1, 1))
    assert result.days_late == 30  # 16 October to 14 November
    [piece] = result.pieces
    assert piece.annual_rate == Decimal("14.76")
    assert result.interest == Decimal("14.56")  # 1200 x 14.76 % x 30 / 365 = 14.558
    assert result.fixed_fee == Decimal(40)
    assert result.total == Decimal("54.56")


def test_imri_charges_the_legal_rate_plus_five_points_split_where_the_rate_changes(seeds):
    penalty, terms = _imri(seeds)
    invoice = Invoice("F3", date(2024, 12, 20), Decimal(10000))
    result = late_payment(invoice, penalty=penalty, terms=terms, rates=RATES, at=date(2025, 1, 10))
    assert [(p.first, p.last, p.days, p.annual_rate) for p in result.pieces] == [
        (date(2024, 12, 21), date(2024, 12, 31), 11, Decimal("9.92")),
        (date(2025, 1, 1), date(2025, 1, 10), 10, Decimal("8.71")),
    ]
    expected = Decimal(10000) * (Decimal("9.92") * 11 + Decimal("8.71") * 10) / 100 / 365
    assert result.interest == expected.quantize(Decimal("0.01"))
    assert result.fixed_fee == 0  # IMRI states no recovery fee


def test_a_rate_fixed_on_the_quote_date_applies_to_every_day(seeds):
    penalty, terms = _previsoft(seeds)
    invoice = Invoice("F4", date(2024, 11, 1), Decimal(3650))
    result = late_payment(
        invoice,
        penalty=penalty,
        terms=terms,
        rates=RATES,
        at=date(2025, 1, 31),
        rate_fixed_on=date(2024, 2, 1),
    )
    [piece] = result.pieces
    assert piece.legal_rate == Decimal("5.07")


def test_an_invoice_paid_on_its_due_date_owes_nothing(seeds):
    penalty, terms = _previsoft(seeds)
    invoice = Invoice("F5", date(2024, 9, 15), Decimal(100), paid=date(2024, 10, 15))
    result = late_payment(invoice, penalty=penalty, terms=terms, rates=RATES, at=date(2025, 1, 1))
    assert (result.days_late, result.total) == (0, 0)


def test_more_than_90_days_late_opens_previsofts_termination_right(seeds):
    penalty, terms = _previsoft(seeds)
    invoice = Invoice("F6", date(2024, 9, 15), Decimal(100))
    result = late_payment(invoice, penalty=penalty, terms=terms, rates=RATES, at=date(2025, 1, 1))
    assert result.termination_right_from == date(2025, 1, 14)  # due 15 Oct + 91 days


def test_a_day_before_the_rate_series_is_named(seeds):
    penalty, terms = _previsoft(seeds)
    invoice = Invoice("F7", date(2023, 9, 15), Decimal(100))
    with pytest.raises(MissingRateError, match="2023-10-16"):
        late_payment(invoice, penalty=penalty, terms=terms, rates=RATES, at=date(2024, 1, 31))
