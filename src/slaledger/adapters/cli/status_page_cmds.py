"""``sla status-page show|set|token|tokens|revoke``: who may read a contract's customer
status page (off, public, protected) and its read-only tokens (docs/status-page.md).
The Store does the work and audits it."""

from __future__ import annotations

import click

from slaledger.adapters.cli.db_cmds import _refusals, _store, db_option
from slaledger.adapters.db.models import STATUS_VISIBILITIES


@click.group(name="status-page")
def status_page() -> None:
    """A contract's customer status page: its visibility and its tokens."""


@status_page.command(name="show")
@db_option
@click.argument("contract")
@_refusals
def show(url: str | None, contract: str) -> None:
    """Print CONTRACT's status page visibility and address."""
    with _store(url) as store:
        visibility = store.status_visibility(contract)
    click.echo(f"{contract}: {visibility}")
    if visibility != "off":
        suffix = "?token=TOKEN" if visibility == "protected" else ""
        click.echo(f"/status/{contract}{suffix}")


@status_page.command(name="set")
@db_option
@click.argument("contract")
@click.option(
    "--visibility", type=click.Choice(STATUS_VISIBILITIES), required=True,
    help="off: no page; public: anyone with the address; protected: a token in the address",
)  # fmt: skip
@_refusals
def set_visibility(url: str | None, contract: str, visibility: str) -> None:
    """Set who may read CONTRACT's status page."""
    with _store(url) as store:
        store.set_status_visibility(contract, visibility)
    click.echo(f"{contract}: status page {visibility}")


@status_page.command(name="token")
@db_option
@click.argument("contract")
@click.option("--name", default="", help="whom the token is for")
@_refusals
def create_token(url: str | None, contract: str, name: str) -> None:
    """Create a token that reads CONTRACT's status page (its feed, its badge) and nothing
    else; print the page's address with it (shown once)."""
    with _store(url) as store:
        token, secret = store.create_status_token(contract, name=name)
        visibility = store.status_visibility(contract)
    click.echo(f"status token {token.id} on {contract}; shown once:")
    click.echo(f"/status/{contract}?token={secret}")
    if visibility != "protected":
        click.echo(f"note: the page is {visibility}; protect it with --visibility protected")


@status_page.command(name="tokens")
@db_option
@click.argument("contract", required=False)
@_refusals
def list_tokens(url: str | None, contract: str | None) -> None:
    """List the status tokens (their prefix, never the token), of CONTRACT or all."""
    with _store(url) as store:
        for token in store.status_tokens(contract):
            state = "revoked " + token.revoked_at.isoformat() if token.revoked_at else "live"
            click.echo(
                f"{token.id}\t{token.prefix}…\t{token.contract}\t{token.name}\t"
                f"{token.created_at.isoformat()}\t{state}"
            )


@status_page.command(name="revoke")
@db_option
@click.argument("token_id", type=int)
@_refusals
def revoke(url: str | None, token_id: int) -> None:
    """Revoke the status token TOKEN_ID: its address stops opening the page at once."""
    with _store(url) as store:
        token = store.revoke_status_token(token_id)
    click.echo(f"status token {token.id} on {token.contract} revoked")
