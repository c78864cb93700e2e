"""Every error as an RFC 9457 problem document (``application/problem+json``).

A problem has ``type``, ``title``, ``status``, ``detail`` and ``instance``, plus
extensions: ``errors`` (each naming the field, row or file, what was expected and what
was found) or ``findings`` (lint findings of a refused contract). An unexpected
exception answers 500 with no stack trace (it is logged on the server) and the service
keeps serving; a request body over the configured limit answers 413.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from slaledger.adapters.db.errors import (
    ContractRejected,
    CustomerChanged,
    ImportRefused,
    NotFound,
    StoreError,
)
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from slaledger.domain.obligations.model import ObligationError
from slaledger.services.availability import AvailabilityError
from slaledger.services.commercial import CommercialError

MEDIA_TYPE = "application/problem+json"
#: problem types are URIs; ``about:blank`` means "the status says it all" (RFC 9457 §4.2)
TYPE_BASE = "https://slaledger.example/problems/"
LOG = logging.getLogger("slaledger.api")
#: what a value matching a route's pattern looks like, in words (a regex is no answer
#: for a person); modules that declare a pattern register it here
PATTERN_TEXT: dict[str, str] = {}


class ProblemError(Exception):
    """An error the API answers with on purpose: status, a short type and a detail."""

    def __init__(
        self,
        status: int,
        kind: str,
        title: str,
        detail: str,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.headers = dict(headers or {})
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.extensions = extensions


def not_found(what: str, key: object) -> ProblemError:
    """The one answer for an unknown id and for another customer's data alike."""
    return ProblemError(404, "not-found", "Not Found", f"no {what} '{key}'")


def forbidden(detail: str) -> ProblemError:
    return ProblemError(403, "forbidden", "Forbidden", detail)


def conflict(detail: str) -> ProblemError:
    return ProblemError(409, "conflict", "Conflict", detail)


def invalid(field: str, expected: str, found: object) -> ProblemError:
    """A request value that does not fit: names the field, what was expected and found."""
    return ProblemError(
        422,
        "validation",
        "Unprocessable Content",
        f"{field}: expected {expected}, found {found}",
        errors=[{"field": field, "expected": expected, "found": str(found)}],
    )


def input_problem(error: InputError, *, title: str = "The upload was refused") -> ProblemError:
    """A rejected file: every problem with its file, row or line, field, expected, found."""
    problems = [p.as_dict() for p in error.problems]
    first = error.problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return ProblemError(422, "invalid-input", title, f"{first}{more}", errors=problems)


def store_problem(exc: Exception) -> ProblemError:
    """What the Store refused, as a problem: unknown ids 404, refused contracts and
    imports 422 with their findings or rows, any other refusal 422 with its message."""
    if isinstance(exc, NotFound):
        return ProblemError(404, "not-found", "Not Found", str(exc))
    if isinstance(exc, CustomerChanged):
        return ProblemError(
            409,
            "customer-changed",
            "The new version names another customer",
            str(exc),
            customer_before=exc.before,
            customer_after=exc.after,
        )
    if isinstance(exc, ContractRejected):
        if exc.findings:
            return ProblemError(
                422,
                "contract-lint-errors",
                "The contract has errors",
                f"{exc.file}: {len(exc.findings)} error-severity lint finding(s)",
                findings=[
                    {
                        "rule": f.rule,
                        "severity": f.severity.value,
                        "clause": f.clause,
                        "message": english(f.message),
                        "message_id": f.message.id,
                        "message_params": f.message.as_json()["params"],
                        "interpretation": f.interpretation,
                        "path": f.path,
                        "line": f.line,
                    }
                    for f in exc.findings
                ],
            )
        if exc.problems:
            return input_problem(InputError(exc.problems), title="The contract file does not load")
    if isinstance(exc, (AvailabilityError, ObligationError, CommercialError)):
        return ProblemError(422, "not-computable", "The figure cannot be computed", str(exc))
    if isinstance(exc, ImportRefused) and exc.problems:
        return input_problem(InputError(exc.problems))
    return ProblemError(422, "refused", "Unprocessable Content", str(exc))


