"""``sla demo``: the seed contracts and their example year in a database, served."""

from __future__ import annotations

from datetime import datetime

import click

from slaledger.adapters.db.engine import resolve_url, upgrade
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import demo_logins, load_demo

#: the demo replays its example year: "now" starts at this instant and runs on
DEMO_NOW = "2024-12-20T13:00:00+01:00"


@click.command("demo")
@click.option("--db", "db_url", help="database URL (default: the user's SQLite file)")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--now",
    "now_text",
    default=DEMO_NOW,
    show_default=True,
    help="the instant the dashboard starts at (the example data covers 2024)",
)
@click.option("--no-serve", is_flag=True, help="load the data, print the logins and stop")
def demo(db_url: str | None, host: str, port: int, now_text: str, no_serve: bool) -> None:
    """Load the five seed contracts and their generated year into the database (once),
    print the demo logins, and serve the dashboard."""
    url = resolve_url(db_url)
    anchor = datetime.fromisoformat(now_text)
    if anchor.tzinfo is None:
        raise click.BadParameter(
            "give an offset, such as 2024-12-20T13:00:00+01:00", param_hint="--now"
        )
    upgrade(url)
    with Store.transaction(session_factory(url), actor="sla demo") as store:
        loaded = load_demo(store)
        logins = demo_logins(store)
    click.echo(f"database: {url} ({'demo data loaded' if loaded else 'demo data already there'})")
    click.echo(
        f"dashboard: http://{host}:{port}/dashboard/  (clock starts at {anchor.isoformat()})"
    )
    click.echo(f"REST API: http://{host}:{port}/docs  (tokens: sla tokens create EMAIL)")
    click.echo("logins (password for all: demo-password):")
    for login in logins:
        who = f"customer-viewer of {login.customer}" if login.customer else login.role
        click.echo(f"  {login.email:<48} {who}")
    if no_serve:
        return
    import uvicorn

    from slaledger.adapters.api import create_app
    from slaledger.adapters.web.app import replayed_clock

    app = create_app(database_url=url, clock=replayed_clock(anchor))
    uvicorn.run(app, host=host, port=port)
