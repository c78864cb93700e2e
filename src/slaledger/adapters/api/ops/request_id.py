"""Each request's id: the caller's ``X-Request-ID`` when it is a plain token, else a new
one; echoed in the response and put on every log record written while the request runs
(``logs.RequestIdFilter``). The same middleware times the request for ``/metrics``,
labelled by its route template (``/api/contracts/{contract_id}``), never the raw path."""

from __future__ import annotations

import contextvars
import re
import time
import uuid
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
#: an id taken from the caller: letters, digits and ``._:-``, at most 128 (no log injection)
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,128}")
#: requests that matched no route share one label (scanners must not add series)
UNMATCHED = "unmatched"

current: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

#: called with (method, route template, status, seconds) once a response has been sent
Timer = Callable[[str, str, int, float], None]


def request_id_of(value: str | None) -> str:
    """The caller's id when acceptable, else a new one."""
    if value is not None and _ACCEPTED.fullmatch(value):
        return value
    return uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


class RequestIdMiddleware:
    """Pure ASGI (no task of its own): the context variable is seen by the app, by the
    server's access log line and by anything the request logs."""

    def __init__(self, app: ASGIApp, timer: Timer | None = None) -> None:
        self.app = app
        self.timer = timer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = None
        for name, value in scope.get("headers", ()):
            if name == b"x-request-id":
                given = value.decode("latin-1")
                break
        rid = request_id_of(given)
        token = current.set(rid)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"x-request-id"]
                headers.append((b"x-request-id", rid.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if self.timer is not None:
                self.timer(
                    scope.get("method", "GET"),
                    route_template(scope),
                    status,
                    time.perf_counter() - started,
                )
            current.reset(token)
