"""The probes: which HTTP(S) and TCP checks to run against each service, and how often.

A YAML file (or the ``probes:`` part of a contract's sources file)::

    concurrency: 50                     # checks running at once, at most (default 50)
    checks:
      - id: web-home                    # unique; names the check in messages
        service: web                    # the contract's service the samples are of
        kind: http
        url: https://web.example/health
        method: GET                     # default GET
        interval: 60s                   # 30s, 5m, 1h... (default 60s)
        timeout: 10s                    # at most the interval (default 10s or the interval)
        expected_status: [200-299, 304] # default 200-299
        body_contains: '"status":"ok"'  # optional: a substring of the body...
        body_matches: 'version \\d+'    # ...and/or a Python regular expression
        certificate_warning: 14 days    # warn when the certificate expires this soon
        ca_file: internal-ca.pem        # the CA that signed the server (relative to the file)
      - id: db-port
        service: web
        kind: tcp
        host: db.example
        port: 5432

Durations are the contract files' syntax restricted to fixed lengths (``30s``, ``1.5min``,
``2h``), plus ``5m`` for minutes and ``500ms`` for timeouts; the certificate warning also
takes days and weeks. Errors name the file, line and field (:func:`probes_from_document`
takes a path prefix for the nested section).
"""

from __future__ import annotations

import ipaddress
import re
import ssl
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import httpx
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from slaledger.adapters.files.calendar_file import problems_from_validation
from slaledger.adapters.files.limits import CONTROL_EXPECTED, control_character
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.files.pydantic_errors import refusal
from slaledger.adapters.files.yaml_source import YamlDocument, dotted, load_yaml
from slaledger.domain.contract.values import TimeUnit, parse_duration
from slaledger.domain.message import Text, msg

DEFAULT_INTERVAL = 60
DEFAULT_TIMEOUT = 10.0
DEFAULT_STATUS = "200-299"
#: days before a certificate's expiry that a check starts warning, by default
DEFAULT_CERTIFICATE_WARNING = 14 * 86_400
_DAY = 86_400
_ELAPSED_DAYS = {TimeUnit.DAY: _DAY, TimeUnit.WEEK: 7 * _DAY}
#: the location key pydantic errors are placed under below a field (calendar_file._AT)
_AT = "at"
_TAGS = frozenset({"http", "tcp"})

_GO_STYLE = re.compile(r"^(\d+(?:\.\d+)?)\s*(ms|m)$")
_DURATION_EXPECTED = msg("input.ingest.probe-duration")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_STATUS_PART = re.compile(r"^\s*(\d{3})\s*(?:-\s*(\d{3})\s*)?$")
_STATUS_EXPECTED = msg("input.ingest.probe-statuses", example="[200, 301]")


def _refuse(kind: str, expected: Text, found: Text | None) -> PydanticCustomError:
    return refusal(kind, expected, found if found is not None else "None")


# ------------------------------------------------------------------- durations
def duration_seconds(value: object, *, days: bool = False) -> Decimal:
    """Seconds of a written duration: ``30s``, ``1.5min``, ``2h``, ``5m``, ``500ms``, and
    with ``days`` also ``7 days`` or ``2 weeks`` (elapsed time, 86,400 s a day)."""
    expected = msg("input.ingest.probe-days") if days else _DURATION_EXPECTED
    if not isinstance(value, str):
        raise _refuse(
            "duration", msg("input.ingest.probe-with-unit", expected=expected), repr(value)
        )
    go_style = _GO_STYLE.match(value.strip().lower())
    if go_style:
        amount = Decimal(go_style[1])
        return amount / 1000 if go_style[2] == "ms" else amount * 60
    try:
        duration = parse_duration(value)
    except ValueError:
        raise _refuse("duration", expected, f"'{value}'") from None
    fixed = duration.fixed_seconds
    if fixed is None and days and duration.unit in _ELAPSED_DAYS:
        fixed = duration.amount * _ELAPSED_DAYS[duration.unit]
    if fixed is None:
        raise _refuse("duration", msg("input.ingest.probe-fixed", expected=expected), f"'{value}'")
    return fixed


def _interval(value: object) -> int:
    seconds = duration_seconds(value)
    if seconds < 1 or seconds != int(seconds):
        raise _refuse("interval", msg("input.ingest.probe-interval"), f"'{value}'")
    return int(seconds)


def _timeout(value: object) -> float:
    seconds = duration_seconds(value)
    if not 0 < seconds <= 3600:
        raise _refuse("timeout", msg("input.ingest.probe-timeout"), f"'{value}'")
    return float(seconds)


def _ahead(value: object) -> int:
    return int(duration_seconds(value, days=True))


def _seconds_text(value: float) -> str:
    """A duration as the file may give it back (the API's and ``model_dump``'s form)."""
    return f"{int(value)}s" if float(value).is_integer() else f"{value}s"


