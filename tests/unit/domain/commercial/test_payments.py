"""Payment due dates and late-payment penalties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from slaledger.domain.commercial.payments import (
    Invoice,
    LegalRate,
    LegalRates,
    MissingQuoteDateError,
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


def test_previsoft_charges_three_times_the_legal_rate_of_the_quote_date_and_40_euros(seeds):
    """003 CGV 7.4: « des pénalités égales à trois (3) fois le taux de l'intérêt légal en
    vigueur à la date d'émission du devis [...] ainsi une indemnité d'un montant de
    quarante (40) € pour frais de recouvrement »: the rate of the quote's day (the
    contract's quote_date, 14 June 2024: 5.07 %), not the 4.92 % of the days late."""
    penalty, terms = _previsoft(seeds)
    quote_date = seeds["003"].commercial.quote_date
    assert quote_date == date(2024, 6, 14)
    invoice = Invoice("F2", date(2024, 9, 15), Decimal(1200), paid=date(2024, 11, 14))
    result = late_payment(
        invoice,
        penalty=penalty,
        terms=terms,
        rates=RATES,
        at=date(2025, 1, 1),
        quote_date=quote_date,
    )
    assert result.days_late == 30  # 16 October to 14 November
    [piece] = result.pieces
    assert (piece.legal_rate, piece.annual_rate) == (Decimal("5.07"), Decimal("15.21"))
    assert (result.rate_fixed_on, result.rate_day_source) == (quote_date, "contract-quote-date")
    assert result.interest == Decimal("15.00")  # 1200 x 15.21 % x 30 / 365 = 15.0016
    assert result.fixed_fee == Decimal(40)
    assert result.total == Decimal("55.00")


def test_an_invoice_s_own_quote_date_wins_over_the_contract_s(seeds):
    """003 CGV 7.4 « en vigueur à la date d'émission du devis »: an invoice under a later
    quote (1 January 2025, 3.71 %) reads that quote's rate."""
    penalty, terms = _previsoft(seeds)
    invoice = Invoice(
        "F2", date(2025, 2, 1), Decimal(1000), paid=date(2025, 3, 13), quoted=date(2025, 1, 1)
    )
    result = late_payment(
        invoice,
        penalty=penalty,
        terms=terms,
        rates=RATES,
        at=date(2025, 6, 1),
        quote_date=date(2024, 6, 14),
    )
    [piece] = result.pieces
    assert (piece.legal_rate, result.rate_day_source) == (Decimal("3.71"), "invoice-quote-date")


def test_a_late_previsoft_invoice_without_any_quote_date_is_an_error(seeds):
    """003 CGV 7.4 fixes the rate « à la date d'émission du devis »: without the quote's
    date there is no rate to read, and the engine does not fall back on the days late."""
    penalty, terms = _previsoft(seeds)
    invoice = Invoice("F9", date(2024, 9, 15), Decimal(100))
    with pytest.raises(MissingQuoteDateError) as caught:
        late_payment(invoice, penalty=penalty, terms=terms, rates=RATES, at=date(2025, 1, 1))
    assert (caught.value.invoice, caught.value.clause_id) == ("F9", "late-payment")


def test_an_invoice_paid_on_time_needs_no_quote_date(seeds):
    penalty, terms = _previsoft(seeds)
    invoice = Invoice("F9", date(2024, 9, 15), Decimal(100), paid=date(2024, 9, 20))
    result = late_payment(invoice, penalty=penalty, terms=terms, rates=RATES, at=date(2025, 1, 1))
    assert (result.total, result.rate_day_source) == (0, "unknown")


def test_imri_charges_the_legal_rate_plus_five_points_split_where_the_rate_changes(seeds):
    """004 Article XI: « l'intérêt au taux légal majoré de Cinq points, calculé à compter
    de l'échéance contractuelle » fixes no day: each day late uses its own legal rate,
    even when a quote date is known."""
    penalty, terms = _imri(seeds)
    invoice = Invoice("F3", date(2024, 12, 20), Decimal(10000), quoted=date(2024, 1, 2))
    result = late_payment(
        invoice,
        penalty=penalty,
        terms=terms,
        rates=RATES,
        at=date(2025, 1, 10),
        quote_date=date(2024, 1, 2),
    )
    assert result.rate_day_source == "each-day"
    assert [(p.first, p.last, p.days, p.annual_rate) for p in result.pieces] == [
        (date(2024, 12, 21), date(2024, 12, 31), 11, Decimal("9.92")),
        (date(2025, 1, 1), date(2025, 1, 10), 10, Decimal("8.71")),
    ]
    expected = Decimal(10000) * (Decimal("9.92") * 11 + Decimal("8.71") * 10) / 100 / 365
    assert result.interest == expected.quantize(Decimal("0.01"))
    assert result.fixed_fee == 0  # IMRI states no recovery fee


def test_a_rate_day_given_by_the_caller_applies_to_every_day(seeds):
    penalty, terms = _imri(seeds)
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
    invoice = Invoice("F6", date(2024, 9, 15), Decimal(100), quoted=date(2024, 6, 14))
    result = late_payment(invoice, penalty=penalty, terms=terms, rates=RATES, at=date(2025, 1, 1))
    assert result.termination_right_from == date(2025, 1, 14)  # due 15 Oct + 91 days


def test_a_day_before_the_rate_series_is_named(seeds):
    penalty, terms = _imri(seeds)
    invoice = Invoice("F7", date(2023, 9, 15), Decimal(100))
    with pytest.raises(MissingRateError, match="2023-09-16"):
        late_payment(invoice, penalty=penalty, terms=terms, rates=RATES, at=date(2024, 1, 31))


def test_a_quote_date_before_the_rate_series_is_named(seeds):
    penalty, terms = _previsoft(seeds)
    invoice = Invoice("F7", date(2024, 9, 15), Decimal(100))
    with pytest.raises(MissingRateError, match="2023-06-01"):
        late_payment(
            invoice,
            penalty=penalty,
            terms=terms,
            rates=RATES,
            at=date(2025, 1, 31),
            quote_date=date(2023, 6, 1),
        )
