"""``sla ingest tickets``: a helpdesk's tickets, through a mapping file, as incident events
(an events file or the store), with the helpdesk's own SLA verdicts beside the contract's.

``sla ingest check-mapping`` checks a mapping file (and its classes and clocks against a
contract); ``sla ingest mapping-schema`` prints its JSON Schema.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import click

from slaledger.adapters.cli.incident_cmds import _iso
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.events import write_events
from slaledger.adapters.files.helpdesk_mapping import (
    LoadedMapping,
    check_against_contract,
    load_mapping,
    mapping_json_schema,
)
from slaledger.adapters.files.instants import parse_instant
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.ingest import sources
from slaledger.adapters.ingest.mail.check import unknown_priority_classes
from slaledger.bootstrap import contract_calendars
from slaledger.domain.calendar.engine import to_epoch
from slaledger.domain.contract.contract import Contract
from slaledger.domain.helpdesk.compare import SidePair, helpdesk_verdicts
from slaledger.domain.helpdesk.mapping import MappingRules
from slaledger.domain.helpdesk.tickets import DeliveryError, Ticket
from slaledger.domain.helpdesk.translate import MappingGap, TranslationError
from slaledger.domain.incidents.log import EventLogError
from slaledger.domain.message import Message, msg
from slaledger.services.helpdesk_import import (
    TicketImport,
    compare_verdicts,
    event_rows,
    subset,
    tickets_to_incidents,
)

TOKEN_VARIABLE = "SLALEDGER_HELPDESK_TOKEN"


def _options(texts: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for text in texts:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            raise InputError(
                [Problem("command line", "--option", msg("input.cli.key-value"), repr(text))]
            )
        found[key.strip()] = value.strip()
    return found


@click.command("tickets")
@click.option("--source", "source_name", required=True, type=click.Choice(sources.names()))
@click.option("--mapping", "mapping_file", required=True, help="the mapping file (YAML)")
@click.option("--url", help="the helpdesk's address (REST API)")
@click.option("--token", help=f"API token (default: ${TOKEN_VARIABLE})")
@click.option("--user", help="user name or e-mail, for basic authentication with --token")
@click.option("--app-token", help="GLPI: the API client's App-Token")
@click.option("--since", "since_text", help="only tickets updated since this instant")
@click.option("--file", "files", multiple=True, help="export file(s) instead of the API")
@click.option(
    "--option",
    "option_texts",
    multiple=True,
    metavar="KEY=VALUE",
    help="a connector's option (Jira: search=jql|v2; ServiceNow: table=incident, task_sla=true)",
)
@click.option("--output", help="the events file to write (CSV)")
@click.option("--db", "db_url", help="database URL or SQLite file to import into")
@click.option("--contract", "contract_id", help="with --db: the stored contract's id")
@click.option("--compare", "contract_file", help="contract file: helpdesk SLA verdicts beside it")
@click.option("--at", "at_text", help="evaluate the comparison as of this instant (default: now)")
@click.option("--json", "as_json", is_flag=True, help="print the comparison as JSON")
def tickets(
    source_name: str,
    mapping_file: str,
    url: str | None,
    token: str | None,
    user: str | None,
    app_token: str | None,
    since_text: str | None,
    files: Sequence[str],
    option_texts: Sequence[str],
    output: str | None,
    db_url: str | None,
    contract_id: str | None,
    contract_file: str | None,
    at_text: str | None,
    as_json: bool,
) -> None:
    """Read a helpdesk's tickets and write them as incident events (all or nothing)."""
    if not output and not db_url:
        raise InputError(
            [
                Problem(
                    "command line",
                    "--output",
                    msg("input.cli.output-or-db"),
                    msg("input.found.neither"),
                )
            ]
        )
    if db_url and not contract_id:
        raise InputError(
            [
                Problem(
                    "command line",
                    "--contract",
                    msg("input.cli.contract-with-db"),
                    msg("input.found.nothing"),
                )
            ]
        )
    mapping = load_mapping(mapping_file)
    if mapping.model.source != source_name:
        raise InputError(
            [
                mapping.document.problem(
                    ("source",), f"the source '{source_name}'", mapping.model.source
                )
            ]
        )
    source = sources.get(source_name)
    options = sources.SourceOptions(
        url=url,
        token=token or os.environ.get(TOKEN_VARIABLE),
        user=user,
        app_token=app_token,
        files=tuple(Path(f) for f in files),
        since=parse_instant(since_text, source="command line", field="--since")
        if since_text
        else None,
        extra=_options(option_texts),
    )
    read = _read(source, options, mapping)
    imported = translate_or_refuse(read, mapping, source_name)
    contract = _contract(mapping, contract_file, db_url, contract_id)
    if output:
        count = write_events(imported.table, output)
        chosen = len(imported.translated.tickets)
        click.echo(
            f"{chosen:,} tickets ({imported.out_of_scope:,} out of scope), "
            f"{count:,} events -> {output}",
            err=bool(contract_file and as_json),
        )
    if db_url and contract_id:
        _into_store(db_url, contract_id, imported, mapping.rules, source_name)
    if contract is not None and (contract_file or mapping.rules.sla):
        at = (
            to_epoch(parse_instant(at_text, source="command line", field="--at"))
            if at_text
            else to_epoch(datetime.now(tz=UTC))
        )
        _views, pairs = compare_verdicts(
            imported=imported,
            contract=contract,
            calendars=contract_calendars(contract),
            rules=mapping.rules,
            at=at,
        )
        _show(pairs, contract.timezone, as_json)


