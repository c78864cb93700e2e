"""The billing exports: CSV cells a spreadsheet reads as text (no formula), one total per
customer and currency (never summed across currencies), partial grants marked."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from slaledger.services.credit_exports import (
    COLUMNS,
    NoteRow,
    note_status,
    notes_csv,
    summary_csv,
    year_summary,
)
from slaledger.services.spreadsheet import neutralised

PARIS = ZoneInfo("Europe/Paris")


def _row(number: str, customer: str, amount: str | None, currency: str | None) -> NoteRow:
    return NoteRow(
        number=number,
        issued_at=datetime(2024, 3, 15, 10, tzinfo=PARIS),
        contract="saas-annexes",
        customer=customer,
        service="saas",
        month="2024-02",
        granted=Decimal(10),
        unit="percent-of-fee",
        amount=None if amount is None else Decimal(amount),
        currency=currency,
        clause="credits",
        status="granted",
    )


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),  # a formula
        ("+33 1 23", "'+33 1 23"),  # a plus sign starts a formula too
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),  # a tab some spreadsheets skip
        ("Le Client", "Le Client"),  # plain text unchanged
        ("CN-2024-0001", "CN-2024-0001"),
        ("-5", "-5"),  # a plain signed number stays a number
        ("-12.50", "-12.50"),
        ("+3", "+3"),
        ("-12,50", "-12,50"),  # a French decimal mark
        ("-5e3", "'-5e3"),  # anything more than sign, digits and one mark is prefixed
        ("-1-1", "'-1-1"),
        ("-", "'-"),
        ("\r5", "'\r5"),
    ],
)
def test_a_cell_that_would_start_a_formula_is_prefixed_with_a_quote(cell, shown) -> None:
    assert neutralised(cell) == shown


def test_the_csv_has_the_columns_and_neutralises_every_cell() -> None:
    text = notes_csv([_row("CN-2024-0001", "=cmd|' /C calc'!A0", "125.00", "EUR")])
    header, line = list(csv.reader(io.StringIO(text)))
    assert tuple(header) == COLUMNS
    assert line[COLUMNS.index("customer")] == "'=cmd|' /C calc'!A0"
    assert line[COLUMNS.index("amount")] == "125.00"
    assert line[COLUMNS.index("issued_at")] == "2024-03-15T10:00:00+01:00"


def test_the_summary_totals_each_customer_per_currency_never_across() -> None:
    rows = [
        _row("CN-1", "Beta", "10.00", "EUR"),
        _row("CN-2", "Alpha", "5.00", "USD"),
        _row("CN-3", "Alpha", "7.50", "EUR"),
        _row("CN-4", "Alpha", "2.50", "EUR"),
        _row("CN-5", "Alpha", None, None),  # days or percent only: counted, not summed
    ]
    found = [(r.customer, r.currency, r.notes, r.amount) for r in year_summary(rows)]
    assert found == [
        ("Alpha", None, 1, None),
        ("Alpha", "EUR", 2, Decimal("10.00")),
        ("Alpha", "USD", 1, Decimal("5.00")),
        ("Beta", "EUR", 1, Decimal("10.00")),
    ]
    assert summary_csv(year_summary(rows)).splitlines()[0] == "customer,currency,notes,amount"


@pytest.mark.parametrize(
    ("owed", "granted", "status"),
    [
        (Decimal(10), Decimal(10), "granted"),
        (Decimal(10), Decimal(4), "granted-partially"),
        (None, Decimal(2), "granted"),  # the contract left the credit undetermined
    ],
)
def test_a_grant_below_the_credit_earned_is_partial(owed, granted, status) -> None:
    assert note_status(owed, granted) == status
