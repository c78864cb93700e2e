"""A round of checks: every check given, run at once with bounded concurrency.

``probe_round`` is the asyncio round (a semaphore of ``concurrency`` checks in flight,
one httpx client per CA file); ``run_once`` runs one round in a fresh event loop, for a
command or a scheduler job's worker thread, and returns the probe samples and the
warnings. The samples are stamped with the round's instant ``now`` (whole seconds), so
that a round is reproducible from its inputs.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from slaledger.adapters.ingest.probe.checks import CheckResult, http_check, http_client, tcp_check
from slaledger.adapters.ingest.probe.config import HttpCheck, TcpCheck
from slaledger.adapters.ingest.probe.samples import probe_origin, round_table
from slaledger.domain.observations import SampleTable

AnyCheck = HttpCheck | TcpCheck
DEFAULT_CONCURRENCY = 50


@dataclass(frozen=True)
class ProbeWarning:
    """Something to act on although the check is up (a certificate about to expire)."""

    check: str
    message: str
    code: str = "certificate-expiry"
    expires: datetime | None = None

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


@dataclass(frozen=True)
class Round:
    """One round: the instant, each check's result, the samples and the warnings."""

    at: int
    results: tuple[CheckResult, ...]
    table: SampleTable
    warnings: tuple[ProbeWarning, ...] = field(default=())


#: how a round is run (``probe_round``; tests and the Prober may pass another)
RoundRunner = Callable[..., Awaitable[Round]]


def epoch_of(now: datetime) -> int:
    """Whole epoch seconds of an aware instant (a naive one is a programming error)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"a time-zone aware instant, not {now!r}")
    return int(now.timestamp() // 1)


async def probe_round(
    checks: Sequence[AnyCheck],
    *,
    now: datetime,
    concurrency: int = DEFAULT_CONCURRENCY,
    origin: str = "probe",
    rows: Sequence[int] | None = None,
    carried: Sequence[tuple[CheckResult, int]] = (),
) -> Round:
    """Run ``checks`` (at most ``concurrency`` at a time) and build the round.

    ``rows`` are the checks' positions in their file (default 1, 2, ...), ``carried``
    earlier results of the same services' other checks (see ``samples.round_table``).
    """
    at = epoch_of(now)
    semaphore = asyncio.Semaphore(concurrency)
    async with contextlib.AsyncExitStack() as stack:
        clients: dict[str | None, httpx.AsyncClient | str] = {}
        for check in checks:
            if isinstance(check, HttpCheck) and check.ca_file not in clients:
                try:
                    client = http_client(check.ca_file, concurrency)
                except (OSError, ssl.SSLError) as exc:  # the CA file changed since loading
                    clients[check.ca_file] = f"cannot read the ca_file {check.ca_file} ({exc})"
                    continue
                clients[check.ca_file] = await stack.enter_async_context(client)

        async def one(check: AnyCheck) -> CheckResult:
            async with semaphore:
                try:
                    if isinstance(check, TcpCheck):
                        return await tcp_check(check)
                    client = clients[check.ca_file]
                    if isinstance(client, str):
                        return CheckResult(check, False, reason=client, code="tls")
                    return await http_check(check, client)
                except Exception as exc:  # one check's surprise must not lose the round
                    reason = f"{type(exc).__name__}: {exc}"
                    return CheckResult(check, False, reason=reason, code="error")

        results = tuple(await asyncio.gather(*(one(check) for check in checks)))
    positions = list(rows) if rows is not None else list(range(1, len(checks) + 1))
    table = round_table(results, positions, at=at, origin=probe_origin(origin), carried=carried)
    return Round(at, results, table, tuple(certificate_warnings(results, at)))


def certificate_warnings(results: Sequence[CheckResult], at: int) -> list[ProbeWarning]:
    """A warning for each certificate that expires within its check's warning time."""
    warnings = []
    for result in results:
        check, expires = result.check, result.certificate_expires
        if not isinstance(check, HttpCheck) or expires is None:
            continue
        left = expires - at
        if left > check.certificate_warning:
            continue
        instant = datetime.fromtimestamp(expires, UTC)
        host = httpx.URL(check.url).host
        when = f"in {_days(left)}" if left > 0 else "already"
        message = (
            f"the TLS certificate of {host} expires on {instant.isoformat()}, {when} "
            f"(warning from {_days(check.certificate_warning)} ahead)"
        )
        warnings.append(ProbeWarning(check.id, message, expires=instant))
    return warnings


def _days(seconds: int) -> str:
    days = seconds / 86_400
    if days >= 1:
        whole = int(days)
        return f"{whole} day{'' if whole == 1 else 's'}"
    hours = max(int(seconds // 3600), 0)
    return f"{hours} hour{'' if hours == 1 else 's'}"


def run_round(
    checks: Sequence[AnyCheck],
    *,
    now: datetime,
    concurrency: int = DEFAULT_CONCURRENCY,
    origin: str = "probe",
) -> Round:
    """One round in a fresh event loop (for a command or a worker thread)."""
    return asyncio.run(probe_round(checks, now=now, concurrency=concurrency, origin=origin))


def run_once(
    checks: Sequence[AnyCheck],
    *,
    now: datetime,
    concurrency: int = DEFAULT_CONCURRENCY,
    origin: str = "probe",
) -> tuple[SampleTable, list[ProbeWarning]]:
    """One round of ``checks`` at ``now``: its probe samples and its warnings."""
    found = run_round(checks, now=now, concurrency=concurrency, origin=origin)
    return found.table, list(found.warnings)
