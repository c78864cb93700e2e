"""``sla obligations``: every obligation and deadline of a contract in a range of days,
as text, JSON (adapters/reports/schedule_json.py) or an iCalendar feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click

from slaledger.adapters.cli.opened import OpenedContract, print_json, today
from slaledger.adapters.cli.values import COMMAND_LINE, day_value, language_option
from slaledger.adapters.files.commercial_inputs import read_backup_log, read_obligation_events
from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.i18n import renderer
from slaledger.adapters.i18n.json import localized
from slaledger.adapters.reports.ics import schedule_to_ics
from slaledger.adapters.reports.schedule_json import schedule_json
from slaledger.domain.message import Day, Items, Param, msg
from slaledger.domain.obligations.dates import start_of_day
from slaledger.domain.obligations.model import Item, ObligationError, Trigger
from slaledger.domain.obligations.schedule import Schedule, build_schedule, known_events
from slaledger.domain.obligations.words import owed_by, trigger_label


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
@language_option("the language of the texts (JSON keeps its codes and adds the message ids)")
def obligations(
    contract: str,
    events_file: str | None,
    backups_file: str | None,
    first: str | None,
    last: str | None,
    fmt: str,
    language: str = "en",
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
        raise opened.clause_problem(exc, language) from None
    if fmt == "ics":
        click.echo(
            schedule_to_ics(schedule, generated_at=datetime.now(UTC), language=language).decode(),
            nl=False,
        )
    elif fmt == "json":
        print_json(localized(schedule_json(schedule), language))
    else:
        click.echo(schedule_text(schedule, language), nl=False)


def _when(item: Item) -> str:
    local = item.due
    if item.end_of_day:
        day = local.date() if item.opens else item.last_day
        return f"{day.isoformat()}      "
    return local.strftime("%Y-%m-%d %H:%M")


def schedule_text(schedule: Schedule, language: str = "en") -> str:
    """The schedule as lines of text in ``language`` (the contract's words as written)."""
    say = renderer(language)
    end_day = (schedule.end - timedelta(seconds=1)).date()
    range_line = msg(
        "cli.obligations-range",
        start=schedule.start.date().isoformat(),
        end=end_day.isoformat(),
        zone=schedule.zone,
    )
    lines = [f"{schedule.title} ({schedule.contract_id})", say(range_line), ""]
    if not schedule.items:
        lines.append(say(msg("cli.obligations-none")))
    by, since = say(msg("cli.obligation-by")), say(msg("cli.obligation-from"))
    width = max(len(by), len(since))
    for item in schedule.items:
        verb = since if item.opens else by
        lines.append(
            f"{verb:{width}} {_when(item)}  {item.kind.value:<19} [{item.clause_id}] "
            + say(item.summary)
        )
        parts: list[Param] = [item.rule, owed_by(item.owed_by), item.article]
        if item.trigger is not None:
            label = trigger_label(item.trigger)
            parts.append(
                msg("cli.obligation-for", trigger=label)
                if item.is_notice
                else msg("cli.obligation-after", trigger=label)
            )
        lines.append("      " + say.param(Items(tuple(parts), "semicolon")))
        if item.act_by is not None:
            act = msg(
                "cli.obligation-act-by",
                weekday=Day(item.last_day, pattern="EEEE"),
                day=item.act_by.isoformat(),
            )
            lines.append(f"      {say(act)}")
    for window in schedule.windows:
        line = msg(
            "cli.obligation-window",
            start=f"{window.start:%Y-%m-%d %H:%M}",
            end=f"{window.end:%H:%M}",
            clause=window.clause_id,
            summary=window.summary,
        )
        lines.append(say(line))
    for series in schedule.recurring:
        heading = msg(
            "cli.obligation-recurring",
            clause=series.clause_id,
            summary=series.summary,
            rule=series.rule,
        )
        lines += ["", say(heading)]
        lines += [
            f"  {w.start:%Y-%m-%d} {say.param(Day(w.start.date(), pattern='EEE'))} "
            f"{w.start:%H:%M}-{w.end:%H:%M}"
            for w in series.occurrences
        ]
    for check in schedule.backups:
        state = (
            msg("cli.obligation-backups-compliant")
            if check.compliant
            else msg("cli.obligation-backups-missed", n=len(check.missed))
        )
        heading = msg(
            "cli.obligation-backups",
            clause=check.clause_id,
            frequency=check.frequency.value,
            periods=check.periods,
            state=state,
        )
        lines += ["", say(heading)]
        lines += ["  " + say(msg("cli.obligation-missed", day=d.isoformat())) for d in check.missed]
    if schedule.notes:
        lines.append("")
        lines += [say(msg("cli.obligation-note", note=n)) for n in schedule.notes]
    return "\n".join(lines) + "\n"
