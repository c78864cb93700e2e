"""``sla ledger``: every clause of a contract and the figures the commands compute for it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from slaledger.adapters.cli.obligation_cmds import _Opened
from slaledger.adapters.cli.report_cmds import DATA_FILES
from slaledger.adapters.cli.values import amount_value, covers_flag, date_value, declared_outages
from slaledger.adapters.files.commercial_inputs import read_invoices, read_obligation_events
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.observations import (
    read_counts,
    read_maintenance,
    read_outages,
    read_samples,
)
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.bootstrap import min_coverage
from slaledger.domain.obligations.dates import start_of_day
from slaledger.domain.obligations.model import ObligationError, Trigger
from slaledger.domain.obligations.schedule import build_schedule, known_events
from slaledger.domain.periods import Month
from slaledger.services.ledger import clause_ledger, uncovered
from slaledger.services.statements import build_statement

#: the events of the obligations calendar (not the incident events), in the data folder
OBLIGATION_EVENTS = "obligation-events.csv"
_READERS: dict[str, Callable[[Path], Any]] = {
    "outages": read_outages,
    "samples": read_samples,
    "counts": read_counts,
    "maintenance": read_maintenance,
    "events": read_events,
    "invoices": read_invoices,
}


@click.command("ledger")
@click.argument("contract_file", metavar="CONTRACT")
@click.option("--data", "data_dir", required=True, help="folder of the contract's data files")
@click.option("--year", "year_text", required=True, help="the calendar year, YYYY")
@click.option("--fee", "fee_text", help="monthly fee, for credit amounts")
@click.option("--opened", "opened_text", help="service opening date YYYY-MM-DD")
@click.option("--invoices", "invoices_file", help="invoices (CSV), for the liability caps")
@covers_flag
def ledger(data_dir: str, year_text: str, **options: Any) -> None:
    """Each clause id of CONTRACT and what the statements of every month of the year and
    the obligations calendar compute for it (JSON), with the clauses no command reaches
    and why (text_only) or, when the file gives no reason, under "uncovered"."""
    folder = Path(data_dir)
    if not folder.is_dir():
        raise InputError([Problem("command line", "--data", "a directory", describe(data_dir))])
    year = _year(year_text)
    loaded = load_contract(options["contract_file"])
    contract = loaded.contract
    inputs = {name: _read(folder, name) for name in DATA_FILES}
    inputs["outages"] = declared_outages(
        inputs["outages"], options["covers_texts"], contract.timezone, folder
    )
    if options["invoices_file"]:
        inputs["invoices"] = read_invoices(options["invoices_file"])
    fee, opened = amount_value(options["fee_text"]), date_value(options["opened_text"])
    statements = [
        build_statement(
            loaded_contract=loaded,
            month=Month(year, m),
            fee=fee,
            opened=opened,
            min_coverage=min_coverage(),
            **inputs,
        )
        for m in range(1, 13)
    ]
    triggers: tuple[Trigger, ...] = ()
    events = folder / OBLIGATION_EVENTS
    if events.is_file():
        triggers = read_obligation_events(
            events, zone=contract.timezone, known=known_events(contract),
            clauses=contract.clause_ids(),
        )  # fmt: skip
    context = _Opened(loaded)
    try:
        schedule = build_schedule(
            contract,
            triggers=triggers,
            calendars=context.calendars(),
            start=start_of_day(date(year, 1, 1), context.zone),
            # the deadlines of what happens in the year may fall in the next one
            end=start_of_day(date(year + 2, 1, 1), context.zone),
        )
    except ObligationError as exc:
        raise context.clause_problem(exc) from None
    figures = clause_ledger(contract, statements, schedule)
    text_only = {
        item.clause.id: item.clause.text_only
        for item in contract.clauses()
        if item.clause.text_only
    }
    document = {
        "contract": contract.id,
        "year": year,
        "clauses": figures,
        "text_only": dict(sorted(text_only.items())),
        "uncovered": uncovered(contract, figures),
    }
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _read(folder: Path, name: str) -> Any:
    found = [folder / c for c in DATA_FILES[name] if (folder / c).is_file()]
    return _READERS[name](found[0]) if found else None


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise InputError(
            [Problem("command line", "--year", "a year, YYYY (for example 2024)", describe(text))]
        )
    return int(text)
