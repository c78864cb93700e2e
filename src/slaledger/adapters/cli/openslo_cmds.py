"""``sla openslo export CONTRACT`` and ``sla openslo import FILE``: a contract's
availability clauses as OpenSLO v1 SLO documents, and SLO documents as the skeleton of
a new contract (docs/openslo.md)."""

from __future__ import annotations

from pathlib import Path

import click
import yaml

from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.files.openslo.export import NotExportedError, dns_name, slo_documents
from slaledger.adapters.files.openslo.import_ import read_slos, skeleton


@click.group(name="openslo")
def openslo() -> None:
    """OpenSLO v1: export a contract's availability clauses, import SLOs as a start."""


@openslo.command(name="export")
@click.argument("contract", type=click.Path(dir_okay=False, exists=True))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="write here (default: stdout)"
)
def export(contract: str, output: str | None) -> None:
    """Write each availability clause of CONTRACT as an OpenSLO v1 SLO document
    (YAML, one document each); a clause without a numeric target is reported, not
    exported."""
    loaded = load_contract(contract)  # a bad file: its problems, by run_guarded
    documents = []
    for found in slo_documents(loaded.contract):
        if isinstance(found, NotExportedError):
            click.echo(f"note: {found}", err=True)
        else:
            documents.append(found)
    text = yaml.safe_dump_all(documents, sort_keys=False, allow_unicode=True, width=100)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@openslo.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--id", "contract_id", help="the new contract's id (default: the file's name)")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="write here (default: stdout)"
)
def import_(file: str, contract_id: str | None, output: str | None) -> None:
    """Make a starting contract file from the OpenSLO SLO documents of FILE: one
    availability clause per SLO; what OpenSLO cannot say is left blank and listed."""
    clauses = read_slos(file)
    made = skeleton(clauses, contract_id=contract_id or dns_name(Path(file).stem))
    if output:
        Path(output).write_text(made.text, encoding="utf-8")
    else:
        click.echo(made.text, nl=False)
    click.echo("to fill before the contract is complete:", err=True)
    for blank in made.blanks:
        click.echo(f"  - {blank}", err=True)
