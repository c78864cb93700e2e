"""``sla serve``: migrate the database, then serve the API and the dashboard."""

from __future__ import annotations

import click

from slaledger.adapters.db.engine import resolve_url, upgrade


@click.command("serve")
@click.option(
    "--db",
    "db_url",
    help="database URL (postgresql://... or a SQLite file); default: SLALEDGER_DB, "
    "else slaledger.db in the user's data directory",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve(db_url: str | None, host: str, port: int) -> None:
    """Run the database migrations, then serve the REST API (OpenAPI at /docs) and the
    dashboard (/dashboard/) with uvicorn."""
    import uvicorn

    from slaledger.adapters.api import create_app

    url = resolve_url(db_url)
    upgrade(url)
    click.echo(f"SLA Ledger on http://{host}:{port}/ (API docs: /docs); database migrated")
    uvicorn.run(create_app(database_url=url), host=host, port=port, log_level="info")
