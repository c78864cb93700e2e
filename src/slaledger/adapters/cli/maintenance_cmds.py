"""``sla maintenance``: may a window go ahead, the next slot that may, the recurring ones.

Exit codes: 0 allowed (or found; or no rule: the contract sets none for the kind, said
as such), 1 refused (or nothing found), 2 bad input.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import click

from slaledger.adapters.cli.values import language_option
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.instants import parse_instant
from slaledger.adapters.files.observations import read_maintenance, read_window
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.i18n import Renderer, english, renderer
from slaledger.adapters.readable import instant_text
from slaledger.bootstrap import contract_calendars
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.values import parse_duration
from slaledger.domain.maintenance import Proposal, Reason, Verdict, Window, kind_names
from slaledger.domain.message import Day, Message, Text, msg
from slaledger.domain.observations import MaintenanceTable
from slaledger.services.maintenance import (
    check_proposed,
    next_window,
    recurring_windows,
)

COMMAND_LINE = "command line"
REFUSED = 1


@click.group("maintenance")
def maintenance() -> None:
    """Maintenance windows against the contract's rules."""


_CONTRACT = click.argument("contract_file", metavar="CONTRACT")
_HISTORY = click.option(
    "--history", "history_file", help="earlier windows (CSV, JSON lines or Parquet)"
)
_OPENED = click.option(
    "--opened",
    "opened_text",
    help="service opening date YYYY-MM-DD: starts each contract year or quarter of a cap",
)
_JSON = click.option("--json", "as_json", is_flag=True, help="print JSON")


_LANG = language_option(
    "the language of the text output (JSON keeps English texts and message ids)"
)


@maintenance.command("check")
@_CONTRACT
@click.option("--kind", required=True, help="a maintenance clause id or type of the contract")
@click.option("--start", "start_text", required=True, help="start, ISO 8601 with offset")
@click.option("--end", "end_text", required=True, help="end, ISO 8601 with offset")
@click.option("--announced", "announced_text", help="when it was announced (none: never)")
@click.option("--agreed", is_flag=True, help="the customer agreed to (or asked for) the window")
@_HISTORY
@_OPENED
@_JSON
@_LANG
@click.pass_context
def check(
    ctx: click.Context,
    contract_file: str,
    kind: str,
    start_text: str,
    end_text: str,
    announced_text: str | None,
    agreed: bool,
    history_file: str | None,
    opened_text: str | None,
    as_json: bool,
    language: str = "en",
) -> None:
    """Allowed or refused, with every rule checked and the clause of each."""
    contract = load_contract(contract_file).contract
    _known_kind(contract, kind)
    proposed = _proposed(
        contract,
        {
            "kind": kind,
            "start": start_text,
            "end": end_text,
            "announced_at": announced_text or "",
            "agreed_by_customer": "yes" if agreed else "no",
        },
    )
    verdict = check_proposed(
        contract=contract,
        proposed=proposed,
        calendars=contract_calendars(contract),
        history=_history(contract, history_file),
        opened=_opened(opened_text),
    )
    zone = ZoneInfo(contract.timezone)
    if as_json:
        _print_json({"contract": contract.id, **_verdict_json(verdict, zone)})
    else:
        _print_verdict(verdict, zone, renderer(language))
    if not verdict.allowed:
        ctx.exit(REFUSED)


@maintenance.command("next")
@_CONTRACT
@click.option("--kind", required=True, help="a maintenance clause id or type of the contract")
@click.option("--duration", "duration_text", required=True, help="length such as 2h or 90min")
@click.option("--after", "after_text", required=True, help="announced now: ISO 8601 with offset")
@_HISTORY
@_OPENED
@_JSON
@_LANG
@click.pass_context
def next_(
    ctx: click.Context,
    contract_file: str,
    kind: str,
    duration_text: str,
    after_text: str,
    history_file: str | None,
    opened_text: str | None,
    as_json: bool,
    language: str = "en",
) -> None:
    """The earliest compliant window starting at or after --after, announced at --after."""
    contract = load_contract(contract_file).contract
    _known_kind(contract, kind)
    seconds = _seconds(duration_text)
    after = _instant(after_text, "--after")
    proposal = next_window(
        contract=contract,
        kind=kind,
        seconds=seconds,
        after=after,
        calendars=contract_calendars(contract),
        history=_history(contract, history_file),
        opened=_opened(opened_text),
    )
    zone = ZoneInfo(contract.timezone)
    if as_json:
        _print_json(
            {
                "contract": contract.id,
                "found": proposal is not None,
                **_proposal_json(proposal, zone),
            }
        )
    elif proposal is None:
        say = renderer(language)
        click.echo(say(msg("cli.maintenance-none-found", kind=kind, duration=duration_text)))
    else:
        say = renderer(language)
        window = proposal.verdict.window
        span, clause = _span(window, zone, language), proposal.verdict.clause or ""
        click.echo(say(msg("cli.maintenance-next-slot", span=span, clause=clause)))
        for condition in proposal.conditions:
            click.echo(say(msg("cli.maintenance-condition", condition=condition)))
        for reason in proposal.verdict.reasons:
            click.echo(_reason_line(reason, say))
    if proposal is None:
        ctx.exit(REFUSED)


