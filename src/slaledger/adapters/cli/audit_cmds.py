"""``sla audit verify``, ``sla audit keygen``, ``sla audit checkpoint``: the audit chain,
checked end to end and against anchors kept outside the database (the statements' chain
heads, the signed checkpoints; adapters/db/audit_checkpoints.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from slaledger.adapters.cli.db_cmds import _refusals, _store, audit, db_option
from slaledger.adapters.db import audit as audit_log
from slaledger.adapters.db import audit_checkpoints as checkpoints
from slaledger.adapters.db import audit_data
from slaledger.adapters.db.audit_key import (
    AuditKeyError,
    generate,
    key_path,
    load_signing,
    load_verifying,
    public_path,
)

F = TypeVar("F", bound=Callable[..., Any])

key_option = click.option(
    "--key",
    "key_file",
    metavar="FILE",
    default=None,
    help="the Ed25519 private key (default: $SLALEDGER_AUDIT_KEY, else audit.key in the "
    "user configuration folder)",
)
checkpoints_option = click.option(
    "--checkpoints",
    "checkpoints_file",
    metavar="FILE",
    default=None,
    help="the checkpoints file, JSON lines (default: $SLALEDGER_AUDIT_CHECKPOINTS, else "
    "audit-checkpoints.jsonl in the user data folder)",
)


def _anchor_refusals(command: F) -> F:
    @wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (AuditKeyError, checkpoints.CheckpointError) as exc:
            raise click.ClickException(str(exc)) from None

    return guarded  # type: ignore[return-value]


def _anchor(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> list[tuple[int, str]]:
    try:
        return [checkpoints.parse_anchor(value) for value in values]
    except checkpoints.CheckpointError as exc:
        raise click.BadParameter(str(exc)) from None


@audit.command()
@db_option
@click.option(
    "--data",
    "with_data",
    is_flag=True,
    help="also compare every table with what the log says was written",
)
@click.option(
    "--anchor",
    "anchors",
    multiple=True,
    metavar="SEQ:HASH",
    callback=_anchor,
    help="a chain head held outside the database (a statement prints it): the log must "
    "still have it (repeatable)",
)
@click.option(
    "--checkpoints",
    "checkpoints_file",
    metavar="FILE",
    default=None,
    help="signed checkpoints (JSON lines) the log must still match; needs --public-key",
)
@click.option(
    "--public-key",
    "public_key",
    metavar="FILE",
    default=None,
    help="the PEM public key that signed the checkpoints (audit.key.pub)",
)
@_refusals
@_anchor_refusals
def verify(
    url: str | None,
    with_data: bool,
    anchors: list[tuple[int, str]],
    checkpoints_file: str | None,
    public_key: str | None,
) -> None:
    """Check every entry of the audit chain; exit 1 naming each broken entry. With
    --data, also name each row changed, added or removed outside the ledger. With
    --anchor or --checkpoints, prove the log unchanged up to each anchor or checkpoint
    (a chain rewritten after an entry, every hash recomputed, verifies on its own)."""
    if checkpoints_file is not None and public_key is None:
        raise click.UsageError("--checkpoints needs --public-key (the key that signed them)")
    key = load_verifying(public_key) if public_key is not None else None
    signed = (
        checkpoints.read_checkpoints(checkpoints.checkpoints_path(checkpoints_file))
        if checkpoints_file is not None
        else []
    )
    if checkpoints_file is not None and not signed:
        raise click.ClickException(f"{checkpoints_file}: holds no checkpoint, proves nothing")
    with _store(url) as store:
        result = audit_log.verify(store.session)
        data = audit_data.verify_data(store.session) if with_data else None
        problems = [str(b) for b in result.breaks]
        problems += checkpoints.check_anchors(store.session, anchors)
        if key is not None and checkpoints_file is not None:
            problems += checkpoints.check_checkpoints(store.session, signed, key)
    if data is not None:
        problems += [str(b) for b in data.breaks]
        if data.unlisted:
            problems.append(f"{data.unlisted} more rows outside the ledger, not listed")
    if problems:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"audit chain intact: {result.entries} entries, last hash {result.last_hash}")
    for seq, _hash in anchors:
        click.echo(f"anchor {seq}: matches; the log is unchanged up to entry {seq}")
    if signed:
        last = max(c.seq for c in signed)
        click.echo(
            f"{len(signed)} checkpoint(s) signed by {signed[0].key_id} match; the log is "
            f"unchanged up to entry {last}"
        )
    if data is not None:
        click.echo(f"data intact: {data.rows} rows, each as the audit log says it was written")


@audit.command()
@key_option
@_anchor_refusals
def keygen(key_file: str | None) -> None:
    """Create the Ed25519 key that signs checkpoints (readable by its owner only) and
    its public key next to it (FILE.pub), the one to hand to customers and auditors."""
    path = key_path(key_file)
    key = generate(path)
    click.echo(f"{path}: audit key {key.key_id} created (mode 0600)")
    click.echo(f"{public_path(path)}: its public key, to check the checkpoints with")


@audit.command()
@db_option
@key_option
@checkpoints_option
@_refusals
@_anchor_refusals
def checkpoint(url: str | None, key_file: str | None, checkpoints_file: str | None) -> None:
    """Sign the audit chain's head and append it to the checkpoints file (the service's
    scheduler does so too, see docs/security.md); refused when the chain is broken."""
    key = load_signing(key_file)
    path = checkpoints.checkpoints_path(checkpoints_file)
    with _store(url) as store:
        written = checkpoints.write_checkpoint(store.session, key, path, store.clock())
        head = checkpoints.chain_head(store.session)
    if written is None:
        click.echo(f"{path}: entry {head[0] if head else 0} is checkpointed already")
        return
    click.echo(
        f"{path}: checkpoint of entry {written.seq} ({written.hash}) signed by {written.key_id}"
    )
