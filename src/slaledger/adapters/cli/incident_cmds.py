"""``sla incidents``: every clock of every incident, as of an instant."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import click

from slaledger.adapters.cli.people import epoch_when
from slaledger.adapters.cli.values import language_option
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.instants import parse_instant
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.i18n import renderer
from slaledger.adapters.i18n.json import localized
from slaledger.bootstrap import contract_calendars
from slaledger.domain.calendar.engine import to_epoch
from slaledger.domain.contract.contract import Contract
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.message import Message, msg
from slaledger.services.incidents import (
    ALWAYS_PREFIX,
    PARTIES,
    ClockView,
    IncidentView,
    evaluate_incidents,
    unknown_classes,
)

#: a clock's status in words (JSON keeps the code)
STATUSES: dict[str, Message] = {
    "running": msg("clock.status.running"),
    "paused": msg("clock.status.paused"),
    "at-risk": msg("clock.status.at-risk"),
    "met": msg("clock.status.met"),
    "breached": msg("clock.status.breached"),
    "no-target": msg("clock.status.no-target"),
}


@click.command("incidents")
@click.argument("contract_file", metavar="CONTRACT")
@click.option("--events", "events_file", required=True, help="events file (CSV or JSON lines)")
@click.option("--at", "at_text", help="evaluate as of this instant (default: now)")
@click.option(
    "--risk",
    type=click.FloatRange(0, 1),
    default=0.75,
    show_default=True,
    help="share of a target after which a running clock is at risk",
)
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@language_option("the language of the text output (JSON keeps its codes and English texts)")
def incidents(
    contract_file: str,
    events_file: str,
    at_text: str | None,
    risk: float,
    as_json: bool,
    language: str = "en",
) -> None:
    """Each incident's priority and, for each clock, deadline, elapsed, left and status."""
    loaded = load_contract(contract_file)
    table = read_contract_events(loaded.contract, events_file)
    at = (
        to_epoch(parse_instant(at_text, source="command line", field="--at"))
        if at_text
        else to_epoch(datetime.now(tz=UTC))
    )
    calendars = contract_calendars(loaded.contract)
    views = evaluate_incidents(
        contract=loaded.contract,
        log=table.log,
        at=at,
        calendars=calendars,
        risk_share=risk,
        kinds=table.kind,
        effort_seconds=table.effort_seconds,
    )
    zones = _Zones({name: spec.timezone for name, spec in loaded.contract.calendars.items()})
    fallback = loaded.contract.timezone
    if as_json:
        payload = {
            "contract": loaded.contract.id,
            "at": _iso(at, fallback),
            "incidents": [_incident_json(v, zones, fallback) for v in views],
        }
        click.echo(json.dumps(localized(payload), ensure_ascii=False, indent=2))
        return
    say = renderer(language)
    for view in views:
        click.echo(
            say(msg("cli.incident-priority", incident=view.incident, priority=view.priority or "-"))
            + (
                say(
                    msg(
                        "cli.incident-attributed",
                        party=PARTIES.get(view.attributed_to, view.attributed_to),
                    )
                )
                if view.attributed_to
                else ""
            )
            + (
                say(msg("cli.incident-level", level=view.support_level))
                if view.support_level
                else ""
            )
            + (say(msg("cli.incident-category", category=view.category)) if view.category else "")
            + (f"\n  ! {view.out_of_scope}" if view.out_of_scope else "")
        )
        for clock_id, scope in view.clocks_out_of_scope:
            click.echo(f"  {clock_id:<20} " + say(msg("cli.clock-out-of-scope", scope=scope)))
        for clock in view.clocks:
            zone = zones.get(clock.calendar or "", fallback)
            deadline = (
                epoch_when(clock.deadline, zone, language) if clock.deadline is not None else "-"
            )
            if clock.stopped_at is not None:
                left = say(
                    msg("cli.clock-stopped", at=epoch_when(clock.stopped_at, zone, language))
                )
            else:
                shown = _hours(clock.left_seconds) if clock.left_seconds is not None else "-"
                left = say(msg("cli.clock-left", left=shown))
            status = say(STATUSES.get(clock.status, clock.status))
            timing = msg(
                "cli.clock-timing",
                deadline=deadline,
                elapsed=_hours(clock.elapsed_seconds),
                left=left,
            )
            click.echo(
                f"  {clock.name:<20} {status:<10} {say(timing)}"
                + (f"  ({say(clock.reason)})" if clock.reason else "")
            )


def _incident_json(view: IncidentView, zones: dict[str, str], fallback: str) -> dict[str, object]:
    return {
        "incident": view.incident,
        "priority": view.priority,
        "started": _iso(view.started, fallback) if view.started is not None else None,
        "attributed_to": view.attributed_to,
        "kind": view.kind,
        "support_level": view.support_level,
        "effort_seconds": view.effort_seconds,
        "out_of_scope": view.out_of_scope,
        "category": view.category,
        "clocks_out_of_scope": [
            {"clock": clock, "scope": scope} for clock, scope in view.clocks_out_of_scope
        ],
        "open": view.open,
        "resolved_at": _iso(view.resolved_at, fallback) if view.resolved_at is not None else None,
        "clocks": [_clock_json(c, zones.get(c.calendar or "", fallback)) for c in view.clocks],
    }


def _clock_json(clock: ClockView, zone: str) -> dict[str, object]:
    return {
        "name": clock.name,
        "title": clock.title,
        "clause": clock.clause,
        "target": clock.target,
        "calendar": clock.calendar,
        "started_in_hours": clock.started_in_hours,
        "deadline": _iso(clock.deadline, zone) if clock.deadline is not None else None,
        "original_deadline": (
            _iso(clock.original_deadline, zone) if clock.original_deadline is not None else None
        ),
        "elapsed_seconds": clock.elapsed_seconds,
        "left_seconds": clock.left_seconds,
        "status": clock.status,
        "breached_at": _iso(clock.breached_at, zone) if clock.breached_at is not None else None,
        "stopped_at": _iso(clock.stopped_at, zone) if clock.stopped_at is not None else None,
        "reason": clock.reason,
    }


class _Zones(dict[str, str]):
    """Calendar name -> zone; '@always:ZONE' (round-the-clock targets) names its zone."""

    def get(self, key: str, default: str | None = None) -> str:  # type: ignore[override]
        if key.startswith(ALWAYS_PREFIX):
            return key.removeprefix(ALWAYS_PREFIX)
        return super().get(key, default or "UTC")


def _iso(epoch: int, zone: str) -> str:
    return datetime.fromtimestamp(epoch, tz=ZoneInfo(zone)).isoformat()


def _hours(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    minutes = abs(seconds) // 60
    return f"{sign}{minutes // 60}h{minutes % 60:02d}"


def read_contract_events(contract: Contract, events_file: str) -> IncidentTable:
    """The events file, checked against the contract's classes as well as the grammar."""
    table = read_events(events_file)
    unknown = unknown_classes(contract, table.log)
    if unknown:
        raise InputError(
            [Problem(events_file, v.field, v.expected, v.found, row=v.row) for v in unknown[:20]]
        )
    return table
