"""The part of the Prometheus HTTP API that SLA Ledger reads: range and instant queries.

``POST /api/v1/query_range`` answers ``{"status": "success", "data": {"resultType":
"matrix", "result": [{"metric": {...}, "values": [[1709251260, "40"], ...]}]}}`` and
``POST /api/v1/query`` the same with ``"vector"`` and one ``"value"`` per series; a
failure answers ``{"status": "error", "errorType": "bad_data", "error": "..."}`` (HTTP 400
for a bad query, 422 when it cannot run, 503 when it times out). Every failure becomes a
:class:`PrometheusError` that names the server, the query and the time range, and shows
Prometheus's ``errorType`` and ``error`` as they came.

Credentials come from the environment, never from the command line (where ``ps`` and
shell histories would show them): ``SLALEDGER_PROMETHEUS_TOKEN`` (a bearer token) or
``SLALEDGER_PROMETHEUS_USER`` and ``SLALEDGER_PROMETHEUS_PASSWORD`` (basic auth). TLS
certificates are always verified, against the system's authorities or a given CA file.
"""

from __future__ import annotations

import json
import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import httpx
import numpy as np
from numpy.typing import NDArray

TOKEN_VARIABLE = "SLALEDGER_PROMETHEUS_TOKEN"
USER_VARIABLE = "SLALEDGER_PROMETHEUS_USER"
PASSWORD_VARIABLE = "SLALEDGER_PROMETHEUS_PASSWORD"
#: seconds to wait for one answer (a month of one-minute steps answers in well under one)
DEFAULT_TIMEOUT = 60.0
#: how much of an answer that is not the API's JSON an error message quotes
_QUOTED = 200


class PrometheusError(Exception):
    """A query that failed, or whose answer cannot be used, named for people."""

    def __init__(self, url: str, query: str, start: int, end: int, reason: str) -> None:
        self.url, self.query, self.start, self.end, self.reason = url, query, start, end, reason
        super().__init__(
            f"Prometheus {url}: query {query!r} from {iso(start)} to {iso(end)}: {reason}"
        )


@dataclass(frozen=True, eq=False)
class Series:
    """One series of an answer: its labels, and its points as epoch seconds and floats
    (``NaN`` and ``±Inf`` kept as Prometheus sent them)."""

    metric: Mapping[str, str]
    at: NDArray[np.int64]
    values: NDArray[np.float64]

    def labels(self) -> str:
        """``name{a="1", b="2"}``, as Prometheus prints a series."""
        name = self.metric.get("__name__", "")
        pairs = ", ".join(f'{k}="{v}"' for k, v in sorted(self.metric.items()) if k != "__name__")
        return f"{name}{{{pairs}}}"


@dataclass(frozen=True)
class Answer:
    """The series of one query, and the warnings Prometheus attached to them."""

    series: list[Series]
    warnings: list[str] = field(default_factory=list)


def iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