def _read(
    source: sources.TicketSource, options: sources.SourceOptions, mapping: LoadedMapping
) -> list[Ticket]:
    if options.files:
        if source.read_files is None:
            raise InputError(
                [
                    Problem(
                        "command line",
                        "--file",
                        msg("input.cli.no-files", source=source.name),
                        "files",
                    )
                ]
            )
        return source.read_files(options.files, mapping)
    if source.read_api is None:
        raise InputError(
            [
                Problem(
                    "command line",
                    "--file",
                    msg("input.cli.file-for", source=source.name),
                    msg("input.found.nothing"),
                )
            ]
        )
    return source.read_api(options, mapping)


def translate_or_refuse(read: list[Ticket], mapping: LoadedMapping, source: str) -> TicketImport:
    """The import, or an InputError listing every reason there is none."""
    file = mapping.file
    try:
        return tickets_to_incidents(tickets=read, rules=mapping.rules)
    except DeliveryError as exc:
        raise InputError(
            [Problem(source, "", msg("input.cli.one-version"), m) for m in exc.messages]
        ) from None
    except TranslationError as exc:
        problems = [
            Problem(
                file,
                gap.section,
                _rule_missing(gap),
                "no rule",
                line=gap.line,
            )
            for gap in exc.gaps
        ]
        problems += [
            Problem(source, "history", msg("input.cli.history-order"), str(p)) for p in exc.problems
        ]
        raise InputError(problems) from None
    except EventLogError as exc:
        raise InputError(
            [Problem(source, v.field, v.expected, v.found, row=v.row) for v in exc.violations[:20]]
        ) from None


def _rule_missing(gap: MappingGap) -> Message:
    """What a ticket's status or priority without a rule expects, and how to add it."""
    where = {"value": gap.value, "ticket": gap.ticket, "section": gap.section}
    if gap.section == "statuses":
        if gap.tickets > 1:
            return msg("input.cli.status-rule-more", others=gap.tickets - 1, **where)
        return msg("input.cli.status-rule", **where)
    if gap.tickets > 1:
        return msg("input.cli.priority-rule-more", others=gap.tickets - 1, **where)
    return msg("input.cli.priority-rule", **where)


def _contract(
    mapping: LoadedMapping, contract_file: str | None, db_url: str | None, contract_id: str | None
) -> Contract | None:
    contract = None
    if contract_file:
        contract = load_contract(contract_file).contract
    elif db_url and contract_id:
        from slaledger.adapters.cli.db_cmds import _store

        with _store(db_url) as store:
            contract = store.loaded_contract(contract_id).contract
    if contract is not None:
        problems = check_against_contract(mapping, contract)
        if problems:
            raise InputError(problems)
    return contract


