"""``sla ingest mail``: incident notifications and their follow-ups, from e-mail, to the
events file."""

from __future__ import annotations

import os
from datetime import date
from typing import cast

import click

from slaledger.adapters.cli.values import date_value
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.helpdesk_mapping import load_mail_rules_file
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.ingest.mail import (
    ImapSource,
    MailImport,
    RawMail,
    imap_credentials,
    incident_table,
    mail_events,
    read_eml,
    read_imap,
    read_mbox,
    write_events,
)
from slaledger.adapters.ingest.mail.check import unknown_priority_classes
from slaledger.adapters.ingest.mail.imap import Security

#: how many left-out messages are listed one by one (the rest are counted)
LISTED = 20


@click.command("mail")
@click.argument("locations", nargs=-1, required=True, metavar="PATH_OR_HOST...")
@click.option(
    "--source",
    "kind",
    type=click.Choice(["eml", "mbox", "imap"]),
    required=True,
    help="eml: .eml files or folders of them; mbox: mbox files; imap: an IMAP server's host",
)
@click.option(
    "--rules",
    "rules_file",
    required=True,
    help="the e-mail rules (YAML), or a mapping file with a mail: section",
)
@click.option("--output", required=True, help="the events file to write (.csv or .jsonl)")
@click.option("--contract", "contract_file", help="check the rules' classes against it")
@click.option("--port", type=click.IntRange(1, 65535), help="IMAP port (default 993, or 143)")
@click.option("--folder", default="INBOX", show_default=True, help="IMAP folder")
@click.option(
    "--security",
    type=click.Choice(["tls", "starttls", "plain"]),
    default="tls",
    show_default=True,
    help="IMAP over TLS, STARTTLS, or (test servers only) in clear",
)
@click.option("--ca-file", help="PEM file of the CA that signed the IMAP server's certificate")
@click.option("--since", "since_text", help="IMAP: only messages dated from this day, YYYY-MM-DD")
def mail(
    locations: tuple[str, ...],
    kind: str,
    rules_file: str,
    output: str,
    contract_file: str | None,
    port: int | None,
    folder: str,
    security: str,
    ca_file: str | None,
    since_text: str | None,
) -> None:
    """Read incident e-mails into an events file: a customer's message is the notification
    (its Date header the instant), the replies in its thread are follow-ups. IMAP
    credentials come from SLALEDGER_IMAP_USER and SLALEDGER_IMAP_PASSWORD."""
    # a mapping file (docs/helpdesks.md) holds the rules as its mail: section
    loaded = load_mail_rules_file(rules_file)
    rules = loaded.rules
    if contract_file is not None:
        problems = unknown_priority_classes(
            loaded.document, rules, load_contract(contract_file).contract, loaded.prefix
        )
        if problems:
            raise InputError(problems)
    if security == "plain" and kind == "imap":
        click.echo("warning: the IMAP password and messages travel in clear", err=True)
    since = date_value(since_text, "--since")
    raws = _messages(kind, locations, port, folder, security, ca_file, since)
    result = mail_events(raws, rules)
    incident_table(result)  # the event grammar, checked before anything is written
    path = write_events(result, output)
    _report_left(result)
    click.echo(
        f"{_count(result.messages, 'message')} "
        f"({_count(len(result.duplicates), 'duplicate')}), "
        f"{_count(len(result.incidents), 'incident')}, "
        f"{_count(len(result.events), 'event')} -> {path}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _messages(
    kind: str,
    locations: tuple[str, ...],
    port: int | None,
    folder: str,
    security: str,
    ca_file: str | None,
    since: date | None,
) -> list[RawMail]:
    if kind == "eml":
        return read_eml(locations)
    if kind == "mbox":
        return read_mbox(locations)
    user, password = imap_credentials(os.environ)
    messages: list[RawMail] = []
    for host in locations:
        source = ImapSource(
            host=host,
            port=port,
            folder=folder,
            security=cast(Security, security),
            ca_file=ca_file,
            since=since,
        )
        messages.extend(read_imap(source, user=user, password=password))
    return messages


def _report_left(result: MailImport) -> None:
    for origin in result.duplicates[:LISTED]:
        click.echo(f"duplicate: {origin}: the same Message-ID as an earlier message", err=True)
    for item in result.left[:LISTED]:
        click.echo(f"left out: {item.mail.origin} {item.mail.message_id}: {item.reason}", err=True)
    hidden = max(0, len(result.left) - LISTED) + max(0, len(result.duplicates) - LISTED)
    if hidden:
        click.echo(f"... and {hidden} more messages left out", err=True)
