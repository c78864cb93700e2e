"""``sla ingest logs``: raw request logs to the per-minute counts file, with a progress bar."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import click

from slaledger.adapters.cli.ingest_mail_cmds import mail
from slaledger.adapters.cli.values import engine_output
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.ingest.log_rules import LogSummary, Malformed, summary_lines
from slaledger.adapters.ingest.logs import LogFormat, aggregate_logs
from slaledger.domain.message import msg

_RANGE = re.compile(r"^\s*(\d{3})\s*(?:-\s*(\d{3})\s*)?$")
_STATUS_EXPECTED = msg("input.cli.server-errors")


def parse_statuses(text: str) -> Callable[[int], bool]:
    """The server-error predicate of ``--server-errors``: ``500-599``, ``500-599,429``..."""
    chosen: set[int] = set()
    for part in text.split(","):
        match = _RANGE.match(part)
        low = int(match.group(1)) if match else 0
        high = int(match.group(2) or low) if match else 0
        if not match or not 100 <= low <= high <= 599:
            raise InputError(
                [Problem("command line", "--server-errors", _STATUS_EXPECTED, describe(text))]
            )
        chosen.update(range(low, high + 1))
    return chosen.__contains__


@click.group("ingest")
def ingest() -> None:
    """Turn raw observations into the input files of the other commands."""


ingest.add_command(mail)


@ingest.command("logs")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--service", required=True, help="the service the requests were made to")
@click.option("--output", required=True, help="the counts file to write (Parquet)")
@click.option(
    "--format",
    "log_format",
    type=click.Choice(["combined", "jsonl", "parquet"]),
    help="the log format (default: from each file's name)",
)
@click.option("--timestamp-field", default="timestamp", show_default=True)
@click.option("--status-field", default="status", show_default=True)
@click.option(
    "--server-errors",
    default="500-599",
    show_default=True,
    help="the statuses that count as server errors when the contract says otherwise",
)
@click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="DuckDB on this machine, or Apache Spark (pip install slaledger[spark])",
)
@click.option(
    "--master",
    help="the Spark master URL (spark://, yarn, k8s://...) with --engine spark "
    "(default: local[*], or spark-submit's)",
)
@click.option(
    "--malformed",
    type=click.Choice(["fail", "skip"]),
    default="fail",
    show_default=True,
    help="fail on unreadable rows, or skip them (counted per reason, a sample listed)",
)
@click.option("--quiet", is_flag=True, help="no progress bar")
def logs(
    files: tuple[str, ...],
    service: str,
    output: str,
    log_format: LogFormat | None,
    timestamp_field: str,
    status_field: str,
    server_errors: str,
    engine: str,
    master: str | None,
    malformed: Malformed,
    quiet: bool,
) -> None:
    """Aggregate request logs (combined log format, JSON lines, Parquet) per minute, with
    DuckDB or Apache Spark."""
    predicate = parse_statuses(server_errors)
    output = engine_output(output, engine)
    if engine == "spark":
        from slaledger.adapters.ingest.spark_logs import aggregate_logs_spark
        from slaledger.adapters.spark_session import spark_session

        summary = aggregate_logs_spark(
            list(files),
            spark=spark_session(master=master),
            service=service,
            output=output,
            server_error=predicate,
            log_format=log_format,
            timestamp_field=timestamp_field,
            status_field=status_field,
            malformed=malformed,
        )
        _echo_summary(summary)
        return
    with click.progressbar(length=1000, label="aggregating", file=sys.stderr, hidden=quiet) as bar:
        done = 0

        def advance(fraction: float) -> None:
            nonlocal done
            target = int(max(0.0, min(1.0, fraction)) * 1000)
            if target > done:
                bar.update(target - done)
                done = target

        summary = aggregate_logs(
            list(files),
            service=service,
            output=output,
            server_error=predicate,
            log_format=log_format,
            timestamp_field=timestamp_field,
            status_field=status_field,
            on_progress=advance,
            malformed=malformed,
        )
    _echo_summary(summary)


def _echo_summary(summary: LogSummary) -> None:
    click.echo(
        f"{summary.requests:,} requests, {summary.server_errors:,} server errors, "
        f"{summary.minutes:,} minutes -> {summary.output}"
    )
    for line in summary_lines(summary):
        click.echo(line)


def _add_ticket_commands() -> None:
    from slaledger.adapters.cli.ticket_cmds import check_mapping, mapping_schema, tickets

    for command in (tickets, check_mapping, mapping_schema):
        ingest.add_command(command)


_add_ticket_commands()
