"""``sla report``: a contract's monthly statement as HTML, PDF or JSON, in French or English."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from slaledger.adapters.cli.fee_options import fee_book, fee_book_options
from slaledger.adapters.cli.values import (
    covers_flag,
    date_value,
    declared_outages,
    fee_value,
    month_value,
)
from slaledger.adapters.files.commercial_inputs import read_invoices, read_obligation_events
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.instants import parse_instant
from slaledger.adapters.files.observations import (
    read_counts,
    read_maintenance,
    read_outages,
    read_samples,
)
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.reports.statement import FORMATS, LANGUAGES, render
from slaledger.bootstrap import contract_calendars, min_coverage
from slaledger.domain.contract.contract import Contract
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.message import Items, msg
from slaledger.domain.obligations.model import Trigger
from slaledger.domain.obligations.schedule import known_events
from slaledger.services.statements import build_statement

#: the files ``--data DIR`` looks for, by option (the first one found is used)
DATA_FILES = {
    "events": ("events.csv", "events.jsonl"),
    "outages": ("outages.csv", "outages.jsonl", "outages.parquet"),
    "samples": ("samples.csv", "samples.jsonl", "samples.parquet"),
    "counts": ("counts.parquet", "counts.csv", "counts.jsonl"),
    "maintenance": ("maintenance.csv", "maintenance.jsonl", "maintenance.parquet"),
    "invoices": ("invoices.csv",),
}


@click.command("report")
@click.argument("contract_file", metavar="CONTRACT")
@click.option("--month", "month_text", required=True, help="the month, YYYY-MM")
@click.option("--lang", "language", default="fr", show_default=True, help="fr or en")
@click.option("--format", "format_", help="html, pdf or json (default: from --output's suffix)")
@click.option("--output", "output", help="the file to write (default: standard output)")
@click.option("--data", "data_dir", help="a directory holding events.csv, outages.csv, ...")
@click.option("--events", "events_file", help="incident events (CSV or JSON lines)")
@click.option("--outages", "outages_file", help="outage records")
@click.option("--samples", "samples_file", help="probe samples")
@click.option("--counts", "counts_file", help="request counts per interval")
@click.option("--maintenance", "maintenance_file", help="maintenance windows")
@click.option("--invoices", "invoices_file", help="invoices (CSV), for the liability caps")
@click.option(
    "--obligation-events",
    "obligation_events_file",
    help="the contract's events (CSV), for its suspension clauses",
)
@click.option("--fee", "fee_text", help="the monthly fee and currency ('1250.00 EUR')")
@fee_book_options
@click.option("--opened", "opened_text", help="service opening date YYYY-MM-DD (contract years)")
@click.option("--now", "now_text", help="figures as of this instant (default: the month's end)")
@click.option(
    "--customer",
    "customer",
    help="the customer account's name, shown beside the contract's customer party",
)
@covers_flag
def report(**options: Any) -> None:
    """The monthly statement: availability and its trace, incidents and their deadlines,
    KPIs, credits and the claim deadline, credit days carried, liability caps (with
    --invoices), maintenance performed, lint warnings."""
    month = month_value(options["month_text"])
    language = _language(options["language"])
    format_ = _format(options["format_"], options["output"])
    files = _files(options)
    loaded = load_contract(options["contract_file"])
    now = (
        parse_instant(options["now_text"], source="command line", field="--now")
        if options["now_text"]
        else None
    )
    statement = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=month,
        outages=declared_outages(
            read_outages(files["outages"]) if files["outages"] else None,
            options["covers_texts"],
            loaded.contract.timezone,
            options["data_dir"],
        ),
        samples=read_samples(files["samples"]) if files["samples"] else None,
        counts=read_counts(files["counts"]) if files["counts"] else None,
        maintenance=read_maintenance(files["maintenance"]) if files["maintenance"] else None,
        events=_events(files["events"]),
        fee=fee_value(options["fee_text"]),
        fee_book=fee_book(loaded.contract, options),
        opened=date_value(options["opened_text"]),
        now=now,
        invoices=read_invoices(files["invoices"]) if files["invoices"] else None,
        min_coverage=min_coverage(),
        contract_events=contract_events(_obligation_events(options), loaded.contract),
        account=_customer(options["customer"]),
    )
    document = render(statement, language=language, format=format_)
    _write(document, options["output"])


#: the contract's own events (obligation events, not incident events) in ``--data``
OBLIGATION_EVENTS = "obligation-events.csv"


def contract_events(path: str | Path | None, contract: Contract) -> tuple[Trigger, ...]:
    """The obligation events of ``path``, checked against the contract's events and
    clauses; none without a file."""
    if path is None:
        return ()
    return read_obligation_events(
        path, zone=contract.timezone, known=known_events(contract), clauses=contract.clause_ids()
    )


def _obligation_events(options: dict[str, Any]) -> str | None:
    given: str | None = options["obligation_events_file"]
    folder = options["data_dir"]
    if given is None and folder is not None and (Path(folder) / OBLIGATION_EVENTS).is_file():
        given = str(Path(folder) / OBLIGATION_EVENTS)
    return given


def _customer(text: str | None) -> str | None:
    if text is None:
        return None
    if not text.strip() or any(ord(ch) < 32 for ch in text):
        raise InputError(
            [Problem("command line", "--customer", msg("input.cli.customer"), describe(text))]
        )
    return text.strip()


def _events(path: str | None) -> IncidentTable | None:
    return read_events(path) if path else None


def _files(options: dict[str, Any]) -> dict[str, str | None]:
    """Each input file: the option's, else the one found in ``--data``."""
    folder = options["data_dir"]
    if folder is not None and not Path(folder).is_dir():
        raise InputError(
            [Problem("command line", "--data", msg("input.cli.directory"), describe(folder))]
        )
    chosen: dict[str, str | None] = {}
    for name, candidates in DATA_FILES.items():
        given = options[f"{name}_file"]
        if given is None and folder is not None:
            found = [Path(folder) / c for c in candidates if (Path(folder) / c).is_file()]
            given = str(found[0]) if found else None
        chosen[name] = given
    return chosen


