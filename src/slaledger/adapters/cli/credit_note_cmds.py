"""``sla credit-notes export|summary``: the credit notes for billing, from the database
(docs/billing-exports.md). They translate arguments and output; the rows are
``adapters/db/credit_exports``'s, the formats ``services/credit_exports``'s."""

from __future__ import annotations

import json
import sys

import click

from slaledger.adapters.cli.db_cmds import _refusals, _store, db_option
from slaledger.adapters.db.credit_exports import note_rows
from slaledger.domain.periods import Month
from slaledger.services.credit_exports import (
    note_json,
    notes_csv,
    summary_csv,
    summary_json,
    year_summary,
)

FORMAT = click.Choice(["csv", "json"])


@click.group(name="credit-notes")
def credit_notes() -> None:
    """Credit notes for billing: a month's notes, a year's totals per customer."""


@credit_notes.command(name="export")
@db_option
@click.option("--month", required=True, help="the month of issue, YYYY-MM")
@click.option("--format", "output", type=FORMAT, default="csv", show_default=True)
@_refusals
def export(url: str | None, month: str, output: str) -> None:
    """The credit notes issued in MONTH (the contract's local month), one row each:
    number, issued_at, contract, customer, service, month, granted, unit, amount,
    currency, clause, status."""
    chosen = _month(month)
    with _store(url) as store:
        rows = note_rows(store, year=chosen.year, month=chosen)
    if output == "csv":
        sys.stdout.write(notes_csv(rows))
        return
    document = {"month": str(chosen), "credit_notes": [note_json(r) for r in rows]}
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@credit_notes.command(name="summary")
@db_option
@click.option("--year", required=True, type=click.IntRange(1970, 2199), help="the year of issue")
@click.option("--format", "output", type=FORMAT, default="csv", show_default=True)
@_refusals
def summary(url: str | None, year: int, output: str) -> None:
    """Each customer's credit notes of YEAR: how many and their total per currency
    (amounts in different currencies are never added)."""
    with _store(url) as store:
        rows = year_summary(note_rows(store, year=year))
    if output == "csv":
        sys.stdout.write(summary_csv(rows))
        return
    document = {"year": year, "customers": [summary_json(r) for r in rows]}
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        raise click.BadParameter(
            f"expected a month YYYY-MM, found {text!r}", param_hint="--month"
        ) from None
