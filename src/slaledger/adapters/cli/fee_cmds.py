"""``sla contracts import-fees`` and ``sla contracts fees``: the invoiced fees in the
database (a billing CSV imported all or nothing; docs/billing.md)."""

from __future__ import annotations

from pathlib import Path

import click

from slaledger.adapters.cli.access_cmds import contracts
from slaledger.adapters.cli.db_cmds import _refusals, _store, db_option
from slaledger.adapters.db.errors import ImportRefused
from slaledger.adapters.files.billing import read_billing
from slaledger.adapters.files.problems import InputError


@contracts.command(name="import-fees")
@db_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--contract",
    "contract_key",
    help="the contract of the rows that name none (the file's contract column otherwise)",
)
@_refusals
def import_fees(url: str | None, file: str, contract_key: str | None) -> None:
    """Store the invoiced fees of FILE (CSV contract,service,month,amount,currency[,source]):
    every row or none; a contract, service and month already stored is replaced."""
    fees = read_billing(file, contract=contract_key)
    with _store(url) as store:
        try:
            rows = store.import_invoiced_fees(fees, Path(file).name)
        except ImportRefused as exc:
            raise InputError(exc.problems) from None
    keys = sorted({f.contract for f in fees})
    click.echo(
        f"{rows} invoiced fees imported from {Path(file).name} ({', '.join(keys) or 'none'})"
    )


@contracts.command(name="fees")
@db_option
@click.argument("contract_key", metavar="CONTRACT")
@_refusals
def list_fees(url: str | None, contract_key: str) -> None:
    """The invoiced fees stored for CONTRACT, by month."""
    with _store(url) as store:
        for fee in store.invoiced_fees(contract_key):
            click.echo(f"{fee.month}  {fee.service or '(contract)'}  {fee.fee}  {fee.source}")
