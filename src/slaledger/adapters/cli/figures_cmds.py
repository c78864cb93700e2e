"""``sla figures verify``: the figure cache's valid months and the contracts page's
valid budget cells against a recomputation (``adapters/db/figure_verify``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import click

from slaledger.adapters.cli.db_cmds import _refusals, _store, db_option


@click.group()
def figures() -> None:
    """The stored figures (the figure cache of the service's pages)."""


@figures.command()
@db_option
@click.option(
    "--contract",
    "keys",
    multiple=True,
    metavar="ID",
    help="a contract to check (repeatable; default: every contract)",
)
@click.option(
    "--full",
    is_flag=True,
    help="recompute every valid month, also those whose inputs' fingerprint is unchanged "
    "(catches an edited payload)",
)
@click.option(
    "--fix",
    is_flag=True,
    help="mark the months that differ dirty and delete the budget cells that differ "
    "(recomputed later)",
)
@click.option("--json", "as_json", is_flag=True, help="one JSON object per contract")
@_refusals
def verify(url: str | None, keys: tuple[str, ...], full: bool, fix: bool, as_json: bool) -> None:
    """Check that the figures and budget cells stored as valid equal a recomputation from
    the inputs as they are now. Exit code 1 when a month or a cell differs (with --fix:
    the month marked dirty, the cell deleted)."""
    from slaledger.adapters.db.figure_verify import verify as check

    at = datetime.now(UTC)
    differing = 0
    with _store(url, actor="sla figures verify") as store:
        for key in keys or store.contract_keys():
            verdict = check(store, key, at=at, full=full, fix=fix)
            differing += len(verdict.differing) + len(verdict.cells_differing)
            if as_json:
                click.echo(json.dumps(verdict.as_dict()))
                continue
            line = (
                f"{key}: {len(verdict.unchanged)} month(s) unchanged, "
                f"{len(verdict.equal)} recomputed and equal, {len(verdict.differing)} differing"
            )
            if verdict.differing:
                what = "marked dirty" if verdict.marked else "run with --fix to mark them dirty"
                line += f" ({', '.join(verdict.differing)}: {what})"
            line += (
                f"; budget cells: {len(verdict.cells_equal)} recomputed and equal, "
                f"{len(verdict.cells_differing)} differing"
            )
            if verdict.cells_differing:
                what = "deleted" if verdict.cells_deleted else "run with --fix to delete them"
                line += f" ({', '.join(verdict.cells_differing)}: {what})"
            click.echo(line)
    if differing:
        raise SystemExit(1)
