"""``sla ingest prometheus``: a range of Prometheus series to a counts or samples file, or
into the store. The connector does the work (``adapters.ingest.prometheus``)."""

from __future__ import annotations

from typing import Any

import click

from slaledger.adapters.cli.db_cmds import _refusals, _store
from slaledger.adapters.files.instants import parse_instant
from slaledger.adapters.files.observation_writers import suffix_of, write_counts, write_samples
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.ingest.prometheus import (
    Fetched,
    PrometheusSource,
    duration_seconds,
    steps_between,
)
from slaledger.adapters.ingest.prometheus_api import (
    DEFAULT_TIMEOUT,
    PrometheusClient,
    PrometheusError,
    iso,
)
from slaledger.domain.message import msg
from slaledger.domain.observations import CountTable

#: gaps listed one by one in the summary; the others are counted
_GAPS_SHOWN = 5


def _step(text: str) -> int:
    try:
        return duration_seconds(text)
    except ValueError as exc:
        raise InputError([Problem("command line", "--step", str(exc), describe(text))]) from None


def _instant(text: str, option: str) -> int:
    return int(parse_instant(text, source="command line", field=option).timestamp())


@click.command("prometheus")
@click.option("--url", required=True, help="the Prometheus server, e.g. https://prom:9090")
@click.option("--service", required=True, help="the service the series measure")
@click.option("--start", "start_text", required=True, help="first instant, ISO 8601 with offset")
@click.option("--end", "end_text", required=True, help="end of the range (excluded)")
@click.option("--step", "step_text", default="60s", show_default=True, help="one row per step")
@click.option("--ratio-query", help="PromQL: the share of requests that failed (0 to 1)")
@click.option("--total-query", help="PromQL: the requests in each step")
@click.option("--errors-query", help="PromQL: the server errors in each step")
@click.option(
    "--counters", is_flag=True, help="the total and errors queries are cumulative counters"
)
@click.option("--up-query", help="PromQL: 1 when the service was up in the step, 0 when down")
@click.option("--output", help="the counts or samples file to write (.csv, .jsonl, .parquet)")
@click.option("--contract", "contract_key", help="import into this contract of the store")
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="database URL or SQLite file (default: $SLALEDGER_DB, else the user data folder)",
)
@click.option("--ca-file", type=click.Path(exists=True, dir_okay=False), help="CA bundle (PEM)")
@click.option(
    "--timeout",
    type=float,
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="seconds to wait for each answer",
)
@_refusals
def prometheus(**options: Any) -> None:
    """Query Prometheus over [--start, --end) and write request counts (--ratio-query, or
    --total-query with --errors-query) or probe samples (--up-query). Credentials come
    from SLALEDGER_PROMETHEUS_TOKEN, or SLALEDGER_PROMETHEUS_USER and _PASSWORD."""
    if bool(options["output"]) == bool(options["contract_key"]):
        raise click.UsageError("give --output FILE or --contract ID (with --db), not both")
    if options["output"]:
        try:
            suffix_of(options["output"])
        except ValueError as exc:
            raise InputError(
                [Problem("command line", "--output", str(exc), describe(options["output"]))]
            ) from None
    step = _step(options["step_text"])
    start = _instant(options["start_text"], "--start")
    end = _instant(options["end_text"], "--end")
    if end <= start:
        expected = msg("input.cli.after-start", start=iso(start))
        raise InputError([Problem("command line", "--end", expected, options["end_text"])])
    try:
        steps_between(start, end, step)
        source = PrometheusSource(
            service=options["service"],
            step=step,
            ratio_query=options["ratio_query"],
            total_query=options["total_query"],
            errors_query=options["errors_query"],
            up_query=options["up_query"],
            counters=options["counters"],
        )
    except ValueError as exc:
        raise click.UsageError(f"expected {exc}") from None
    try:
        client = PrometheusClient.from_environment(
            options["url"], ca_file=options["ca_file"], timeout=options["timeout"]
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    with client:
        try:
            fetched = source.fetch(client, start=start, end=end)
        except PrometheusError as exc:
            raise click.ClickException(str(exc)) from None
    for warning in fetched.warnings:
        click.echo(f"warning: Prometheus: {warning}", err=True)
    table = fetched.table
    if options["output"]:
        writer = write_counts if isinstance(table, CountTable) else write_samples
        written = writer(table, options["output"])  # type: ignore[arg-type]
        destination = str(written)
    else:
        with _store(options["db_url"]) as store:
            if isinstance(table, CountTable):
                store.import_counts(options["contract_key"], table)
            else:
                store.import_samples(options["contract_key"], table)
        destination = f"contract {options['contract_key']}"
    click.echo(summary(fetched, step, destination))


def summary(fetched: Fetched, step: int, destination: str) -> str:
    """``44,640 steps of 60 s: 44,614 with a value, 26 without (3 gaps: ...) -> file``."""
    rows = len(fetched.table)
    missing = fetched.steps - rows
    what = "counts rows" if isinstance(fetched.table, CountTable) else "samples"
    text = f"{fetched.steps:,} steps of {step} s: {rows:,} {what}"
    if missing:
        gaps = fetched.gaps
        shown = [
            f"{iso(int(s))} for {_minutes(int(e) - int(s))}"
            for s, e in zip(gaps.starts[:_GAPS_SHOWN], gaps.ends[:_GAPS_SHOWN], strict=True)
        ]
        more = f", {len(gaps) - _GAPS_SHOWN} more" if len(gaps) > _GAPS_SHOWN else ""
        runs = f"{len(gaps)} gap" + ("s" if len(gaps) > 1 else "")
        text += f", {missing:,} steps without a value ({runs}: {', '.join(shown)}{more})"
    return f"{text} -> {destination}"


def _minutes(seconds: int) -> str:
    return f"{seconds // 60} min" if seconds % 60 == 0 else f"{seconds} s"
