"""Use case: the credit notes as a finance team imports them into its invoicing tool —
one row per note of a month of issue (CSV or JSON), and a per-customer year-to-date
summary with one total per currency (amounts in different currencies are never added).

The CSV is plain RFC 4180 (comma, CRLF, UTF-8) with every cell neutralised against
formula injection (``services/spreadsheet.py``: a cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is prefixed with a single quote, a plain
signed number such as ``-5.00`` stays a number). Nothing here reads a database or a
clock: the rows are the caller's.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from slaledger.services.spreadsheet import neutralised

#: the columns of the export, in order
COLUMNS = (
    "number",
    "issued_at",
    "contract",
    "customer",
    "service",
    "month",
    "granted",
    "unit",
    "amount",
    "currency",
    "clause",
    "status",
)
GRANTED, PARTIAL = "granted", "granted-partially"


@dataclass(frozen=True)
class NoteRow:
    """One credit note with what billing needs: the credited ``month`` (YYYY-MM), the
    value ``granted`` in ``unit``, its money when known, the clause of the credit
    schedule and the status (``granted`` or ``granted-partially``)."""

    number: str
    issued_at: datetime
    contract: str
    customer: str
    service: str
    month: str
    granted: Decimal | None
    unit: str | None
    amount: Decimal | None
    currency: str | None
    clause: str
    status: str


def note_status(owed: Decimal | None, granted: Decimal | None) -> str:
    """``granted-partially`` when less than the credit earned was granted."""
    if owed is not None and granted is not None and granted < owed:
        return PARTIAL
    return GRANTED


def note_json(row: NoteRow) -> dict[str, Any]:
    return {
        "number": row.number,
        "issued_at": row.issued_at.isoformat(),
        "contract": row.contract,
        "customer": row.customer,
        "service": row.service,
        "month": row.month,
        "granted": _decimal(row.granted),
        "unit": row.unit,
        "amount": _decimal(row.amount),
        "currency": row.currency,
        "clause": row.clause,
        "status": row.status,
    }


def notes_csv(rows: Iterable[NoteRow]) -> str:
    """The rows as CSV with a header line, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        values = note_json(row)
        writer.writerow([neutralised("" if values[c] is None else str(values[c])) for c in COLUMNS])
    return buffer.getvalue()


@dataclass(frozen=True)
class SummaryRow:
    """A customer's notes of the year in one currency (``None``: notes without money,
    percent or days only): how many, and the total of their amounts."""

    customer: str
    currency: str | None
    notes: int
    amount: Decimal | None


def year_summary(rows: Sequence[NoteRow]) -> list[SummaryRow]:
    """Per customer and currency, in that order: the notes counted and their amounts
    summed (never across currencies)."""
    groups: dict[tuple[str, str | None], list[NoteRow]] = {}
    for row in rows:
        currency = row.currency if row.amount is not None else None
        groups.setdefault((row.customer, currency), []).append(row)
    summary = []
    for (customer, currency), members in sorted(
        groups.items(), key=lambda item: (item[0][0], item[0][1] or "")
    ):
        total = None
        if currency is not None:
            total = sum((m.amount for m in members if m.amount is not None), Decimal(0))
        summary.append(SummaryRow(customer, currency, len(members), total))
    return summary


def summary_json(row: SummaryRow) -> dict[str, Any]:
    return {
        "customer": row.customer,
        "currency": row.currency,
        "notes": row.notes,
        "amount": _decimal(row.amount),
    }


def summary_csv(rows: Iterable[SummaryRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("customer", "currency", "notes", "amount"))
    for row in rows:
        values = summary_json(row)
        writer.writerow([neutralised("" if values[c] is None else str(values[c])) for c in values])
    return buffer.getvalue()


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