def _into_store(
    db_url: str, contract_id: str, imported: TicketImport, rules: MappingRules, source: str
) -> None:
    """New tickets are imported; a ticket already stored with the same events is a
    duplicate delivery (skipped); one stored with other events is refused. The
    helpdesk's verdicts on the clocks the mapping pairs are stored (source
    ``ingest:<source>``) beside them."""
    from slaledger.adapters.cli.db_cmds import _store
    from slaledger.adapters.db.helpdesk_verdicts import store_verdicts

    table = imported.table
    with _store(db_url, actor="cli:ingest") as store:
        stored = store.incident_table(contract_id, keys=list(table.log.names))
        known = set(stored.log.names)
        ours = _by_ticket(event_rows(subset(table, sorted(known))))
        theirs = _by_ticket(event_rows(stored))
        changed = sorted(k for k in known if ours.get(k) != theirs.get(k))
        if changed:
            raise InputError(
                [
                    Problem(
                        f"contract {contract_id}",
                        "incident",
                        msg("input.cli.tickets-unchanged"),
                        f"{key} stored with other events (the service's sync updates it)",
                    )
                    for key in changed[:20]
                ]
            )
        new = [k for k in table.log.names if k not in known]
        count = store.import_events(contract_id, subset(table, new)) if new else 0
        chosen = imported.translated.tickets
        verdicts = helpdesk_verdicts(chosen, rules.sla)
        store_verdicts(
            store,
            contract_id,
            f"ingest:{source}",
            verdicts,
            tickets=[t.key for t in chosen],
            at=store.clock(),
        )
    click.echo(f"{count:,} tickets imported into {contract_id}, {len(known):,} already stored")
    if rules.sla:
        click.echo(f"{len(verdicts):,} helpdesk verdicts stored beside the contract's clocks")


def _by_ticket(
    rows: list[tuple[str, int, str, str | None]],
) -> dict[str, list[tuple[int, str, str | None]]]:
    out: dict[str, list[tuple[int, str, str | None]]] = {}
    for name, at, event, value in rows:
        out.setdefault(name, []).append((at, event, value))
    return {k: sorted(v, key=lambda e: (e[0], e[1], e[2] or "")) for k, v in out.items()}


def _show(pairs: list[SidePair], zone: str, as_json: bool) -> None:
    disagree = [p for p in pairs if p.disagree]
    if as_json:
        payload = {
            "pairs": [
                {
                    "ticket": p.ticket,
                    "helpdesk_timer": p.helpdesk_timer,
                    "helpdesk": p.helpdesk,
                    "helpdesk_deadline": _iso(p.helpdesk_deadline, zone)
                    if p.helpdesk_deadline
                    else None,
                    "clock": p.clock,
                    "contract": p.contract,
                    "contract_deadline": _iso(p.contract_deadline, zone)
                    if p.contract_deadline
                    else None,
                    "disagree": p.disagree,
                }
                for p in pairs
            ],
            "disagreements": len(disagree),
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    for p in pairs:
        click.echo(
            f"{p.ticket:<14} {p.helpdesk_timer:<28} helpdesk {p.helpdesk:<9} "
            f"contract {p.clock} {p.contract:<9}" + ("  DISAGREE" if p.disagree else "")
        )
    click.echo(f"{len(disagree)} of {len(pairs)} helpdesk verdicts disagree with the contract's")


@click.command("check-mapping")
@click.argument("mapping_file", metavar="MAPPING")
@click.option("--contract", "contract_file", help="contract file whose classes and clocks to check")
def check_mapping(mapping_file: str, contract_file: str | None) -> None:
    """Check a mapping file (and, with --contract, its classes and clocks)."""
    mapping = load_mapping(mapping_file)
    mail = mapping.model.mail
    if contract_file:
        contract = load_contract(contract_file).contract
        problems = check_against_contract(mapping, contract)
        if mail is not None:
            problems += unknown_priority_classes(mapping.document, mail, contract, ("mail",))
        if problems:
            raise InputError(problems)
    rules = mapping.rules
    mail_words = (
        f", mail rules ({len(mail.priorities)} priorities, {len(mail.events)} event rules)"
        if mail is not None
        else ""
    )
    click.echo(
        f"{mapping_file}: {len(rules.statuses)} statuses, {len(rules.priorities)} priorities, "
        f"{len(rules.value_rules) + len(rules.instant_rules)} field rules, "
        f"{len(rules.sla)} helpdesk timers{mail_words}: ok"
    )


@click.command("mapping-schema")
def mapping_schema() -> None:
    """Print the JSON Schema of mapping files."""
    click.echo(json.dumps(mapping_json_schema(), indent=2, ensure_ascii=False))