@maintenance.command("calendar")
@_CONTRACT
@click.option("--year", required=True, type=click.IntRange(1900, 2200), help="the year, e.g. 2027")
@_JSON
@_LANG
def calendar(contract_file: str, year: int, as_json: bool, language: str = "en") -> None:
    """The recurring maintenance windows of a year, in the contract's time zone."""
    contract = load_contract(contract_file).contract
    slots = recurring_windows(contract=contract, year=year)
    if as_json:
        _print_json(
            {
                "contract": contract.id,
                "year": year,
                "timezone": contract.timezone,
                "windows": [
                    {
                        "clause": s.clause,
                        "article": english(s.article),
                        "start": s.start.isoformat(),
                        "end": s.end.isoformat(),
                    }
                    for s in slots
                ],
            }
        )
        return
    say = renderer(language)
    if not slots:
        click.echo(say(msg("cli.maintenance-no-recurring", contract=contract.id)))
    zone = ZoneInfo(contract.timezone)
    for slot in slots:
        day = say.param(Day(slot.start.date(), "EEE"))  # "Sun", "dim."
        span = (
            f"{instant_text(slot.start, zone, language)} – {instant_text(slot.end, zone, language)}"
        )
        click.echo(f"{day}  {span}  {slot.clause}  [{say(slot.article)}]")


# ------------------------------------------------------------------ input
def _problem(option: str, expected: Text, found: str) -> Problem:
    return Problem(file=COMMAND_LINE, field=option, expected=expected, found=describe(found))


def _instant(text: str, option: str) -> int:
    return int(parse_instant(text, source=COMMAND_LINE, field=option).timestamp())


#: the option that gives each field of a window
OPTIONS = {
    "kind": "--kind",
    "start": "--start",
    "end": "--end",
    "announced_at": "--announced",
    "agreed_by_customer": "--agreed",
}


def _proposed(contract: Contract, fields: dict[str, str]) -> MaintenanceTable:
    """The window of the options, read as a row of a maintenance file is; problems name
    the option."""
    try:
        return read_window(fields, source=COMMAND_LINE, kinds=kind_names(contract.maintenance))
    except InputError as exc:
        raise InputError(
            [dataclasses.replace(p, field=OPTIONS.get(p.field, p.field)) for p in exc.problems]
        ) from None


def _known_kind(contract: Contract, kind: str) -> None:
    names = kind_names(contract.maintenance)
    if kind not in names:
        expected = (
            msg("input.cli.maintenance-kind", contract=contract.id, kinds=", ".join(names))
            if names
            else msg("input.cli.no-maintenance-kind", contract=contract.id)
        )
        raise InputError([_problem("--kind", expected, kind)])


def _seconds(text: str) -> int:
    try:
        seconds = parse_duration(text).fixed_seconds
    except ValueError:
        seconds = None
    if seconds is None or seconds <= 0:
        raise InputError([_problem("--duration", msg("input.cli.length"), text)])
    return int(seconds)


def _opened(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError([_problem("--opened", msg("input.cli.date"), text)]) from None


def _history(contract: Contract, path: str | None) -> MaintenanceTable | None:
    if path is None:
        return None
    return read_maintenance(path, kinds=kind_names(contract.maintenance))


# ----------------------------------------------------------------- output
def _local(epoch: int, zone: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(epoch, tz=zone)


def _span(window: Window, zone: ZoneInfo, language: str) -> str:
    """The window in the contract's zone as people read it (``--lang``; JSON keeps ISO)."""
    start, end = _local(window.start, zone), _local(window.end, zone)
    return f"{instant_text(start, zone, language)} – {instant_text(end, zone, language)}"


def _reason_line(reason: Reason, say: Renderer) -> str:
    state = (
        msg("cli.reason-ok")
        if reason.ok
        else (msg("cli.reason-broken") if reason.binding else msg("cli.reason-note"))
    )
    status = f"{say(state):<6}"
    where = f"  [{reason.clause}: {say(reason.article)}]" if reason.clause else ""
    return f"  {status}  {reason.rule:<32} {say(reason.message)}{where}"


#: the first word of a verdict, by its answer
ANSWERS = {
    "allowed": msg("cli.verdict-allowed"),
    "refused": msg("cli.verdict-refused"),
    "no-rule": msg("cli.verdict-no-rule"),
}


def _print_verdict(verdict: Verdict, zone: ZoneInfo, say: Renderer) -> None:
    answer = say(ANSWERS[verdict.answer])
    clause = say(msg("cli.verdict-under", clause=verdict.clause)) if verdict.clause else ""
    span = _span(verdict.window, zone, say.language)
    click.echo(f"{answer}  {verdict.window.kind}{clause}  {span}")
    if verdict.unruled:
        click.echo("  " + say(msg("cli.verdict-no-rule-said")))
    for reason in verdict.reasons:
        click.echo(_reason_line(reason, say))
    if not verdict.allowed:
        click.echo("  " + say(msg("cli.verdict-counts-as-downtime")))


def _reason_json(reason: Reason) -> dict[str, object]:
    return {
        "rule": reason.rule,
        "ok": reason.ok,
        "binding": reason.binding,
        "message": english(reason.message),
        "message_id": reason.message.id if isinstance(reason.message, Message) else None,
        "clause": reason.clause,
        "article": None if reason.article is None else english(reason.article),
        "over_cap_seconds": reason.over_cap,
    }


def _verdict_json(verdict: Verdict, zone: ZoneInfo) -> dict[str, object]:
    window = verdict.window
    return {
        "kind": window.kind,
        "clause": verdict.clause,
        "start": _local(window.start, zone).isoformat(),
        "end": _local(window.end, zone).isoformat(),
        "announced_at": (
            None if window.announced_at is None else _local(window.announced_at, zone).isoformat()
        ),
        "agreed_by_customer": window.agreed_by_customer,
        "allowed": verdict.allowed,
        "answer": verdict.answer,
        "reasons": [_reason_json(r) for r in verdict.reasons],
    }


def _proposal_json(proposal: Proposal | None, zone: ZoneInfo) -> dict[str, object]:
    if proposal is None:
        return {}
    conditions = [english(c) for c in proposal.conditions]  # JSON keeps English texts
    return {"conditions": conditions, **_verdict_json(proposal.verdict, zone)}


def _print_json(payload: object) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
