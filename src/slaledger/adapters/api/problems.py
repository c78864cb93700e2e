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
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from slaledger.adapters.api.validation import expected_of
from slaledger.adapters.db.errors import (
    ContractRejected,
    CustomerChanged,
    ImportRefused,
    NotFound,
    StoreError,
)
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import render
from slaledger.adapters.i18n.accept import accepted_language
from slaledger.adapters.i18n.json import localized
from slaledger.domain.message import Items, Message, Text, msg
from slaledger.domain.obligations.model import ObligationError
from slaledger.services.availability import AvailabilityError
from slaledger.services.commercial import CommercialError

MEDIA_TYPE = "application/problem+json"
#: problem types are URIs; ``about:blank`` means "the status says it all" (RFC 9457 §4.2)
TYPE_BASE = "https://slaledger.example/problems/"
LOG = logging.getLogger("slaledger.api")
#: what a value matching a route's pattern looks like, in words (a regex is no answer
#: for a person); modules that declare a pattern register it here
PATTERN_TEXT: dict[str, Text] = {}


class ProblemError(Exception):
    """An error the API answers with on purpose: status, a short type and a detail."""

    def __init__(
        self,
        status: int,
        kind: str,
        title: Text,
        detail: Text,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(render(detail, "en"))
        self.headers = dict(headers or {})
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.extensions = extensions


def not_found(what: str, key: object) -> ProblemError:
    """The one answer for an unknown id and for another customer's data alike."""
    known = {
        "contract": msg("problem.not-found.contract", key=str(key)),
        "incident": msg("problem.not-found.incident", key=str(key)),
        "resource": msg("problem.not-found.resource", key=str(key)),
    }
    return ProblemError(404, "not-found", title(404), known.get(what) or f"no {what} '{key}'")


def forbidden(detail: Text) -> ProblemError:
    return ProblemError(403, "forbidden", title(403), detail)


def conflict(detail: Text) -> ProblemError:
    return ProblemError(409, "conflict", title(409), detail)


def invalid(field: str, expected: Text, found: object) -> ProblemError:
    """A request value that does not fit: names the field, what was expected and found
    (a message, such as a store refusal's, rendered in the reader's language)."""
    shown: Text = found if isinstance(found, Message) else str(found)
    return ProblemError(
        422,
        "validation",
        title(422),
        msg("problem.invalid", field=field, expected=expected, found=shown),
        errors=[{"field": field, "expected": expected, "found": shown}],
    )


def input_problem(error: InputError, *, title: Text | None = None) -> ProblemError:
    """A rejected file: every problem with its file, row or line, field, expected, found."""
    problems = [p.as_dict() for p in error.problems]
    first = error.problems[0].message()
    detail: Message = first
    if len(problems) == 2:
        detail = msg("problem.input.one-more", first=first)
    elif len(problems) > 2:
        detail = msg("problem.input.more", first=first, n=len(problems) - 1)
    shown = title if title is not None else msg("problem.title.upload-refused")
    return ProblemError(422, "invalid-input", shown, detail, errors=problems)


def store_problem(exc: Exception) -> ProblemError:
    """What the Store refused, as a problem: unknown ids 404, refused contracts and
    imports 422 with their findings or rows, any other refusal 422 with its message (in
    the reader's language: the refusal's ``message``)."""
    if isinstance(exc, NotFound):
        return ProblemError(404, "not-found", title(404), exc.message)
    if isinstance(exc, CustomerChanged):
        return ProblemError(
            409,
            "customer-changed",
            msg("problem.title.customer-changed"),
            exc.message,
            customer_before=exc.before,
            customer_after=exc.after,
        )
    if isinstance(exc, ContractRejected):
        if exc.findings:
            return ProblemError(
                422,
                "contract-lint-errors",
                msg("problem.title.contract-errors"),
                msg("problem.contract-errors", file=exc.file, n=len(exc.findings)),
                findings=[
                    {
                        "rule": f.rule,
                        "severity": f.severity.value,
                        "clause": f.clause,
                        "message": f.message,
                        "interpretation": f.interpretation,
                        "path": f.path,
                        "line": f.line,
                    }
                    for f in exc.findings
                ],
            )
        if exc.problems:
            return input_problem(InputError(exc.problems), title=msg("problem.title.contract-file"))
    if isinstance(exc, ObligationError):
        return ProblemError(422, "not-computable", msg("problem.title.not-computable"), exc.text)
    if isinstance(exc, AvailabilityError):
        return ProblemError(422, "not-computable", msg("problem.title.not-computable"), exc.message)
    if isinstance(exc, CommercialError):
        return ProblemError(422, "not-computable", msg("problem.title.not-computable"), str(exc))
    if isinstance(exc, ImportRefused) and exc.problems:
        return input_problem(InputError(exc.problems))
    detail = exc.message if isinstance(exc, StoreError) else str(exc)
    return ProblemError(422, "refused", title(422), detail)


def problem_response(
    status: int,
    kind: str | None,
    title: Text,
    detail: Text | None,
    instance: str,
    extensions: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    language: str = "en",
) -> JSONResponse:
    """The problem document, its words in ``language``: ``title`` and ``detail`` rendered,
    the detail's message id and parameters beside it (``detail_id``, ``detail_params``),
    and every message inside the extensions (an error's ``expected``) likewise."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind if kind else "about:blank",
        "title": render(title, language),
        "status": status,
    }
    if detail:
        body["detail"] = render(detail, language)
        if isinstance(detail, Message):
            body["detail_id"] = detail.id
            body["detail_params"] = detail.as_json()["params"]
    body["instance"] = instance
    body.update(localized(dict(extensions or {}), language))
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _field(location: Sequence[Any]) -> str:
    """``('body', 'start')`` -> ``start``; ``('query', 'month')`` -> ``month`` (query)."""
    parts = [str(p) for p in location]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        where, rest = parts[0], parts[1:]
        name = ".".join(rest) or where
        return name if where == "body" else f"{name} ({where})"
    return ".".join(parts)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Text]]:
    errors: list[dict[str, Text]] = []
    for error in exc.errors():
        found = error.get("input")
        if error.get("type") == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "invalid JSON")
            where = error.get("loc", ("body", "?"))[-1]
            errors.append(
                {
                    "field": "body",
                    "expected": msg("problem.expected.json", reason=str(reason), where=str(where)),
                    "found": msg("problem.found.malformed-json"),
                }
            )
            continue
        expected: Text = expected_of(error)
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

    def answer(request: Request, problem: ProblemError) -> JSONResponse:
        return problem_response(
            problem.status,
            problem.kind,
            problem.title,
            problem.detail,
            request.url.path,
            problem.extensions,
            headers=problem.headers,
            language=accepted_language(request.headers.get("accept-language")),
        )

    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        return answer(request, exc)

    async def on_input(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, InputError)
        return answer(request, input_problem(exc))

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = _validation_errors(exc)
        detail = Items(
            tuple(
                msg("problem.field-expected", field=e["field"], expected=e["expected"])
                for e in errors[:3]
            ),
            "semicolon",
        )
        problem = ProblemError(
            422, "validation", title(422), msg("problem.validation", errors=detail), errors=errors
        )
        return answer(request, problem)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        shown = title(exc.status_code)
        english_title = render(shown, "en")
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != english_title else None
        return problem_response(
            exc.status_code,
            None,
            shown,
            detail,
            request.url.path,
            headers=exc.headers,
            language=accepted_language(request.headers.get("accept-language")),
        )

    async def on_store(request: Request, exc: Exception) -> JSONResponse:
        return answer(request, store_problem(exc))

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Starlette re-raises after this answer; GuardMiddleware logs it and stops it there
        return internal(request.url.path, accepted_language(request.headers.get("accept-language")))

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(InputError, on_input)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(StoreError, on_store)
    app.add_exception_handler(AvailabilityError, on_store)
    app.add_exception_handler(ObligationError, on_store)
    app.add_exception_handler(CommercialError, on_store)
    app.add_exception_handler(Exception, on_unexpected)


def internal(path: str, language: str = "en") -> JSONResponse:
    return problem_response(
        500, "internal", title(500), msg("problem.internal"), path, language=language
    )


def title(status: int) -> Message:
    """The title of a status, as a message ("Not Found", "Introuvable")."""
    return _TITLES.get(status) or msg("problem.title.error")


_TITLES = {
    400: msg("problem.title.400"),
    401: msg("problem.title.401"),
    403: msg("problem.title.403"),
    404: msg("problem.title.404"),
    405: msg("problem.title.405"),
    406: msg("problem.title.406"),
    409: msg("problem.title.409"),
    413: msg("problem.title.413"),
    415: msg("problem.title.415"),
    422: msg("problem.title.422"),
    500: msg("problem.title.500"),
    503: msg("problem.title.503"),
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
        language = accepted_language(_header(scope, b"accept-language"))
        limit = self.max_body_bytes
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send(send, _too_large(limit, path, language))
            return
        started = False
        exceeded = False
        received = 0

        async def counting_receive() -> AsgiMessage:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _TooLargeError()
            return message

        replaced = False

        async def tracking_send(message: AsgiMessage) -> None:
            nonlocal started, replaced
            if replaced:
                return  # the rest of the app's answer, replaced by the 413
            if exceeded and not started and message["type"] == "http.response.start":
                # the app answered after its body was cut short (a chunked body has no
                # Content-Length; FastAPI makes a 400 of the form parser's error): 413
                started = replaced = True
                await _send(send, _too_large(limit, path, language))
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLargeError:
            if started:
                raise
            await _send(send, _too_large(limit, path, language))
        except Exception:
            LOG.exception("unexpected error on %s %s", scope.get("method"), path)
            if not started:
                await _send(send, internal(path, language))
            # else the app's handler already answered with a 500 problem: the error stops
            # here, logged, and the server keeps serving


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return bytes(value).decode("latin-1")
    return None


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _too_large(limit: int, path: str, language: str = "en") -> JSONResponse:
    return problem_response(
        413,
        "too-large",
        title(413),
        msg("problem.too-large", limit=limit),
        path,
        {"limit_bytes": limit},
        language=language,
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
