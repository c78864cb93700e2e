"""``/healthz``: the process answers (200). ``/readyz``: the database answers, its schema
is at the package's head revision, and the scheduler, when this service runs one, is
alive; 503 otherwise, the JSON naming each check and what it found. Neither asks for a
token (a load balancer or an orchestrator calls them); neither says more than that."""

from __future__ import annotations

import functools
import os
from typing import Any

from alembic.runtime.migration import MigrationContext
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text

from slaledger.adapters.db.engine import head
from slaledger.adapters.jobs.scheduler import Scheduler

router = APIRouter(tags=["operations"])


@functools.cache
def head_revision() -> str:
    return head()


def database_checks(engine: Engine) -> dict[str, dict[str, Any]]:
    """``database`` (a query answers) and ``migrations`` (the revision is the head)."""
    expected = head_revision()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            revision = MigrationContext.configure(connection).get_current_revision()
    except Exception as exc:  # any driver's error: the answer is "not ready", in words
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        return {
            "database": {"ok": False, "error": reason.strip()},
            "migrations": {"ok": False, "error": "the database did not answer"},
        }
    migrations: dict[str, Any] = {"ok": revision == expected, "current": revision, "head": expected}
    if revision != expected:
        migrations["error"] = "the schema is not at the head revision: run `sla db upgrade`"
    return {"database": {"ok": True}, "migrations": migrations}


def scheduler_check(request: Request) -> dict[str, Any]:
    settings = getattr(request.app.state, "settings", None)
    if settings is None or not settings.start_scheduler:
        return {"ok": True, "state": "off"}
    scheduler: Scheduler | None = getattr(request.app.state, "scheduler", None)
    if scheduler is None:
        return {"ok": True, "state": "idle", "detail": "no alert channel and no source: no job"}
    found: dict[str, Any] = {
        "ok": scheduler.alive,
        "state": "running" if scheduler.alive else "stopped",
    }
    leading = getattr(scheduler.lock, "leading", None)
    if isinstance(leading, bool):
        found["leader"] = leading
    found["jobs"] = {
        state.name: {"runs": state.runs, "skipped": state.skipped, "failures": state.failures}
        for state in scheduler.status()
    }
    if not scheduler.alive:
        found["error"] = "the scheduler's loop has ended"
    return found


@router.get("/healthz", include_in_schema=False)
async def healthz() -> dict[str, Any]:
    return {"status": "ok", "pid": os.getpid()}


@router.get("/readyz", include_in_schema=False)
def readyz(request: Request) -> JSONResponse:
    checks = database_checks(request.app.state.engine)
    checks["scheduler"] = scheduler_check(request)
    ready = all(check["ok"] for check in checks.values())
    failed = sorted(name for name, check in checks.items() if not check["ok"])
    body = {
        "status": "ready" if ready else "not ready",
        "failed": failed,
        "checks": checks,
        "pid": os.getpid(),
    }
    return JSONResponse(
        body, status_code=200 if ready else 503, headers={"Cache-Control": "no-store"}
    )