def problem_response(
    status: int,
    kind: str | None,
    title: str,
    detail: str | None,
    instance: str,
    extensions: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind if kind else "about:blank",
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body["instance"] = instance
    body.update(extensions or {})
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _field(location: Sequence[Any]) -> str:
    """``('body', 'start')`` -> ``start``; ``('query', 'month')`` -> ``month`` (query)."""
    parts = [str(p) for p in location]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        where, rest = parts[0], parts[1:]
        name = ".".join(rest) or where
        return name if where == "body" else f"{name} ({where})"
    return ".".join(parts)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    errors = []
    for error in exc.errors():
        found = error.get("input")
        if error.get("type") == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "invalid JSON")
            where = error.get("loc", ("body", "?"))[-1]
            errors.append(
                {
                    "field": "body",
                    "expected": f"a JSON document ({reason} at character {where})",
                    "found": "malformed JSON",
                }
            )
            continue
        expected = str(error.get("msg", "a valid value"))
        if error.get("type") == "string_pattern_mismatch":
            pattern = str((error.get("ctx") or {}).get("pattern", ""))
            expected = PATTERN_TEXT.get(pattern, expected)
        errors.append(
            {
                "field": _field(error.get("loc", ())),
                "expected": expected,
                "found": _short(found),
            }
        )
    return errors


def _short(value: object, limit: int = 60) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):  # pragma: no cover - default=str handles all
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def install_problem_handlers(app: FastAPI) -> None:
    """Route every error the app can raise to a problem document."""

    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        return problem_response(
            exc.status,
            exc.kind,
            exc.title,
            exc.detail,
            request.url.path,
            exc.extensions,
            headers=exc.headers,
        )

    async def on_input(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, InputError)
        problem = input_problem(exc)
        return problem_response(
            422, problem.kind, problem.title, problem.detail, request.url.path, problem.extensions
        )

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['expected']}" for e in errors[:3])
        return problem_response(
            422,
            "validation",
            "Unprocessable Content",
            detail,
            request.url.path,
            {"errors": errors},
        )

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        title = _TITLES.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
        return problem_response(
            exc.status_code,
            None,
            title,
            detail,
            request.url.path,
            headers=exc.headers,
        )

    async def on_store(request: Request, exc: Exception) -> JSONResponse:
        problem = store_problem(exc)
        return problem_response(
            problem.status,
            problem.kind,
            problem.title,
            problem.detail,
            request.url.path,
            problem.extensions,
        )

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Starlette re-raises after this answer; GuardMiddleware logs it and stops it there
        return internal(request.url.path)

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(InputError, on_input)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(StoreError, on_store)
    app.add_exception_handler(AvailabilityError, on_store)
    app.add_exception_handler(ObligationError, on_store)
    app.add_exception_handler(CommercialError, on_store)
    app.add_exception_handler(Exception, on_unexpected)


def internal(path: str) -> JSONResponse:
    return problem_response(
        500,
        "internal",
        "Internal Server Error",
        "an unexpected error occurred; it was logged on the server",
        path,
    )


_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class _TooLargeError(Exception):
    pass


class GuardMiddleware:
    """Outermost ASGI guard: refuses bodies over ``max_body_bytes`` (413) and turns any
    exception that escaped the app into a 500 problem without a stack trace."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        limit = self.max_body_bytes
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send(send, _too_large(limit, path))
            return
        started = False
        exceeded = False
        received = 0

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _TooLargeError()
            return message

        replaced = False

        async def tracking_send(message: Message) -> None:
            nonlocal started, replaced
            if replaced:
                return  # the rest of the app's answer, replaced by the 413
            if exceeded and not started and message["type"] == "http.response.start":
                # the app answered after its body was cut short (a chunked body has no
                # Content-Length; FastAPI makes a 400 of the form parser's error): 413
                started = replaced = True
                await _send(send, _too_large(limit, path))
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLargeError:
            if started:
                raise
            await _send(send, _too_large(limit, path))
        except Exception:
            LOG.exception("unexpected error on %s %s", scope.get("method"), path)
            if not started:
                await _send(send, internal(path))
            # else the app's handler already answered with a 500 problem: the error stops
            # here, logged, and the server keeps serving


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _too_large(limit: int, path: str) -> JSONResponse:
    return problem_response(
        413,
        "too-large",
        "Content Too Large",
        f"the request body is over the limit of {limit} bytes",
        path,
        {"limit_bytes": limit},
    )


async def _send(send: Send, response: JSONResponse) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": response.status_code,
            "headers": response.raw_headers,
        }
    )
    await send({"type": "http.response.body", "body": bytes(response.body)})
