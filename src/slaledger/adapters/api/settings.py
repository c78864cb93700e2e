"""The service's settings: defaults, overridden by ``SLALEDGER_*`` environment variables."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from slaledger.adapters.db.engine import PoolSettings

#: 20 MiB: a month of per-minute counts of a few hundred services fits, as Parquet
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: expensive requests (figures, statements, imports...) running at once, and how long
#: one waits for its turn before answering 503 (adapters/api/busy.py)
DEFAULT_MAX_EXPENSIVE = 4
DEFAULT_EXPENSIVE_WAIT = 30.0


def _int(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    return int(text) if text else default


def _float(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    return float(text) if text else default


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    """``max_upload_bytes``: a larger request body answers 413. ``risk_share``: share of
    a target after which a running clock is at risk. ``start_scheduler``: run the alerts
    scheduler inside the service (on by default from the environment, unless
    SLALEDGER_SCHEDULER=0; off in tests); it starts only when an alert channel is
    configured (docs/alerts.md). ``max_expensive`` expensive requests run at once, the
    others wait up to ``expensive_wait`` seconds, then answer 503. ``pool``: the
    database pool and the SQLite busy timeout (docs/api.md lists the variables)."""

    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    risk_share: float = 0.75
    start_scheduler: bool = False
    title: str = "SLA Ledger"
    max_expensive: int = DEFAULT_MAX_EXPENSIVE
    expensive_wait: float = DEFAULT_EXPENSIVE_WAIT
    pool: PoolSettings = field(default_factory=PoolSettings.from_env)
    #: the sources file the scheduler keeps in sync (docs/sources.md), from
    #: SLALEDGER_SOURCES or ``sla serve --sources``
    sources_file: str | None = None
    #: signs the dashboard's session cookies; a random one (sessions end with the
    #: process) unless SLALEDGER_SECRET is set
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    #: served behind TLS (SLALEDGER_SECURE_COOKIES=1 or ``sla serve --secure-cookies``):
    #: HSTS on every answer, the session cookie ``Secure`` and ``__Host-`` prefixed
    secure_cookies: bool = False
    #: a dashboard session ends after this long without a request, and this long after
    #: its login whatever happens (SLALEDGER_SESSION_IDLE, SLALEDGER_SESSION_MAX, seconds)
    session_idle_seconds: int = 30 * 60
    session_max_seconds: int = 12 * 3600

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            max_upload_bytes=_int("SLALEDGER_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES),
            risk_share=_float("SLALEDGER_RISK_SHARE", 0.75),
            start_scheduler=os.environ.get("SLALEDGER_SCHEDULER", "1") not in ("0", "false", "no"),
            secret=os.environ.get("SLALEDGER_SECRET", "").strip() or secrets.token_urlsafe(32),
            max_expensive=_int("SLALEDGER_MAX_EXPENSIVE", DEFAULT_MAX_EXPENSIVE),
            expensive_wait=_float("SLALEDGER_EXPENSIVE_WAIT", DEFAULT_EXPENSIVE_WAIT),
            pool=PoolSettings.from_env(),
            sources_file=os.environ.get("SLALEDGER_SOURCES", "").strip() or None,
            secure_cookies=_flag("SLALEDGER_SECURE_COOKIES"),
            session_idle_seconds=_int("SLALEDGER_SESSION_IDLE", 30 * 60),
            session_max_seconds=_int("SLALEDGER_SESSION_MAX", 12 * 3600),
        )
