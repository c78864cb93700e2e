"""The ``sla`` command: translates arguments and output, nothing else."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from slaledger.adapters.cli.access_cmds import contracts
from slaledger.adapters.cli.availability_cmds import availability, credits
from slaledger.adapters.cli.budget_cmds import budget
from slaledger.adapters.cli.burn_cmds import burn
from slaledger.adapters.cli.calendar_cmds import calendar
from slaledger.adapters.cli.clock_budget_cmds import clock_budget
from slaledger.adapters.cli.commercial_cmds import (
    credit_balance_cmd,
    fees,
    liability,
    limits,
    surcharge,
    volumes,
)
from slaledger.adapters.cli.contract_cmds import lint, schema
from slaledger.adapters.cli.credit_note_cmds import credit_notes
from slaledger.adapters.cli.db_cmds import audit, backup, db, restore, tokens, users
from slaledger.adapters.cli.demo_cmds import demo
from slaledger.adapters.cli.errors import run_guarded
from slaledger.adapters.cli.fee_cmds import import_fees as _import_fees  # noqa: F401 - registers
from slaledger.adapters.cli.figures_cmds import figures
from slaledger.adapters.cli.forecast_cmds import forecast, forecast_backtest
from slaledger.adapters.cli.incident_cmds import incidents
from slaledger.adapters.cli.ingest_cmds import ingest
from slaledger.adapters.cli.kpi_cmds import kpis
from slaledger.adapters.cli.ledger_cmds import ledger
from slaledger.adapters.cli.maintenance_cmds import maintenance
from slaledger.adapters.cli.obligation_cmds import obligations
from slaledger.adapters.cli.penalty_cmds import penalties
from slaledger.adapters.cli.price_cmds import price
from slaledger.adapters.cli.probe_cmds import probe
from slaledger.adapters.cli.prometheus_cmds import prometheus
from slaledger.adapters.cli.report_cmds import report
from slaledger.adapters.cli.serve_cmds import serve
from slaledger.adapters.cli.uptime_cmds import uptime


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="slaledger")
def cli() -> None:
    """SLA Ledger: IT service contracts as executable, auditable commitments."""


for command in (
    calendar,
    schema,
    lint,
    incidents,
    kpis,
    obligations,
    price,
    penalties,
    liability,
    surcharge,
    fees,
    volumes,
    limits,
    credit_balance_cmd,
    maintenance,
    availability,
    credits,
    budget,
    burn,
    forecast,
    forecast_backtest,
    clock_budget,
    ingest,
    probe,
    report,
    ledger,
    db,
    audit,
    users,
    tokens,
    contracts,
    credit_notes,
    figures,
    backup,
    restore,
    demo,
    serve,
):
    cli.add_command(command)
for source in (prometheus, uptime):
    ingest.add_command(source)


def main(argv: Sequence[str] | None = None) -> None:
    sys.exit(run_guarded(cli, argv))