def _language(text: str) -> str:
    if text not in LANGUAGES:
        expected = msg("input.cli.language", languages=Items(tuple(LANGUAGES), "or"))
        raise InputError([Problem("command line", "--lang", expected, describe(text))])
    return text


def _format(text: str | None, output: str | None) -> str:
    chosen = text
    if chosen is None and output not in (None, "-"):
        chosen = Path(str(output)).suffix.lstrip(".").lower() or None
    if chosen is None:
        raise InputError(
            [
                Problem(
                    "command line",
                    "--format",
                    msg("input.cli.format-or-output", formats=", ".join(FORMATS)),
                    msg("input.found.nothing"),
                )
            ]
        )
    if chosen not in FORMATS:
        field = "--format" if text is not None else "--output"
        raise InputError(
            [
                Problem(
                    "command line",
                    field,
                    msg("input.cli.format", formats=", ".join(FORMATS)),
                    describe(chosen),
                )
            ]
        )
    if chosen == "pdf" and output in (None, "-"):
        raise InputError(
            [
                Problem(
                    "command line",
                    "--output",
                    msg("input.cli.pdf-file"),
                    msg("input.found.nothing"),
                )
            ]
        )
    return chosen


def _write(document: bytes, output: str | None) -> None:
    if output in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(document)
        sys.stdout.buffer.flush()
        return
    try:
        Path(str(output)).write_bytes(document)
    except OSError as exc:
        raise InputError(
            [
                Problem(
                    "command line",
                    "--output",
                    msg("input.cli.writable-file"),
                    f"'{output}': {exc.strerror or exc}",
                )
            ]
        ) from None
