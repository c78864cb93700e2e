"""``sla users deactivate|reactivate|reset-password|set-role|end-sessions``,
``sla tokens feed|feeds|revoke-feed`` and ``sla contracts upload``: people, feed tokens
and contract versions in the database. They translate arguments and output; the Store
does the work (and audits it)."""

from __future__ import annotations

import secrets
import sys

import click

from slaledger.adapters.cli.db_cmds import _refusals, _store, db_option, tokens, users
from slaledger.adapters.cli.token_cmds import token_line


@users.command(name="deactivate")
@db_option
@click.argument("email")
@_refusals
def deactivate_user(url: str | None, email: str) -> None:
    """Deactivate the user EMAIL: its API and feed tokens answer 401 at once, its
    dashboard sessions end at their next request (nothing is deleted)."""
    with _store(url) as store:
        user = store.set_active(email, False)
        click.echo(f"user {user.id}: {user.email} deactivated")


@users.command(name="reactivate")
@db_option
@click.argument("email")
@_refusals
def reactivate_user(url: str | None, email: str) -> None:
    """Make the user EMAIL active again (its unrevoked tokens work again)."""
    with _store(url) as store:
        user = store.set_active(email, True)
        click.echo(f"user {user.id}: {user.email} active")


@users.command(name="end-sessions")
@db_option
@click.argument("email")
@_refusals
def end_sessions(url: str | None, email: str) -> None:
    """End every dashboard session of EMAIL at once (a stolen cookie opens nothing)."""
    with _store(url) as store:
        ended = store.end_sessions(email)
    click.echo(f"{email}: {ended} session(s) ended")


@users.command(name="set-role")
@db_option
@click.argument("email")
@click.argument("role")
@click.option("--customer", default=None, help="the customer of a customer-viewer")
@_refusals
def set_role(url: str | None, email: str, role: str, customer: str | None) -> None:
    """Give EMAIL another ROLE; its dashboard sessions end at once (it signs in again
    with the new rights)."""
    with _store(url) as store:
        user = store.set_role(email, role, customer=customer)
        click.echo(f"user {user.id}: {user.email}: role {user.role}")


@users.command(name="reset-password")
@db_option
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="read the new password from stdin")
@_refusals
def reset_password(url: str | None, email: str, password_stdin: bool) -> None:
    """Set a new dashboard password for EMAIL: read from stdin, or a random one printed
    once."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("--password-stdin: expected a password on stdin, found none")
    else:
        password = secrets.token_urlsafe(18)
    with _store(url) as store:
        user = store.set_password(email, password)
    click.echo(f"user {user.id}: {user.email}: password reset")
    if not password_stdin:
        click.echo("new password (shown once):")
        click.echo(password)


@tokens.command(name="feed")
@db_option
@click.argument("email")
@click.option("--contract", "contract_key", required=True, help="the contract whose feed it reads")
@click.option("--name", default="", help="what the token is for (a calendar...)")
@_refusals
def create_feed_token(url: str | None, email: str, contract_key: str, name: str) -> None:
    """Create a feed token for EMAIL: it reads CONTRACT's obligations feed only (never
    the API), and print the feed's address path (once)."""
    with _store(url) as store:
        token, secret = store.create_feed_token(email, store.contract(contract_key), name=name)
        click.echo(f"feed token {token.id} for {email} on {contract_key}; shown once:")
        click.echo(f"/feeds/{contract_key}/obligations.ics?token={secret}")


@tokens.command(name="feeds")
@db_option
@_refusals
def list_feed_tokens(url: str | None) -> None:
    """List the feed tokens (their prefix, never the token)."""
    with _store(url) as store:
        used = store.last_used("feed")
        for token in store.feed_tokens():
            last = used.get(token.id)
            when = last.isoformat(timespec="seconds") if last else "never"
            click.echo(token_line(token, token.contract.key) + f"\tlast used {when}")


@tokens.command(name="revoke-feed")
@db_option
@click.argument("token_id", type=int)
@_refusals
def revoke_feed_token(url: str | None, token_id: int) -> None:
    """Revoke the feed token TOKEN_ID (the calendar's subscription stops working)."""
    with _store(url) as store:
        token = store.revoke_feed_token(token_id)
        click.echo(f"feed token {token.id} of {token.user.email} revoked")


@click.group(name="contracts")
def contracts() -> None:
    """Contracts stored in the database."""


@contracts.command(name="upload")
@db_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--accept-lint-errors", is_flag=True, help="store it despite error-severity findings")
@click.option(
    "--confirm-customer-change",
    is_flag=True,
    help="store a new version even if it names another customer than the latest one",
)
@_refusals
def upload_contract(
    url: str | None, file: str, accept_lint_errors: bool, confirm_customer_change: bool
) -> None:
    """Store FILE as a new contract, or as a new version of its contract."""
    with _store(url) as store:
        version = store.upload_contract_file(
            file,
            accept_lint_errors=accept_lint_errors,
            confirm_customer_change=confirm_customer_change,
        )
        click.echo(f"{version.contract.key}: version {version.number} ({version.sha256[:12]})")
