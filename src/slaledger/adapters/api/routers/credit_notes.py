"""Credit notes for billing (docs/billing-exports.md): the notes issued in a month, as
JSON or CSV (``GET /api/credit-notes``), and each customer's year-to-date totals per
currency (``GET /api/credit-notes/summary``). Provider roles see every customer's; a
customer viewer only its own. CSV cells are neutralised against formula injection."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from slaledger.adapters.api.auth import Principal
from slaledger.adapters.api.deps import CurrentUser, StoreDep
from slaledger.adapters.api.params import FIRST_YEAR, LAST_YEAR, parse_month
from slaledger.adapters.api.problems import invalid
from slaledger.adapters.db.credit_exports import note_rows
from slaledger.domain.message import msg
from slaledger.services.credit_exports import (
    note_json,
    notes_csv,
    summary_csv,
    summary_json,
    year_summary,
)

router = APIRouter(prefix="/api/credit-notes", tags=["credit notes"])
FORMATS = ("json", "csv")
MonthQuery = Annotated[str, Query(description="the month of issue, YYYY-MM")]
FormatQuery = Annotated[str, Query(description="json or csv")]


@router.get("", summary="The credit notes issued in a month, for billing (JSON or CSV)")
def list_notes(
    store: StoreDep, user: CurrentUser, month: MonthQuery, format: FormatQuery = "json"
) -> Any:
    chosen = parse_month(month)
    _check_format(format)
    rows = note_rows(store, year=chosen.year, month=chosen, customer_id=_own(user))
    if format == "csv":
        return _csv(notes_csv(rows), f"credit-notes-{chosen}.csv")
    return {"month": str(chosen), "credit_notes": [note_json(r) for r in rows]}


@router.get("/summary", summary="Each customer's credit notes of a year, per currency")
def summary(
    store: StoreDep,
    user: CurrentUser,
    year: Annotated[int, Query(description="the year of issue")],
    format: FormatQuery = "json",
) -> Any:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise invalid(
            "year",
            msg("problem.expected.year-range", first=str(FIRST_YEAR), last=str(LAST_YEAR)),
            str(year),
        )
    _check_format(format)
    rows = year_summary(note_rows(store, year=year, customer_id=_own(user)))
    if format == "csv":
        return _csv(summary_csv(rows), f"credit-notes-{year}-summary.csv")
    return {"year": year, "customers": [summary_json(r) for r in rows]}


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise invalid("format", msg("problem.expected.json-or-csv"), format)


def _csv(text: str, filename: str) -> Response:
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _own(user: Principal) -> int | None:
    """The customer whose notes a viewer sees; None (every customer's) for the provider."""
    user.check_unrestricted(msg("problem.what.credit-notes"))
    return user.customer_id if user.is_viewer else None
