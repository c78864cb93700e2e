"""``sla probe run``: the built-in prober, once (for cron) or on each check's interval,
writing probe samples to a samples file, the store, or standard output. Its file is a
probes file, or a sources file (``--once``): each of its ``probe`` sources is one round,
imported with ``--db`` into the contract the source names."""

from __future__ import annotations

import asyncio
import csv
import sys
from collections.abc import Callable
from datetime import UTC, datetime

import click

from slaledger.adapters.cli.db_cmds import _refusals, _store, db_option
from slaledger.adapters.db.errors import StoreError
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.files.yaml_source import load_yaml
from slaledger.adapters.ingest.probe import (
    Prober,
    Probes,
    Round,
    append_samples,
    load_probes,
    run_round,
    sample_rows,
)
from slaledger.adapters.ingest.probe.samples import COLUMNS
from slaledger.adapters.sync.config import FORMAT as SOURCES_FORMAT
from slaledger.adapters.sync.config import load_sources
from slaledger.adapters.sync.pullers import PULLERS, source_probes
from slaledger.domain.message import Text, msg


@click.group("probe")
def probe() -> None:
    """Check services over HTTP(S) and TCP; what is found becomes probe samples."""


@probe.command("run")
@click.argument("probes_file", metavar="PROBES|SOURCES")
@click.option("--once", is_flag=True, help="run every check once, now, and stop (for cron)")
@click.option("--output", help="the samples file each round is added to (.csv or .jsonl)")
@db_option
@click.option("--contract", "contract_key", help="import each round into this stored contract")
@_refusals
def run(
    probes_file: str, once: bool, output: str | None, url: str | None, contract_key: str | None
) -> None:
    """Run the checks of PROBES (YAML, docs/probes.md). Each round's probe samples are
    added to --output, imported into the contract --contract of the database --db, or
    printed as CSV. Results and warnings go to standard error. Without --once, each check
    runs on its interval until interrupted. A sources file (docs/sync.md) runs each of
    its probe sources once (--once), --db importing each into the contract it names."""
    if output is not None and contract_key is not None:
        raise _option_error("--output", msg("input.cli.output-or-contract"), "both")
    if _is_sources_file(probes_file):
        _run_sources(probes_file, once, output, url, contract_key)
        return
    if url is not None and contract_key is None:
        raise _option_error("--db", msg("input.cli.contract-with-db-option"), "no --contract")
    probes = load_probes(probes_file)
    deliver = _delivery(output, url)
    if once:
        found = run_round(
            probes.checks,
            now=datetime.now(UTC),
            concurrency=probes.concurrency,
            origin=probes_file,
        )
        deliver(found, contract_key)
        return
    _serve(probes, probes_file, lambda found: deliver(found, contract_key))


def _is_sources_file(path: str) -> bool:
    """Whether ``path`` is a sources file (one that cannot be read is left to the
    probes file's reader, which names the problem)."""
    try:
        data = load_yaml(path).data
    except (InputError, OSError):
        return False
    return isinstance(data, dict) and data.get("format") == SOURCES_FORMAT


def _run_sources(
    path: str, once: bool, output: str | None, url: str | None, contract_key: str | None
) -> None:
    """One round of each probe source of the sources file ``path``, now."""
    if not once:
        raise _option_error("--once", msg("input.cli.sources-once"), "no --once")
    if contract_key is not None:
        raise _option_error("--contract", msg("input.cli.sources-no-contract"), contract_key)
    sources = [s for s in load_sources(path, set(PULLERS)) if s.kind == "probe"]
    if not sources:
        raise InputError([Problem(path, "sources", msg("input.cli.sources-probes"), "none")])
    deliver = _delivery(output, url)
    now = datetime.now(UTC)
    for source in sources:
        probes, origin = source_probes(source)
        found = run_round(probes.checks, now=now, concurrency=probes.concurrency, origin=origin)
        click.echo(f"{source.job}:", err=True)
        deliver(found, source.contract if url is not None else None)


def _option_error(option: str, expected: Text, found: str) -> InputError:
    return InputError([Problem("command line", option, expected, found)])


def _delivery(output: str | None, url: str | None) -> Callable[[Round, str | None], None]:
    """Where each round goes: the samples file, the store's contract (when one is
    given), or standard output."""
    header_due = True

    def deliver(found: Round, contract_key: str | None) -> None:
        nonlocal header_due
        _report(found)
        if output is not None:
            path = append_samples(found.table, output)
            click.echo(f"{_count(len(found.table), 'sample')} -> {path}", err=True)
        elif contract_key is not None:
            with _store(url) as store:
                stored = store.import_samples(contract_key, found.table)
            click.echo(
                f"{_count(len(found.table), 'sample')} -> contract {contract_key} "
                f"({_count(stored, 'interruption')} stored)",
                err=True,
            )
        else:
            writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
            if header_due:
                writer.writeheader()
                header_due = False
            writer.writerows(sample_rows(found.table))
            sys.stdout.flush()

    return deliver


def _serve(probes: Probes, origin: str, deliver: Callable[[Round], None]) -> None:
    def on_round(found: Round) -> None:
        try:
            deliver(found)
        except (InputError, StoreError, OSError, click.ClickException) as exc:  # try the next
            click.echo(f"error: {exc}", err=True)

    prober = Prober(probes, on_round, origin=origin)
    first = prober.seconds_until_due(datetime.now(UTC)) or 0.0
    click.echo(
        f"probing {_count(len(probes.checks), 'check')}, the first in {first:.0f}s (Ctrl-C stops)",
        err=True,
    )
    try:
        asyncio.run(prober.serve())
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


def _report(found: Round) -> None:
    for result in found.results:
        click.echo(str(result), err=True)
    for warning in found.warnings:
        click.echo(f"warning: {warning}", err=True)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
