"""``sla obligations``: every obligation and deadline of a contract in a range of days,
as text, JSON (adapters/reports/schedule_json.py) or an iCalendar feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click

from slaledger.adapters.cli.opened import OpenedContract, print_json, today
from slaledger.adapters.cli.values import COMMAND_LINE, day_value
from slaledger.adapters.files.commercial_inputs import read_backup_log, read_obligation_events
from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.reports.ics import schedule_to_ics
from slaledger.adapters.reports.schedule_json import schedule_json
from slaledger.domain.message import msg
from slaledger.domain.obligations.dates import start_of_day
from slaledger.domain.obligations.model import Item, ObligationError, Trigger
from slaledger.domain.obligations.schedule import Schedule, build_schedule, known_events


@click.command("obligations")
@click.argument("contract", type=click.Path(dir_okay=False))
@click.option("--events", "events_file", type=click.Path(dir_okay=False), help="CSV of events")
@click.option(
    "--backups", "backups_file", type=click.Path(dir_okay=False), help="CSV backup log to check"
)
@click.option("--from", "first", help="first day YYYY-MM-DD (default: today)")
@click.option("--to", "last", help="last day YYYY-MM-DD, included (default: a year after --from)")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", show_default=True
)
def obligations(
    contract: str,
    events_file: str | None,
    backups_file: str | None,
    first: str | None,
    last: str | None,
    fmt: str,
) -> None:
    """Every obligation and deadline of CONTRACT in a range, each with its clause."""
    opened = OpenedContract(load_contract(contract))
    zone = opened.zone
    first_day = day_value(first, "--from") if first else today(zone)
    last_day = (
        day_value(last, "--to")
        if last
        else first_day.replace(year=first_day.year + 1) - timedelta(days=1)
    )
    if last_day < first_day:
        raise InputError(
            [
                Problem(
                    file=COMMAND_LINE,
                    field="--to",
                    expected=msg("input.cli.day-from", day=str(first_day)),
                    found=last_day.isoformat(),
                )
            ]
        )
    triggers: tuple[Trigger, ...] = ()
    if events_file:
        triggers = read_obligation_events(
            events_file,
            zone=opened.contract.timezone,
            known=known_events(opened.contract),
            clauses=opened.contract.clause_ids(),
        )
    backups = read_backup_log(backups_file).successes if backups_file else None
    try:
        schedule = build_schedule(
            opened.contract,
            triggers=triggers,
            calendars=opened.calendars(),
            start=start_of_day(first_day, zone),
            end=start_of_day(last_day + timedelta(days=1), zone),
            backup_successes=backups,
        )
    except ObligationError as exc:
        raise opened.clause_problem(exc) from None
    if fmt == "ics":
        click.echo(schedule_to_ics(schedule, generated_at=datetime.now(UTC)).decode(), nl=False)
    elif fmt == "json":
        print_json(schedule_json(schedule))
    else:
        click.echo(schedule_text(schedule), nl=False)


def _when(item: Item) -> str:
    local = item.due
    if item.end_of_day:
        day = local.date() if item.opens else item.last_day
        return f"{day.isoformat()}      "
    return local.strftime("%Y-%m-%d %H:%M")


def schedule_text(schedule: Schedule) -> str:
    end_day = (schedule.end - timedelta(seconds=1)).date()
    lines = [
        f"{schedule.title} ({schedule.contract_id})",
        f"{schedule.start.date()} to {end_day}, {schedule.zone}",
        "",
    ]
    if not schedule.items:
        lines.append("no dated obligation in this range")
    for item in schedule.items:
        verb = "from" if item.opens else "by"
        owed = ", ".join(p.value for p in item.owed_by) or "either party"
        lines.append(
            f"{verb:4} {_when(item)}  {item.kind.value:<19} [{item.clause_id}] {item.summary}"
        )
        extra = f"      {item.rule}; {owed}; {item.article}"
        if item.trigger is not None:
            extra += (
                f"; after {item.trigger.label}"
                if not item.is_notice
                else f"; for {item.trigger.label}"
            )
        lines.append(extra)
        if item.act_by is not None:
            lines.append(
                f"      {item.last_day:%A}: the deadline does not move; act by {item.act_by}"
            )
    for window in schedule.windows:
        lines.append(
            f"window {window.start:%Y-%m-%d %H:%M}-{window.end:%H:%M} "
            f"[{window.clause_id}] {window.summary}"
        )
    for series in schedule.recurring:
        lines += ["", f"recurring [{series.clause_id}] {series.summary}: {series.rule}"]
        lines += [f"  {w.start:%Y-%m-%d %a %H:%M}-{w.end:%H:%M}" for w in series.occurrences]
    for check in schedule.backups:
        state = "compliant" if check.compliant else f"{len(check.missed)} missed"
        lines += [
            "",
            f"backups [{check.clause_id}] {check.frequency.value}: "
            f"{check.periods} periods, {state}",
        ]
        lines += [f"  missed {d.isoformat()}" for d in check.missed]
    if schedule.notes:
        lines.append("")
        lines += [f"note: {n}" for n in schedule.notes]
    return "\n".join(lines) + "\n"
