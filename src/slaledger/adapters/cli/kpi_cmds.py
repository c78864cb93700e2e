"""``sla kpis``: every KPI of a contract for a month, with its monthly series."""

from __future__ import annotations

import json
from decimal import Decimal

import click

from slaledger.adapters.cli.errors import told
from slaledger.adapters.cli.incident_cmds import read_contract_events
from slaledger.adapters.cli.values import (
    covers_flag,
    declared_outages,
    language_option,
    month_value,
)
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.observations import (
    read_counts,
    read_maintenance,
    read_outages,
    read_samples,
)
from slaledger.adapters.i18n import Renderer, renderer
from slaledger.adapters.i18n.json import localized
from slaledger.bootstrap import contract_calendars, min_coverage
from slaledger.domain.message import Percent, msg
from slaledger.services.availability import AvailabilityError, Observations
from slaledger.services.figures_json import kpis_json
from slaledger.services.kpis import kpis_for_month, maintenance_notices


@click.command("kpis")
@click.argument("contract_file", metavar="CONTRACT")
@click.option("--month", "month_text", required=True, help="the month, YYYY-MM")
@click.option("--events", "events_file", help="incident events (CSV or JSON lines)")
@click.option("--maintenance", "maintenance_file", help="maintenance windows file")
@click.option("--outages", "outages_file", help="outage records, for availability KPIs")
@click.option("--samples", "samples_file", help="probe samples, for availability KPIs")
@click.option("--counts", "counts_file", help="request counts, for availability KPIs")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@covers_flag
@language_option("the language of the text output (JSON stays English, its message ids beside)")
def kpis(
    contract_file: str,
    month_text: str,
    events_file: str | None,
    maintenance_file: str | None,
    outages_file: str | None,
    samples_file: str | None,
    counts_file: str | None,
    as_json: bool,
    covers_texts: tuple[str, ...],
    language: str = "en",
) -> None:
    """Each KPI: value, target, met, the number of items averaged, and the monthly series."""
    month = month_value(month_text)
    loaded = load_contract(contract_file)
    contract = loaded.contract
    table = read_contract_events(contract, events_file) if events_file else None
    notices = None
    windows = read_maintenance(maintenance_file) if maintenance_file else None
    if windows is not None:
        notices = maintenance_notices(windows)
    observations = None
    if outages_file or samples_file or counts_file or covers_texts:
        outages = read_outages(outages_file) if outages_file else None
        observations = Observations(
            outages=declared_outages(outages, covers_texts, contract.timezone),
            min_coverage=min_coverage(),
            samples=read_samples(samples_file) if samples_file else None,
            counts=read_counts(counts_file) if counts_file else None,
            maintenance=windows,
        )
    try:
        views = kpis_for_month(
            contract=contract,
            month=month,
            calendars=contract_calendars(contract),
            log=table.log if table else None,
            kinds=table.kind if table else None,
            maintenance=notices,
            observations=observations,
        )
    except AvailabilityError as exc:
        raise click.ClickException(told(exc.message)) from None
    if as_json:
        document = localized(kpis_json(contract.id, str(month), views))
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    say = renderer(language)
    if not views:
        click.echo(say(msg("cli.kpi.none", contract=contract.id, file=contract_file)))
        return
    verdicts = {
        True: say(msg("cli.kpi.met")),
        False: say(msg("cli.kpi.missed")),
        None: "-",
    }
    label = say(msg("cli.kpi.target"))
    for view in views:
        target = say(view.target_text or view.target)
        over = say(msg("cli.kpi.over", n=view.count))
        click.echo(
            f"{view.kpi:<8} {_show(view.value, view.unit, say):>10}  {label} {target:<22} "
            f"{verdicts[view.met]:<7} {over}  {view.name}"
        )


def _show(seconds: float | None, unit: str = "seconds", say: Renderer | None = None) -> str:
    if seconds is None:
        return "-"
    if unit == "percent":
        rounded = Decimal(f"{seconds:.4f}")  # four places, as always; the mark is the reader's
        return (say or renderer("en")).param(Percent(rounded, 4))
    minutes = round(seconds / 60)
    return f"{minutes // 60}h{minutes % 60:02d}"