_DURATION_SCHEMA = WithJsonSchema({"type": "string", "examples": ["30s", "5m", "1h"]})
Interval = Annotated[
    int, BeforeValidator(_interval), PlainSerializer(_seconds_text, return_type=str),
    _DURATION_SCHEMA,
]  # fmt: skip
Timeout = Annotated[
    float, BeforeValidator(_timeout), PlainSerializer(_seconds_text, return_type=str),
    _DURATION_SCHEMA,
]  # fmt: skip
Ahead = Annotated[
    int, BeforeValidator(_ahead), PlainSerializer(_seconds_text, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["14 days", "72h"]}),
]  # fmt: skip


# ---------------------------------------------------------------- other values
def _check_id(text: str) -> str:
    if not _ID.match(text):
        raise _refuse("check_id", msg("input.ingest.probe-id"), f"'{text}'")
    return text


def _plain_text(text: str) -> str:
    if control_character(text):
        raise _refuse("text", CONTROL_EXPECTED, control_character(text))
    cleaned = text.strip()
    if not cleaned:
        raise _refuse("text", msg("input.files.name"), msg("input.found.empty-text"))
    return cleaned


def _url(text: str) -> str:
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, TypeError) as exc:
        raise _refuse("url", msg("input.ingest.probe-url"), f"'{text}' ({exc})") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise _refuse("url", msg("input.ingest.probe-url-host"), f"'{text}'")
    if url.userinfo:
        raise _refuse(
            "url",
            msg("input.ingest.probe-url-secret"),
            f"'{url.copy_with(username=None, password=None)}' with credentials",
        )
    return text


def _host(text: str) -> str:
    host = text.strip().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host.strip("[]")
    except ValueError:
        pass
    if len(host) > 253 or not all(_HOST_LABEL.match(label) for label in host.split(".")):
        raise _refuse("host", msg("input.ingest.probe-host"), f"'{text}'")
    return host


def _port(number: int) -> int:
    if not 1 <= number <= 65535:
        raise _refuse("port", msg("input.ingest.probe-port"), str(number))
    return number


def _regex(text: str) -> str:
    try:
        re.compile(text)
    except re.error as exc:
        raise _refuse("regex", msg("input.ingest.probe-regex"), f"'{text}' ({exc})") from None
    return text


def _headers(value: dict[str, str]) -> dict[str, str]:
    for name, text in value.items():
        if not _HEADER_NAME.match(name):
            raise _refuse("header", msg("input.ingest.probe-header-name"), f"'{name}'")
        if control_character(text) or "\n" in text or "\r" in text:
            raise _refuse("header", msg("input.ingest.probe-header-value"), repr(text))
    return value


def parse_statuses(value: object) -> str:
    """``200``, ``"200-299, 404"``, ``[200, "300-399"]`` -> the normalised text."""
    parts = value if isinstance(value, list) else str(value).split(",")
    ranges: list[tuple[int, int]] = []
    for part in parts:
        match = _STATUS_PART.match(str(part)) if isinstance(part, int | str) else None
        low = int(match[1]) if match else 0
        high = int(match[2] or low) if match else 0
        if isinstance(part, bool) or not match or not 100 <= low <= high <= 599:
            raise _refuse("status", _STATUS_EXPECTED, repr(part))
        ranges.append((low, high))
    if not ranges:
        raise _refuse("status", _STATUS_EXPECTED, msg("input.found.empty-list"))
    return ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in ranges)


CheckId = Annotated[str, AfterValidator(_check_id)]
Name = Annotated[str, AfterValidator(_plain_text)]
Statuses = Annotated[
    str, BeforeValidator(parse_statuses),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string"},
                              {"type": "array", "items": {"type": ["integer", "string"]}}]}),
]  # fmt: skip


