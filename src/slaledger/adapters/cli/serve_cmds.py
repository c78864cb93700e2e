"""``sla serve``: migrate the database, then serve the API and the dashboard, in one
process or in ``--workers N`` (PostgreSQL only; docs/operations.md)."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import click

from slaledger.adapters.db.engine import resolve_url, upgrade

#: the import path of each worker's app (adapters/api/workers.py)
WORKER_APP = "slaledger.adapters.api.workers:app_from_environment"
#: seconds the supervisor waits for a worker's answer before it replaces the worker
WORKER_HEALTHCHECK = 120
SQLITE_ONE_PROCESS = (
    "SQLite serves one process: run `sla serve` with --workers 1 (its WAL journal and busy "
    "timeout keep one process's requests and scheduler consistent), or use PostgreSQL "
    "(--db postgresql://...) for several workers"
)


#: addresses served to this machine only: cookies need no Secure flag there
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@click.command("serve")
@click.option(
    "--db",
    "db_url",
    help="database URL (postgresql://... or a SQLite file); default: SLALEDGER_DB, "
    "else slaledger.db in the user's data directory",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="port to listen on (0: one the system chooses, printed in the start line)",
)
@click.option(
    "--sources",
    "sources_file",
    help="a sources file to keep in sync (docs/sources.md); default: SLALEDGER_SOURCES",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="worker processes (PostgreSQL only above 1); the scheduler runs in one of them",
)
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one object per line with the request id (docs/operations.md)",
)
@click.option(
    "--graceful-timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0),
    help="seconds a stopping service waits for open requests, then for running jobs",
)
@click.option(
    "--secure-cookies/--no-secure-cookies",
    default=None,
    help="behind TLS: Secure, __Host- session cookies and HSTS even on plain http from a "
    "proxy; default: SLALEDGER_SECURE_COOKIES, else on unless --host is a loopback address",
)
def serve(
    db_url: str | None,
    host: str,
    port: int,
    sources_file: str | None,
    workers: int,
    log_format: str,
    graceful_timeout: float,
    secure_cookies: bool | None,
) -> None:
    """Run the database migrations, then serve the REST API (OpenAPI at /docs), the
    dashboard (/dashboard/), /healthz, /readyz and /metrics with uvicorn (uvloop,
    httptools)."""
    import uvicorn

    from slaledger.adapters.api.ops.logs import log_config
    from slaledger.adapters.api.settings import Settings
    from slaledger.adapters.sync.config import load_sources
    from slaledger.adapters.sync.pullers import PULLERS, checked_sources

    url = resolve_url(db_url)
    if workers > 1 and url.startswith("sqlite"):
        raise click.UsageError(SQLITE_ONE_PROCESS)
    metrics_folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if workers == 1 and metrics_folder and not Path(metrics_folder).is_dir():
        # prometheus_client would fail on every request's counter, not at start-up
        raise click.UsageError(
            f"PROMETHEUS_MULTIPROC_DIR names {metrics_folder!r}, which is not a directory: "
            "create it, or unset the variable"
        )
    if secure_cookies is None and not os.environ.get("SLALEDGER_SECURE_COOKIES", "").strip():
        secure_cookies = host not in LOOPBACK
    if secure_cookies is not None:  # the workers read it from the environment too
        os.environ["SLALEDGER_SECURE_COOKIES"] = "1" if secure_cookies else "0"
    settings = Settings.from_env()
    if sources_file is not None:
        settings = replace(settings, sources_file=sources_file)
    if settings.sources_file is not None:
        # a bad file stops here, named: its entries, and each source's options
        checked_sources(load_sources(settings.sources_file, set(PULLERS)))
    upgrade(url)
    os.environ["SLALEDGER_GRACEFUL_TIMEOUT"] = str(graceful_timeout)
    options = {
        "host": host,
        "port": port,
        "log_config": log_config(log_format),
        "loop": "uvloop",
        "http": "httptools",
        "timeout_graceful_shutdown": graceful_timeout,
    }
    where = f"http://{host}:{port}/" if port else f"{host}, on a port the system chooses"
    if workers == 1:
        from slaledger.adapters.api import create_app

        click.echo(f"SLA Ledger on {where} (API docs: /docs); database migrated")
        app = create_app(database_url=url, settings=settings)
        uvicorn.run(app, **options)  # type: ignore[arg-type]
        return
    made = _share_with_workers(url, settings.sources_file)
    click.echo(f"SLA Ledger on {where} (API docs: /docs), {workers} workers; database migrated")
    try:
        uvicorn.run(
            WORKER_APP,
            factory=True,
            workers=workers,
            # a worker must answer the supervisor's first ping after its imports: a few
            # seconds on a quiet machine, far more on a loaded one (uvicorn's default: 5)
            timeout_worker_healthcheck=WORKER_HEALTHCHECK,
            **options,  # type: ignore[arg-type]
        )
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)


def _share_with_workers(url: str, sources_file: str | None) -> Path | None:
    """What every worker reads from the environment: the database, the sources file,
    one session secret (derived here when SLALEDGER_SECRET is unset: sessions then end
    when the service restarts) and the folder of the workers' metrics (returned when
    made here, to be removed when the service stops)."""
    os.environ["SLALEDGER_DB"] = url
    if sources_file is not None:
        os.environ["SLALEDGER_SOURCES"] = sources_file
    if not os.environ.get("SLALEDGER_SECRET", "").strip():
        os.environ["SLALEDGER_SECRET"] = secrets.token_urlsafe(32)
        click.echo(
            "SLALEDGER_SECRET is not set: one secret is shared by the workers; dashboard "
            "sessions end when the service restarts (set it to keep them)",
            err=True,
        )
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for stale in Path(folder).glob("*.db"):  # a previous run's counters
            stale.unlink()
        return None
    made = tempfile.mkdtemp(prefix="slaledger-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = made
    return Path(made)
