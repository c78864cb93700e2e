"""``sla ledger``: every clause of a contract and the figures the commands compute for it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from slaledger.adapters.cli.errors import error_language
from slaledger.adapters.cli.opened import OpenedContract
from slaledger.adapters.cli.report_cmds import DATA_FILES, OBLIGATION_EVENTS, contract_events
from slaledger.adapters.cli.values import (
    amount_value,
    covers_flag,
    date_value,
    declared_outages,
    fee_value,
)
from slaledger.adapters.files.commercial_inputs import (
    read_backup_log,
    read_invoices,
    read_legal_rates,
    read_quantities,
    read_volumes,
)
from slaledger.adapters.files.commercial_orders import read_day_orders, read_equipment
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.observations import (
    read_counts,
    read_maintenance,
    read_outages,
    read_samples,
)
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.i18n import english
from slaledger.bootstrap import contract_calendars, min_coverage
from slaledger.domain.commercial.payments import MissingQuoteDateError
from slaledger.domain.commercial.quantities import LimitCheck
from slaledger.domain.contract.contract import Contract
from slaledger.domain.message import msg
from slaledger.domain.obligations.dates import start_of_day
from slaledger.domain.obligations.model import ObligationError
from slaledger.domain.obligations.schedule import build_schedule
from slaledger.domain.periods import Month
from slaledger.services.commercial import CommercialError, quantity_limits
from slaledger.services.ledger import (
    clause_ledger,
    limit_entries,
    merge_ledgers,
    suspension_entries,
    uncovered,
)
from slaledger.services.ledger_contract import hours_ledger, late_term_ledger
from slaledger.services.ledger_inputs import CommercialInputs, backup_ledger, commercial_ledger
from slaledger.services.payments import InvoiceRateError, LatePaymentClauseError
from slaledger.services.statements import build_statement

_READERS: dict[str, Callable[[Path], Any]] = {
    "outages": read_outages,
    "samples": read_samples,
    "counts": read_counts,
    "maintenance": read_maintenance,
    "events": read_events,
    "invoices": read_invoices,
}
#: optional files of the data folder, for the figures of `sla volumes`, `sla fees`,
#: `sla surcharge` and `sla obligations --backups`
VOLUMES, ORDERS, EQUIPMENT, BACKUPS = (
    "volumes.csv", "engineer-days.csv", "equipment.csv", "backups.csv",
)  # fmt: skip


@click.command("ledger")
@click.argument("contract_file", metavar="CONTRACT")
@click.option("--data", "data_dir", required=True, help="folder of the contract's data files")
@click.option("--year", "year_text", required=True, help="the calendar year, YYYY")
@click.option("--fee", "fee_text", help="the monthly fee and currency ('1250.00 EUR')")
@click.option("--opened", "opened_text", help="service opening date YYYY-MM-DD")
@click.option(
    "--invoices", "invoices_file", help="invoices (CSV), for the liability caps and penalties"
)
@click.option("--rates", "rates_file", help="legal rates (CSV), for the late-payment penalties")
@click.option("--contracted", "contracted_text", help="contracted volume, with DIR/volumes.csv")
@covers_flag
def ledger(data_dir: str, year_text: str, **options: Any) -> None:
    """Each clause id of CONTRACT and what the statements of every month of the year and
    the obligations calendar compute for it (JSON), with the clauses no command reaches
    and why (text_only) or, when the file gives no reason, under "uncovered". DIR may
    also hold volumes.csv, engineer-days.csv, equipment.csv and backups.csv."""
    folder = Path(data_dir)
    if not folder.is_dir():
        raise InputError(
            [Problem("command line", "--data", msg("input.cli.directory"), describe(data_dir))]
        )
    year = _year(year_text)
    loaded = load_contract(options["contract_file"])
    contract = loaded.contract
    inputs = {name: _read(folder, name) for name in DATA_FILES}
    inputs["outages"] = declared_outages(
        inputs["outages"], options["covers_texts"], contract.timezone, folder
    )
    if options["invoices_file"]:
        inputs["invoices"] = read_invoices(options["invoices_file"])
    fee, opened = fee_value(options["fee_text"]), date_value(options["opened_text"])
    events = folder / OBLIGATION_EVENTS
    triggers = contract_events(events if events.is_file() else None, contract)
    statements = [
        build_statement(
            loaded_contract=loaded,
            calendars=contract_calendars(loaded.contract),
            month=Month(year, m),
            fee=fee,
            opened=opened,
            min_coverage=min_coverage(),
            contract_events=triggers,
            **inputs,
        )
        for m in range(1, 13)
    ]
    context = OpenedContract(loaded)
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
        raise context.clause_problem(exc, error_language(())) from None
    figures = clause_ledger(contract, statements, schedule, say=english)
    calendars = context.calendars()
    figures = merge_ledgers(
        figures,
        hours_ledger(contract, calendars=calendars, year=year, computed=figures),
        late_term_ledger(
            contract,
            triggers=triggers,
            calendars=calendars,
            year=year,
            computed=figures,
            say=english,
        ),
        _commercial(contract, folder, year, inputs.get("invoices"), options),
    )
    backups = folder / BACKUPS
    if backups.is_file():
        successes = read_backup_log(backups).successes
        figures = merge_ledgers(
            figures, backup_ledger(contract, successes=successes, calendars=calendars, year=year)
        )
    figures = merge_ledgers(
        figures,
        suspension_entries(statements),
        limit_entries(_limit_checks(folder, loaded.contract)),
    )
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


def _commercial(
    contract: Contract, folder: Path, year: int, invoices: Any, options: dict[str, Any]
) -> dict[str, list[str]]:
    """The figures of the commercial commands from the folder's optional files."""
    volumes, orders, equipment = folder / VOLUMES, folder / ORDERS, folder / EQUIPMENT
    contracted = amount_value(options["contracted_text"], "--contracted")
    if volumes.is_file() and contracted is None:
        raise InputError(
            [
                Problem(
                    "command line",
                    "--contracted",
                    msg("input.cli.contracted-volume", file=str(volumes)),
                    msg("input.found.none-of-them"),
                )
            ]
        )
    fee_clauses = {f.clause.id for f in contract.commercial.fees}
    inputs = CommercialInputs(
        volumes=read_volumes(volumes) if volumes.is_file() else None,
        contracted=contracted,
        orders=read_day_orders(orders, fee_clauses=fee_clauses) if orders.is_file() else (),
        equipment=read_equipment(equipment) if equipment.is_file() else (),
        invoices=invoices,
        rates=read_legal_rates(options["rates_file"]) if options["rates_file"] else None,
    )
    try:
        return commercial_ledger(contract, inputs, year=year)
    except (CommercialError, LatePaymentClauseError, MissingQuoteDateError) as exc:
        raise InputError(
            [Problem(str(folder), "commercial inputs", msg("input.cli.judged-inputs"), str(exc))]
        ) from None
    except InvoiceRateError as exc:
        raise InputError(
            [
                Problem(
                    options["rates_file"],
                    "period",
                    msg("input.cli.legal-rate", day=str(exc.day)),
                    f"none for invoice {exc.invoice}",
                )
            ]
        ) from None


#: the counts of limited quantities (seats, nomad VPNs), in the data folder
QUANTITIES = "quantities.csv"


def _limit_checks(folder: Path, contract: Contract) -> list[LimitCheck]:
    path = folder / QUANTITIES
    if not (path.is_file() and contract.commercial.quantity_limits):
        return []
    try:
        return quantity_limits(contract=contract, counts=read_quantities(path))
    except CommercialError as exc:
        raise InputError(
            [Problem(str(path), "count", str(exc), msg("input.found.none-of-them"))]
        ) from None


def _read(folder: Path, name: str) -> Any:
    found = [folder / c for c in DATA_FILES[name] if (folder / c).is_file()]
    return _READERS[name](found[0]) if found else None


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise InputError([Problem("command line", "--year", msg("input.cli.year"), describe(text))])
    return int(text)
