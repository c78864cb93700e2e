"""One check, once: an HTTP(S) request or a TCP connection, and what it found.

A check is *up* when the answer is the expected one within the timeout; anything else is
*down*, with the reason kept in words (``reason``) and as a short code (``code``) a
dashboard can translate. Latency runs from the start of the check (after it got its
turn in the round) to the response's headers, or to the end of the body read when a body
match is asked; it is not measured (NaN) when nothing answered.

TLS is always verified: against the system's CAs (certifi's bundle, as httpx does) or
the check's ``ca_file``. The peer certificate's expiry is kept for the warning. Proxies
from the environment are not used: a probe measures the path to the service.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import socket
import ssl
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import httpx

from slaledger.adapters.ingest.probe.config import HttpCheck, TcpCheck

#: bytes of a body read for a body match, at most (the rest is not looked at)
BODY_LIMIT = 1024 * 1024
NOT_MEASURED = math.nan


@dataclass(frozen=True)
class CheckResult:
    """What one run of a check found."""

    check: HttpCheck | TcpCheck
    up: bool
    latency_ms: float = NOT_MEASURED
    #: why the check is down, in words ("" when up)
    reason: str = ""
    #: up, timeout, refused, dns, tls, unreachable, status, body, error
    code: str = "up"
    #: epoch seconds the server's certificate expires at (HTTPS only)
    certificate_expires: int | None = None

    def __str__(self) -> str:
        latency = "" if math.isnan(self.latency_ms) else f" in {self.latency_ms:.1f} ms"
        state = f"up{latency}" if self.up else f"down{latency}: {self.reason}"
        return f"{self.check.id} ({self.check.target}): {state}"


def _down(
    check: HttpCheck | TcpCheck, code: str, reason: str, latency_ms: float = NOT_MEASURED
) -> CheckResult:
    return CheckResult(check, False, latency_ms, reason, code)


def _elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


# ------------------------------------------------------------------------ HTTP
@lru_cache(maxsize=64)
def _ssl_context(ca_file: str | None, modified: int) -> ssl.SSLContext:
    """One verifying context per CA file (and version of it): building one reads and
    parses every certificate, so rounds share it."""
    del modified  # part of the cache key only: an edited CA file is read again
    if ca_file is None:
        return httpx.create_ssl_context()
    return ssl.create_default_context(cafile=ca_file)


def ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """The verifying context of a check's ``ca_file`` (None: the default CAs)."""
    modified = Path(ca_file).stat().st_mtime_ns if ca_file is not None else 0
    return _ssl_context(ca_file, modified)


def http_client(ca_file: str | None, concurrency: int) -> httpx.AsyncClient:
    """A client for one round: no kept-alive connections (each check opens its own, as a
    customer's browser would after a pause), no proxies from the environment."""
    return httpx.AsyncClient(
        verify=ssl_context(ca_file),
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=0),
        trust_env=False,
    )


async def http_check(check: HttpCheck, client: httpx.AsyncClient) -> CheckResult:
    """Send the check's request and judge the answer."""
    timeout = check.timeout_seconds
    wants_body = check.body_contains is not None or check.body_pattern is not None
    started = time.perf_counter()
    body = ""
    expires: int | None = None
    try:
        async with asyncio.timeout(timeout):
            async with client.stream(
                check.method,
                check.url,
                headers=check.headers,
                follow_redirects=check.follow_redirects,
                timeout=timeout,
            ) as response:
                expires = _certificate_expiry(response)
                if wants_body:
                    body = await _read_text(response)
                latency = _elapsed_ms(started)
    except (TimeoutError, httpx.TimeoutException):
        return _down(check, "timeout", f"no answer within {_seconds(timeout)}")
    except httpx.ConnectError as exc:
        code, reason = connect_failure(exc, check.url)
        return _down(check, code, reason)
    except httpx.TooManyRedirects:
        return _down(check, "status", "too many redirects")
    except httpx.HTTPError as exc:
        return _down(check, "error", f"{type(exc).__name__}: {exc}")
    status = response.status_code
    if status not in check.accepted:
        reason = f"HTTP status {status}, expected {check.expected_status}"
        return CheckResult(check, False, latency, reason, "status", expires)
    if check.body_contains is not None and check.body_contains not in body:
        reason = f"the body does not contain {check.body_contains!r}"
        return CheckResult(check, False, latency, reason, "body", expires)
    if check.body_pattern is not None and not check.body_pattern.search(body):
        reason = f"the body does not match {check.body_matches!r}"
        return CheckResult(check, False, latency, reason, "body", expires)
    return CheckResult(check, True, latency, certificate_expires=expires)


async def _read_text(response: httpx.Response) -> str:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= BODY_LIMIT:
            break
    data = b"".join(chunks)[:BODY_LIMIT]
    return data.decode(response.charset_encoding or "utf-8", errors="replace")


def _certificate_expiry(response: httpx.Response) -> int | None:
    stream = response.extensions.get("network_stream")
    tls = stream.get_extra_info("ssl_object") if stream is not None else None
    if tls is None:
        return None
    certificate = tls.getpeercert()
    not_after = certificate.get("notAfter") if certificate else None
    return int(ssl.cert_time_to_seconds(str(not_after))) if not_after else None


def connect_failure(exc: BaseException, target: str) -> tuple[str, str]:
    """A failed connection's code and reason, from the error httpx (or asyncio) wraps."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return "tls", f"TLS certificate not trusted: {cause.verify_message}"
        if isinstance(cause, ssl.SSLError):
            return "tls", f"TLS failed: {cause.reason or cause}"
        if isinstance(cause, ConnectionRefusedError):
            return "refused", "connection refused"
        if isinstance(cause, socket.gaierror):
            return "dns", f"host not found ({cause.strerror})"
        cause = cause.__cause__ or cause.__context__
    return "unreachable", f"cannot connect to {target}: {exc or type(exc).__name__}"


# ------------------------------------------------------------------------- TCP
async def tcp_check(check: TcpCheck) -> CheckResult:
    """Open a TCP connection to the check's host and port, then close it."""
    timeout = check.timeout_seconds
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            _, writer = await asyncio.open_connection(check.host, check.port)
    except TimeoutError:
        return _down(check, "timeout", f"no connection within {_seconds(timeout)}")
    except OSError as exc:
        code, reason = connect_failure(exc, check.target)
        return _down(check, code, reason)
    latency = _elapsed_ms(started)
    writer.close()
    with contextlib.suppress(OSError, TimeoutError):
        async with asyncio.timeout(max(timeout - latency / 1000, 0.01)):
            await writer.wait_closed()
    return CheckResult(check, True, latency)


def _seconds(value: float) -> str:
    return f"{value:g}s"
