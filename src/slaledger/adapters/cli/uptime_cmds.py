"""``sla ingest uptime``: an uptime monitor's export to an outages or samples file. The
readers do the work (``adapters.ingest.uptime_exports``)."""

from __future__ import annotations

import click

from slaledger.adapters.files.observation_writers import suffix_of, write_outages, write_samples
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.ingest.prometheus_api import iso
from slaledger.adapters.ingest.uptime_exports import FORMATS, Export, ExportFormat, read_export
from slaledger.domain.observations import OutageTable

#: watched stretches listed in the summary; the others are counted
_SHOWN = 3


@click.command("uptime")
@click.argument("file", metavar="FILE")
@click.option(
    "--format",
    "kind",
    type=click.Choice(FORMATS),
    required=True,
    help="the monitor that wrote FILE",
)
@click.option("--service", required=True, help="the service the monitor watches")
@click.option("--output", required=True, help="the outages or samples file to write")
@click.option("--monitor", help="the monitor (name or id) when FILE holds several")
@click.option("--timezone", help="the account's time zone, for UptimeRobot's CSV local times")
def uptime(
    file: str,
    kind: ExportFormat,
    service: str,
    output: str,
    monitor: str | None,
    timezone: str | None,
) -> None:
    """Read an UptimeRobot log export (CSV) or API answer (JSON), a Pingdom summary.outage or
    results answer (JSON), or Uptime Kuma heartbeats (JSON), and write outage records or
    probe samples (docs/sources.md)."""
    try:
        suffix_of(output)
    except ValueError as exc:
        raise InputError(
            [Problem("command line", "--output", str(exc), describe(output))]
        ) from None
    export = read_export(kind, file, service=service, monitor=monitor, timezone=timezone)
    if isinstance(export.table, OutageTable):
        written = write_outages(export.table, output)
    else:
        written = write_samples(export.table, output)
    click.echo(f"{summary(export)} -> {written}")
    if isinstance(export.table, OutageTable):
        click.echo(
            "note: outage records say nothing of the time between them; declare the period "
            "the monitor watched with --covers FROM..TO where the figures are computed",
            err=True,
        )


def summary(export: Export) -> str:
    """``3 outages (2 h 10 min), watched 2024-03-01T00:00:00Z to ... (2 stretches)``."""
    table = export.table
    if isinstance(table, OutageTable):
        minutes = int((table.end - table.start).sum()) // 60
        text = f"{len(table):,} outages ({minutes:,} min)"
    else:
        text = f"{len(table):,} samples ({int((~table.up).sum()):,} down)"
    observed = export.observed
    if observed is not None and len(observed):
        stretches = [
            f"{iso(int(s))} to {iso(int(e))}"
            for s, e in zip(observed.starts[:_SHOWN], observed.ends[:_SHOWN], strict=True)
        ]
        more = f", {len(observed) - _SHOWN} more" if len(observed) > _SHOWN else ""
        text += f", watched {', '.join(stretches)}{more}"
    if export.notes:
        text += f" ({'; '.join(export.notes)})"
    return text
