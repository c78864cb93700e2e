"""The app of one worker of ``sla serve --workers N``: uvicorn starts each worker in a
process of its own and calls ``app_from_environment`` there (``factory=True``). The
command passes everything through the environment: ``SLALEDGER_DB`` (the database,
migrated by the command before the workers start), ``SLALEDGER_SOURCES``,
``SLALEDGER_SECRET`` (one for all workers, so a dashboard session opened on one worker
is valid on the others), ``SLALEDGER_GRACEFUL_TIMEOUT`` and
``PROMETHEUS_MULTIPROC_DIR`` (the workers' metrics, summed by ``/metrics``)."""

from __future__ import annotations

from fastapi import FastAPI

from slaledger.adapters.api.app import create_app
from slaledger.adapters.api.settings import Settings
from slaledger.adapters.db.engine import resolve_url


def app_from_environment() -> FastAPI:
    return create_app(database_url=resolve_url(None), settings=Settings.from_env())
