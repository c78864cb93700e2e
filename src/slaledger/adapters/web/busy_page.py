"""The dashboard's answer when the service is busy: a readable page, not JSON.

The API answers a busy database (a SQLite write lock not had within the busy timeout,
a PostgreSQL lock conflict, no pooled connection free) and a full expensive-request
gate with a ``503`` problem document and ``Retry-After`` (adapters/api/busy.py). Under
``/dashboard`` the same answer is a page in the visitor's language, with the same
status and header. It is rendered without the database (the cause may be the
database): no user is looked up, so the page shows no navigation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.responses import Response

from slaledger.adapters.api.problems import ProblemError
from slaledger.adapters.web.i18n import LANGUAGES, Formatter, pick_language
from slaledger.adapters.web.page import PREFIX, Clock, environment
from slaledger.adapters.web.security import LANGUAGE_COOKIE

Handler = Callable[[Request, Exception], Awaitable[Response]]
#: the errors whose API answer may be a 503 busy
BUSY_ERRORS: tuple[type[Exception], ...] = (ProblemError, DBAPIError, PoolTimeout)


def install_busy_page(app: FastAPI, *, clock: Clock) -> None:
    """Make the dashboard's 503 answers pages (call it after the API's handlers are
    installed: it wraps them)."""
    env = environment()
    for kind in BUSY_ERRORS:
        inner: Handler | None = app.exception_handlers.get(kind)  # type: ignore[assignment]
        if inner is None:  # pragma: no cover - the API installs all three
            raise RuntimeError(f"no exception handler for {kind.__name__} to wrap")
        app.add_exception_handler(kind, _paged(inner, env, clock))


def _paged(inner: Handler, env: Any, clock: Clock) -> Handler:
    async def handler(request: Request, exc: Exception) -> Response:
        response = await inner(request, exc)
        if response.status_code != 503 or not _on_dashboard(request):
            return response
        return busy_page(request, env, clock, response.headers.get("Retry-After", "2"))

    return handler


def _on_dashboard(request: Request) -> bool:
    path = request.url.path
    return path == PREFIX or path.startswith(PREFIX + "/")


def busy_page(request: Request, env: Any, clock: Clock, retry_after: str) -> HTMLResponse:
    """The 503 page, its ``Retry-After`` kept."""
    fmt = Formatter(pick_language(request.cookies.get(LANGUAGE_COOKIE)))
    seconds = int(retry_after) if retry_after.isdigit() else 2
    # a GET can be repeated as it was; a form posted (login) is shown again
    again = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    page = env.get_template("busy.html").render(
        _=fmt.gettext,
        fmt=fmt,
        user=None,
        csrf="",
        lang=fmt.language,
        languages=LANGUAGES,
        here=request.url.path,
        prefix=PREFIX,
        now=int(clock().timestamp()),
        retry_after=seconds,
        again=again,
    )
    return HTMLResponse(page, status_code=503, headers={"Retry-After": str(seconds)})
