"""When the service is busy: 503 with ``Retry-After``, never a 500 nor a stalled pool.

Two sources. The database: a SQLite writer that still has no lock after the busy
timeout, a PostgreSQL lock or serialization conflict, or no pooled connection free
within the pool timeout — each answers ``503 busy`` (the request changed nothing: its
transaction was rolled back). And the expensive requests (figures, statements, clock
listings, imports, PDF rendering): at most ``limit`` run at once; the others wait for a
slot up to ``wait`` seconds — waiting costs no thread and no connection, since the slot
is taken before the request's session opens — then answer ``503 busy``.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from slaledger.adapters.api.problems import (
    LOG,
    ProblemError,
    internal,
    problem_response,
    title,
)
from slaledger.adapters.i18n.accept import accepted_language
from slaledger.domain.message import Number, Text, msg

#: seconds a client is told to wait before trying again
RETRY_AFTER_SECONDS = 2
#: SQLite says it this way when a lock could not be had within the busy timeout
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")
#: PostgreSQL SQLSTATEs of lock and serialization conflicts (retrying succeeds)
_PG_RETRYABLE = {"40001", "40P01", "55P03"}


def busy(detail: Text, retry_after: int = RETRY_AFTER_SECONDS) -> ProblemError:
    return ProblemError(
        503,
        "busy",
        title(503),
        detail,
        headers={"Retry-After": str(retry_after)},
        retry_after_seconds=retry_after,
    )


def database_busy(exc: Exception) -> ProblemError | None:
    """The 503 for a database error that means "busy, try again", else None."""
    if isinstance(exc, PoolTimeout):
        return busy(msg("problem.busy.pool"))
    if isinstance(exc, OperationalError):
        message = str(exc.orig).lower()
        if any(text in message for text in _SQLITE_BUSY):
            return busy(msg("problem.busy.locked"))
    if isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) in _PG_RETRYABLE:
        return busy(msg("problem.busy.conflict"))
    return None


class Gate:
    """At most ``limit`` expensive requests at once; a request waits ``wait`` seconds at
    most for a slot. The asyncio semaphore is made for the running event loop (a test
    client may start several loops over one app)."""

    def __init__(self, limit: int, wait: float) -> None:
        if limit < 1:
            raise ValueError(f"the expensive-request limit: expected >= 1, found {limit}")
        self.limit, self.wait = limit, wait
        self._loop: asyncio.AbstractEventLoop | None = None
        self._semaphore = asyncio.Semaphore(limit)
        self.running = 0

    def _for_this_loop(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop, self._semaphore, self.running = loop, asyncio.Semaphore(self.limit), 0
        return self._semaphore

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        semaphore = self._for_this_loop()
        try:
            await asyncio.wait_for(semaphore.acquire(), timeout=self.wait)
        except TimeoutError:
            retry = max(1, math.ceil(self.wait / 4))
            raise busy(
                msg(
                    "problem.busy.expensive",
                    limit=self.limit,
                    wait=Number(Decimal(f"{self.wait:g}")),
                    variable="SLALEDGER_MAX_EXPENSIVE",
                ),
                retry_after=retry,
            ) from None
        self.running += 1
        try:
            yield
        finally:
            self.running -= 1
            semaphore.release()


async def _expensive(request: Request) -> AsyncIterator[None]:
    gate: Gate = request.app.state.gate
    async with gate.slot():
        yield


#: a route dependency: the request holds one of the expensive slots while it runs (put
#: it first, before the Store: a waiting request holds no connection)
EXPENSIVE = Depends(_expensive, scope="function")


def install_busy_handlers(app: FastAPI) -> None:
    """Database errors that mean "busy" answer 503 + Retry-After; any other one 500."""

    async def on_database(request: Request, exc: Exception) -> JSONResponse:
        problem = database_busy(exc)
        language = accepted_language(request.headers.get("accept-language"))
        if problem is None:
            LOG.error("database error on %s %s", request.method, request.url.path, exc_info=exc)
            return internal(request.url.path, language)
        LOG.warning("busy on %s %s: %s", request.method, request.url.path, exc)
        return problem_response(
            problem.status,
            problem.kind,
            problem.title,
            problem.detail,
            request.url.path,
            problem.extensions,
            headers=problem.headers,
            language=language,
        )

    app.add_exception_handler(DBAPIError, on_database)
    app.add_exception_handler(PoolTimeout, on_database)
