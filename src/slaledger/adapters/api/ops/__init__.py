"""Operations: ``/healthz``, ``/readyz``, ``/metrics``, request ids and their logs, the
scheduler's metrics and its graceful stop (docs/operations.md). ``install_ops`` wires
them onto the app; call it last, so its middleware is the outermost."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator

from fastapi import FastAPI

from slaledger.adapters.api.ops.health import router as health_router
from slaledger.adapters.api.ops.metrics import StoredFigures, process_metrics
from slaledger.adapters.api.ops.request_id import RequestIdMiddleware
from slaledger.adapters.api.ops.routes import router as metrics_router
from slaledger.adapters.jobs.scheduler import Scheduler

log = logging.getLogger(__name__)

#: seconds a stopping service waits for the scheduler's runs in progress
GRACEFUL_VARIABLE = "SLALEDGER_GRACEFUL_TIMEOUT"
DEFAULT_GRACEFUL_TIMEOUT = 30.0
METRICS_TOKEN_VARIABLE = "SLALEDGER_METRICS_TOKEN"


def graceful_timeout() -> float:
    text = os.environ.get(GRACEFUL_VARIABLE, "").strip()
    return float(text) if text else DEFAULT_GRACEFUL_TIMEOUT


def install_ops(app: FastAPI) -> None:
    """The operations routes, the request-id middleware and the scheduler's observer
    (the app's lifespan wrapped: after it starts the scheduler, the observer is added;
    on stop, the runs in progress get ``SLALEDGER_GRACEFUL_TIMEOUT`` seconds)."""
    metrics = process_metrics()
    settings = app.state.settings
    app.state.metrics_token = os.environ.get(METRICS_TOKEN_VARIABLE, "").strip() or None
    app.state.stored_figures = StoredFigures(
        app.state.sessions, app.state.clock, risk_share=settings.risk_share
    )
    app.include_router(health_router)
    app.include_router(metrics_router)
    app.add_middleware(RequestIdMiddleware, timer=metrics.time_request)
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(target: FastAPI) -> AsyncIterator[None]:
        async with inner(target):
            scheduler: Scheduler | None = getattr(target.state, "scheduler", None)
            if scheduler is not None:
                scheduler.observe(metrics.job_run)
            try:
                yield
            finally:
                scheduler = getattr(target.state, "scheduler", None)
                if scheduler is not None and scheduler.running:
                    timeout = graceful_timeout()
                    log.info("stopping the scheduler: its runs in progress get %s s", timeout)
                    await scheduler.stop(timeout=timeout)

    app.router.lifespan_context = lifespan
