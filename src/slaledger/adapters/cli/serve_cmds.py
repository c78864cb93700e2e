"""``sla serve``: migrate the database, then serve the API and the dashboard."""

from __future__ import annotations

from dataclasses import replace

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
@click.option(
    "--sources",
    "sources_file",
    help="a sources file to keep in sync (docs/sources.md); default: SLALEDGER_SOURCES",
)
def serve(db_url: str | None, host: str, port: int, sources_file: str | None) -> None:
    """Run the database migrations, then serve the REST API (OpenAPI at /docs) and the
    dashboard (/dashboard/) with uvicorn."""
    import uvicorn

    from slaledger.adapters.api import create_app
    from slaledger.adapters.api.settings import Settings
    from slaledger.adapters.sync.config import load_sources
    from slaledger.adapters.sync.pullers import PULLERS

    url = resolve_url(db_url)
    settings = Settings.from_env()
    if sources_file is not None:
        settings = replace(settings, sources_file=sources_file)
    if settings.sources_file is not None:
        load_sources(settings.sources_file, set(PULLERS))  # a bad file stops here, named
    upgrade(url)
    click.echo(f"SLA Ledger on http://{host}:{port}/ (API docs: /docs); database migrated")
    app = create_app(database_url=url, settings=settings)
    uvicorn.run(app, host=host, port=port, log_level="info")