class PrometheusClient:
    """Queries against one Prometheus server (``url``: its base, e.g.
    ``https://prometheus.example.com`` or ``http://127.0.0.1:9090/prometheus``)."""

    def __init__(
        self,
        url: str,
        *,
        token: str | None = None,
        basic: tuple[str, str] | None = None,
        ca_file: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if token and basic:
            raise ValueError("a bearer token or basic auth, not both")
        self.url = url.rstrip("/")
        headers = {"Accept": "application/json", "User-Agent": "slaledger"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        verify: ssl.SSLContext | bool = True
        if ca_file:
            verify = ssl.create_default_context(cafile=ca_file)
        self._http = httpx.Client(
            base_url=self.url,
            headers=headers,
            auth=httpx.BasicAuth(*basic) if basic else None,
            verify=verify,
            timeout=timeout,
            transport=transport,
        )

    @classmethod
    def from_environment(
        cls,
        url: str,
        *,
        ca_file: str | None = None,
        environ: Mapping[str, str] = os.environ,
        **options: Any,
    ) -> PrometheusClient:
        """A client with the credentials of ``SLALEDGER_PROMETHEUS_*`` (see the module);
        a ValueError names the variable when they are incomplete or contradictory."""
        token = environ.get(TOKEN_VARIABLE) or None
        user, password = environ.get(USER_VARIABLE), environ.get(PASSWORD_VARIABLE)
        if token and (user or password):
            raise ValueError(
                f"{TOKEN_VARIABLE} and {USER_VARIABLE}/{PASSWORD_VARIABLE} are both set: "
                "give a bearer token or basic auth, not both"
            )
        if (user is None) != (password is None):
            missing = PASSWORD_VARIABLE if password is None else USER_VARIABLE
            raise ValueError(
                f"basic auth needs {USER_VARIABLE} and {PASSWORD_VARIABLE}: {missing} is not set"
            )
        basic = (user, password) if user is not None and password is not None else None
        return cls(url, token=token, basic=basic, ca_file=ca_file, **options)

    def __enter__(self) -> PrometheusClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # ----------------------------------------------------------------- queries
    def query_range(self, query: str, start: int, end: int, step: int) -> Answer:
        """The series of ``query`` evaluated at ``start``, ``start + step``, ... ``end``
        (one request: the caller keeps it under Prometheus's 11,000 points)."""
        form = {"query": query, "start": str(start), "end": str(end), "step": str(step)}
        data, warnings = self._post("/api/v1/query_range", form, query, start, end)
        if data.get("resultType") != "matrix":
            raise PrometheusError(
                self.url, query, start, end, f"expected a matrix, found {data.get('resultType')!r}"
            )
        return Answer(
            [self._series(item, "values", query, start, end) for item in data.get("result", [])],
            warnings,
        )

    def query(self, query: str, at: int) -> Answer:
        """The instant query ``query`` evaluated at ``at`` (a vector, or a scalar given as
        one series without labels)."""
        form = {"query": query, "time": str(at)}
        data, warnings = self._post("/api/v1/query", form, query, at, at)
        kind, result = data.get("resultType"), data.get("result", [])
        if kind == "scalar":
            result = [{"metric": {}, "value": result}]
        elif kind != "vector":
            raise PrometheusError(
                self.url, query, at, at, f"expected a vector or a scalar, found {kind!r}"
            )
        return Answer(
            [self._series(item, "value", query, at, at) for item in result],
            warnings,
        )

    # ---------------------------------------------------------------- plumbing
    def _post(
        self, path: str, form: dict[str, str], query: str, start: int, end: int
    ) -> tuple[dict[str, Any], list[str]]:
        """The answer's ``data`` and ``warnings``, or a PrometheusError saying why not."""

        def fail(reason: str) -> PrometheusError:
            return PrometheusError(self.url, query, start, end, reason)

        try:
            response = self._http.post(path, data=form)
        except httpx.TimeoutException:
            raise fail(f"no answer within {self._http.timeout.read:g} s") from None
        except httpx.TransportError as exc:
            raise fail(f"unreachable ({_first_line(exc)})") from None
        try:
            body = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict):
            status = f"HTTP {response.status_code} {response.reason_phrase}".strip()
            text = response.text.strip().replace("\n", " ")[:_QUOTED]
            hint = _auth_hint(response.status_code)
            raise fail(f"{status}, not the JSON of the Prometheus API: {text!r}{hint}")
        if body.get("status") != "success":
            kind, message = body.get("errorType", "?"), body.get("error", "?")
            status = f"HTTP {response.status_code}: " if response.status_code != 200 else ""
            raise fail(f"{status}{kind}: {message}{_auth_hint(response.status_code)}")
        data = body.get("data")
        if not isinstance(data, dict):
            raise fail("the answer has no 'data' object")
        return data, [str(w) for w in body.get("warnings", [])]

    def _series(self, item: Any, key: str, query: str, start: int, end: int) -> Series:
        try:
            metric = {str(k): str(v) for k, v in item["metric"].items()}
            points = item[key] if key == "values" else [item[key]]
            at = np.floor(np.asarray([p[0] for p in points], dtype=np.float64)).astype(np.int64)
            texts = [p[1] for p in points]
        except (KeyError, TypeError, IndexError, ValueError, AttributeError):
            raise PrometheusError(
                self.url,
                query,
                start,
                end,
                f"a series not in the API's shape: {str(item)[:_QUOTED]}",
            ) from None
        try:
            values = np.asarray(texts, dtype=np.float64)
        except (ValueError, TypeError):
            values = np.full(len(texts), np.nan)
            for i, text in enumerate(texts):
                try:
                    values[i] = float(text)
                except (ValueError, TypeError):
                    raise PrometheusError(
                        self.url,
                        query,
                        start,
                        end,
                        f"expected a number at {iso(int(at[i]))}, found {text!r}",
                    ) from None
        return Series(metric, at, values)


def _auth_hint(status: int) -> str:
    if status in (401, 403):
        return (
            f" (credentials come from {TOKEN_VARIABLE}, or {USER_VARIABLE} and {PASSWORD_VARIABLE})"
        )
    return ""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
