"""``sla users require-totp|reset-totp``: the TOTP second factor, on the administrator's
side — require it of the provider roles, or remove a user's (a lost device). Enrolment
is the user's own, on the dashboard's account page (docs/security.md)."""

from __future__ import annotations

import click

from slaledger.adapters.cli.db_cmds import _refusals, _store, db_option, users


@users.command(name="require-totp")
@db_option
@click.argument("switch", type=click.Choice(["on", "off"]))
@_refusals
def require_totp(url: str | None, switch: str) -> None:
    """Require (on) or not (off) a TOTP second factor of every provider-admin and
    provider-agent: one without it enrols at its next sign-in. API tokens are not
    affected (they are separate credentials)."""
    with _store(url) as store:
        store.set_totp_required(switch == "on")
        state = "required" if store.totp_required() else "optional"
    click.echo(f"second factor for provider roles: {state}")


@users.command(name="reset-totp")
@db_option
@click.argument("email")
@_refusals
def reset_totp(url: str | None, email: str) -> None:
    """Remove EMAIL's second factor and its recovery codes (a lost device): it signs in
    with its password alone, or enrols again if the service requires it."""
    with _store(url) as store:
        removed = store.reset_totp(store.user(email))
    click.echo(f"{email}: second factor {'removed' if removed else 'none to remove'}")