# ---------------------------------------------------------------------- models
class _Check(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: CheckId
    service: Name
    interval: Interval = DEFAULT_INTERVAL
    #: None: DEFAULT_TIMEOUT, or the interval when shorter (see ``timeout_seconds``)
    timeout: Timeout | None = None

    @property
    def timeout_seconds(self) -> float:
        return self.timeout if self.timeout is not None else min(DEFAULT_TIMEOUT, self.interval)

    @model_validator(mode="after")
    def _timeout_within_interval(self) -> _Check:
        if self.timeout is not None and self.timeout > self.interval:
            raise refusal(
                "timeout",
                msg("input.ingest.probe-timeout-interval", interval=self.interval),
                _seconds_text(self.timeout),
                **{
                    _AT: ("timeout",),
                },
            )
        return self


class HttpCheck(_Check):
    """An HTTP(S) request whose answer must have an expected status (and body)."""

    kind: Literal["http"]
    url: Annotated[str, AfterValidator(_url)]
    method: Literal["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] = "GET"
    headers: Annotated[dict[str, str], AfterValidator(_headers)] = Field(default_factory=dict)
    expected_status: Statuses = DEFAULT_STATUS
    body_contains: str | None = None
    body_matches: Annotated[str, AfterValidator(_regex)] | None = None
    follow_redirects: bool = True
    certificate_warning: Ahead = DEFAULT_CERTIFICATE_WARNING
    ca_file: str | None = None

    @field_validator("method", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @cached_property
    def accepted(self) -> frozenset[int]:
        statuses: set[int] = set()
        for part in self.expected_status.split(","):
            low, _, high = part.partition("-")
            statuses.update(range(int(low), int(high or low) + 1))
        return frozenset(statuses)

    @cached_property
    def body_pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.body_matches) if self.body_matches is not None else None

    @property
    def target(self) -> str:
        return f"{self.method} {self.url}"


class TcpCheck(_Check):
    """A TCP connection that must open."""

    kind: Literal["tcp"]
    host: Annotated[str, AfterValidator(_host)]
    port: Annotated[int, AfterValidator(_port)]

    @property
    def target(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"tcp://{host}:{self.port}"


def _known_kind(value: object) -> object:
    """A check's ``kind`` first: without it, no other field can be read."""
    if isinstance(value, dict):
        kind = value.get("kind")
        if kind not in _TAGS:
            found: Text = msg("input.found.nothing") if kind is None else repr(kind)
            where = ("kind",) if "kind" in value else ()
            raise refusal("kind", msg("input.ingest.probe-kind"), found, **{_AT: where})
    return value


Check = Annotated[HttpCheck | TcpCheck, Field(discriminator="kind"), BeforeValidator(_known_kind)]


class Probes(BaseModel):
    """Every check of one probes file (or sources section), ids unique."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    concurrency: int = Field(default=50, ge=1, le=1000)
    checks: list[Check] = Field(min_length=1)

    @field_validator("checks", mode="after")
    @classmethod
    def _unique_ids(cls, checks: list[HttpCheck | TcpCheck]) -> list[HttpCheck | TcpCheck]:
        first: dict[str, int] = {}
        for index, check in enumerate(checks):
            if check.id in first:
                again = msg("input.found.id-again", id=f"'{check.id}'", first=first[check.id])
                raise refusal(
                    "duplicate_id", msg("input.ingest.check-id-once"), again, **{_AT: (index, "id")}
                )
            first[check.id] = index
        return checks


# ---------------------------------------------------------------------- loading
def probes_from_document(
    doc: YamlDocument, prefix: tuple[Any, ...] = (), *, base: Path | None = None
) -> Probes:
    """The probes in a parsed YAML document (at ``prefix`` when nested), or an InputError
    naming each problem's line and field. A relative ``ca_file`` is taken from ``base``
    (the folder of the file), and each must be a readable PEM file of certificates."""
    data: Any = doc.data
    for part in prefix:  # mapping keys, and list indices (``("sources", 0, "options")``)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            data = None
    if not isinstance(data, dict):
        raise InputError([doc.problem(prefix, msg("input.ingest.probe-checks"), data)])
    twice = _duplicate_ids(doc, data.get("checks"), (*prefix, "checks"))
    try:
        probes = Probes.model_validate(data)
    except ValidationError as exc:
        listed = problems_from_validation(doc, exc, prefix, tags=_TAGS)
        # the model refuses a duplicate id too, in its own words: listed once
        seen = {(p.field, p.found) for p in twice}
        raise InputError([*twice, *(p for p in listed if (p.field, p.found) not in seen)]) from None
    checks: list[HttpCheck | TcpCheck] = []
    problems: list[Problem] = []
    for index, check in enumerate(probes.checks):
        if isinstance(check, HttpCheck) and check.ca_file is not None:
            path = Path(check.ca_file).expanduser()
            if not path.is_absolute() and base is not None:
                path = base / path
            reason = _unreadable_ca(path)
            if reason:
                where = (*prefix, "checks", index, "ca_file")
                line, column = doc.position(where)
                found = f"'{check.ca_file}' ({reason})"
                expected = msg("input.ingest.ca-file")
                problems.append(Problem(doc.file, dotted(where), expected, found, line, column))
            check = check.model_copy(update={"ca_file": str(path)})
        checks.append(check)
    if problems:
        raise InputError(problems)
    return probes.model_copy(update={"checks": checks})


def _duplicate_ids(doc: YamlDocument, checks: object, where: tuple[Any, ...]) -> list[Problem]:
    """Each id given twice, found before validation so that it is reported with the
    other problems (the model refuses it too, for callers that build it themselves)."""
    if not isinstance(checks, list):
        return []
    first: dict[str, int] = {}
    problems = []
    for index, check in enumerate(checks):
        name = check.get("id") if isinstance(check, dict) else None
        if not isinstance(name, str):
            continue
        if name in first:
            line, column = doc.position((*where, index, "id"))
            found = msg("input.found.id-again", id=f"'{name}'", first=first[name])
            field = dotted((*where, index, "id"))
            problems.append(
                Problem(doc.file, field, msg("input.ingest.check-id-once"), found, line, column)
            )
        else:
            first[name] = index
    return problems


def _unreadable_ca(path: Path) -> str | None:
    try:
        ssl.create_default_context(cafile=str(path))
    except FileNotFoundError:
        return "no such file"
    except (OSError, ssl.SSLError) as exc:
        return str(exc.strerror or exc)
    return None


def load_probes(path: str | Path) -> Probes:
    """Read a probes file (YAML)."""
    return probes_from_document(load_yaml(path), base=Path(path).parent)
