"""``sla tokens create|list|rotate|revoke``: API tokens with an expiry, a scope and
maybe a list of contracts, their last use shown, rotated to a new secret (issue #20
part 4). The Store does the work (and audits it)."""

from __future__ import annotations

from datetime import timedelta

import click

from slaledger.adapters.cli.db_cmds import _refusals, _store, db_option, tokens
from slaledger.adapters.db.models import ApiToken, FeedToken


@tokens.command(name="create")
@db_option
@click.argument("email")
@click.option("--name", default="", help="what the token is for")
@click.option(
    "--scope",
    type=click.Choice(["write", "read"]),
    default="write",
    show_default=True,
    help="read: the token writes nothing, whatever its user's role",
)
@click.option(
    "--contract",
    "contracts",
    multiple=True,
    help="restrict the token to this contract (repeat for several; default: all)",
)
@click.option(
    "--days",
    type=int,
    default=None,
    help="days before it expires (default $SLALEDGER_TOKEN_DAYS or 90; at most "
    "$SLALEDGER_TOKEN_MAX_DAYS or 365)",
)
@_refusals
def create_token(
    url: str | None, email: str, name: str, scope: str, contracts: tuple[str, ...], days: int | None
) -> None:
    """Create a token for the user EMAIL and print it (once: it cannot be shown again)."""
    with _store(url) as store:
        token, secret = store.create_token(
            email, name=name, scope=scope, contracts=contracts, days=days
        )
        assert token.expires_at is not None
        click.echo(
            f"token {token.id} for {email} ({token.user.role}, {scope}), expires "
            f"{token.expires_at.isoformat(timespec='seconds')}; keep it, it is shown once:"
        )
        click.echo(secret)


@tokens.command(name="list")
@db_option
@_refusals
def list_tokens(url: str | None) -> None:
    """List the tokens (their prefix, never the token): id, prefix, user, role, name,
    state, scope, contracts, expiry, last use."""
    with _store(url) as store:
        used = store.last_used("api")
        for token in store.tokens():
            expires = (
                token.expires_at.isoformat(timespec="seconds") if token.expires_at else "never"
            )
            last = used.get(token.id)
            click.echo(
                token_line(token, token.user.role)
                + f"\t{token.scope}\t{token.contracts or 'all contracts'}\texpires {expires}"
                + f"\tlast used {last.isoformat(timespec='seconds') if last else 'never'}"
            )


def token_line(token: ApiToken | FeedToken, scope: str) -> str:
    """A token as a line of a listing: id, prefix (never the token), user, ``scope`` (its
    user's role, a feed token's contract), name, state."""
    state = f"revoked {token.revoked_at.isoformat()}" if token.revoked_at else "active"
    return f"{token.id}\t{token.prefix}…\t{token.user.email}\t{scope}\t{token.name}\t{state}"


@tokens.command(name="rotate")
@db_option
@click.argument("token_id", type=int)
@click.option(
    "--grace",
    type=click.IntRange(0, 86400),
    default=0,
    show_default=True,
    help="seconds the former secret still works (0: refused at once)",
)
@_refusals
def rotate_token(url: str | None, token_id: int, grace: int) -> None:
    """Give the token TOKEN_ID a new secret (same id, scope, contracts, expiry) and print
    it once; the former secret is refused at once, or after --grace seconds."""
    with _store(url) as store:
        token, secret = store.rotate_token(token_id, grace=timedelta(seconds=grace))
        until = token.previous_until
        former = f"until {until.isoformat(timespec='seconds')}" if until else "no longer"
        click.echo(
            f"token {token.id} of {token.user.email} rotated; the former secret works {former}"
        )
        click.echo(secret)


@tokens.command(name="revoke")
@db_option
@click.argument("token_id", type=int)
@_refusals
def revoke_token(url: str | None, token_id: int) -> None:
    """Revoke the token TOKEN_ID."""
    with _store(url) as store:
        token = store.revoke_token(token_id)
        click.echo(f"token {token.id} of {token.user.email} revoked")
