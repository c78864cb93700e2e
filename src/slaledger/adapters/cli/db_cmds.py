"""``sla db``, ``sla audit``, ``sla users``, ``sla tokens``, ``sla backup``, ``sla restore``:
the storage commands. They translate arguments and output; the Store does the work."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

import click

from slaledger.adapters.cli.click_language import current_language
from slaledger.adapters.db import engine
from slaledger.adapters.db.backup import BackupError
from slaledger.adapters.db.backup import backup as write_backup
from slaledger.adapters.db.backup import restore as read_backup
from slaledger.adapters.db.backup_key import BackupKey, BackupKeyError, load_key
from slaledger.adapters.db.errors import StoreError
from slaledger.adapters.db.models import ROLES
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.i18n import render

F = TypeVar("F", bound=Callable[..., Any])

db_option = click.option(
    "--db",
    "url",
    metavar="URL",
    default=None,
    help="database URL or SQLite file (default: $SLALEDGER_DB, else the user data folder)",
)


def _refusals(command: F) -> F:
    """Store and backup refusals become a clear message and exit code 1."""

    @wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except StoreError as exc:  # in the command's language (sla ... --lang, SLALEDGER_LANG)
            raise click.ClickException(render(exc.message, current_language())) from None
        except BackupError as exc:
            raise click.ClickException(str(exc)) from None

    return guarded  # type: ignore[return-value]


@contextmanager
def _store(url: str | None, actor: str = "cli") -> Iterator[Store]:
    """A Store on the migrated database at ``url``, committed at the end."""
    resolved = engine.resolve_url(url)
    if engine.current(resolved) != engine.head():
        raise click.ClickException(
            f"the database {_shown(resolved)} is not at the latest schema: run sla db upgrade"
        )
    factory = session_factory(resolved)
    try:
        with Store.transaction(factory, actor=actor) as store:
            yield store
    finally:
        factory.kw["bind"].dispose()


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


# -------------------------------------------------------------------- sla db
@click.group()
def db() -> None:
    """The database schema: upgrade, downgrade, current revision."""


@db.command()
@db_option
@click.option("--revision", default="head", show_default=True)
def upgrade(url: str | None, revision: str) -> None:
    """Create or migrate the schema up to REVISION."""
    resolved = engine.resolve_url(url)
    engine.upgrade(resolved, revision)
    click.echo(f"{_shown(resolved)}: at revision {engine.current(resolved)}")


@db.command()
@db_option
@click.argument("revision")
def downgrade(url: str | None, revision: str) -> None:
    """Migrate the schema down to REVISION ('base' drops every table and its data)."""
    resolved = engine.resolve_url(url)
    engine.downgrade(resolved, revision)
    click.echo(f"{_shown(resolved)}: at revision {engine.current(resolved) or 'base'}")


@db.command(name="current")
@db_option
def current_revision(url: str | None) -> None:
    """Print the schema revision of the database and the latest one."""
    resolved = engine.resolve_url(url)
    found = engine.current(resolved)
    latest = engine.head()
    state = "up to date" if found == latest else "needs sla db upgrade"
    click.echo(f"{_shown(resolved)}: revision {found or 'none'} (latest {latest}, {state})")


# ----------------------------------------------------------------- sla audit
# (its commands: adapters/cli/audit_cmds.py)
@click.group()
def audit() -> None:
    """The hash-chained audit log: verify it, anchor it outside the database."""


# ----------------------------------------------------------------- sla users
@click.group()
def users() -> None:
    """People who can sign in to the dashboard or hold API tokens."""


@users.command(name="add")
@db_option
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--customer", default=None, help="the customer a customer-viewer belongs to")
@click.option("--password-stdin", is_flag=True, help="read the dashboard password from stdin")
@_refusals
def add_user(
    url: str | None, email: str, role: str, customer: str | None, password_stdin: bool
) -> None:
    """Add a user with ROLE (and its customer for a customer-viewer)."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    if password_stdin and not password:
        raise click.ClickException("--password-stdin: expected a password on stdin, found none")
    with _store(url) as store:
        user = store.add_user(email, role=role, customer=customer, password=password)
        click.echo(f"user {user.id}: {user.email} ({user.role})")


@users.command(name="list")
@db_option
@_refusals
def list_users(url: str | None) -> None:
    """List the users."""
    with _store(url) as store:
        for user in store.users():
            customer = f" customer={user.customer.name}" if user.customer else ""
            password = "password" if user.password_hash else "no password"
            factor = "totp" if store.totp_enrolled(user) else "no totp"
            click.echo(f"{user.id}\t{user.email}\t{user.role}{customer}\t{password}\t{factor}")


# ---------------------------------------------------------------- sla tokens
@click.group()
def tokens() -> None:
    """API tokens (only their hash is stored)."""


# ------------------------------------------------------ sla backup / restore
@click.command()
@db_option
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@_refusals
def backup(url: str | None, file: str) -> None:
    """Write every table of the database into the archive FILE (zip), signed with the
    backup key (SLALEDGER_BACKUP_KEY, SLALEDGER_BACKUP_KEY_FILE, else backup.key in the
    user configuration folder, created on first use)."""
    key = load_backup_key(create=True)
    summaries = write_backup(engine.resolve_url(url), file, key=key)
    rows = sum(s.rows for s in summaries)
    if key.created:
        click.echo(f"created the backup key {key.origin}: keep a copy apart from the backups")
    click.echo(f"{file}: {len(summaries)} tables, {rows} rows; signed with key {key.key_id}")


@click.command()
@db_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_refusals
def restore(url: str | None, file: str) -> None:
    """Load the archive FILE into an empty database (all or nothing), after checking its
    signature, that every table is there, the audit chain and every row against it."""
    summaries = read_backup(engine.resolve_url(url), file, key=load_backup_key())
    rows = sum(s.rows for s in summaries)
    click.echo(
        f"{file}: restored {len(summaries)} tables, {rows} rows; signature and audit chain "
        "verified, every row as the audit log says it was written"
    )


def load_backup_key(*, create: bool = False) -> BackupKey:
    try:
        return load_key(create=create)
    except BackupKeyError as exc:
        raise click.ClickException(str(exc)) from None


COMMANDS = (db, audit, users, tokens, backup, restore)
