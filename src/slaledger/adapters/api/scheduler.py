"""The alerts scheduler inside the service: an asyncio task that runs the alerts use case
in a worker thread, then sleeps until the next alert could be due (at most
``max_sleep`` seconds, so new events and resumed pauses are seen quickly), and stops
cleanly with the application.

Each run opens its own session, so a run sees what other processes committed; the
deliveries stored in the database are the only state, hence a restart repeats nothing.

Each contract's alerts go to its own channels (``AlertSettings.channels``: the
environment's webhooks, and e-mail to the contract's stored recipients, else the
environment's). With an SMTP server, the same loop sends the monthly statements of the
contracts whose statements are on (their own setting, else ``SLALEDGER_STATEMENT_EMAILS``),
looking at most once every ``LETTER_INTERVAL`` seconds (adapters/notify/statement_mail.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.store import Store
from slaledger.adapters.notify.config import AlertSettings
from slaledger.adapters.notify.statement_mail import (
    LetterSender,
    MailingReport,
    SmtpLetterSender,
    StatementMailSettings,
    send_monthly_statements,
)
from slaledger.adapters.notify.storage import StoreAlerts
from slaledger.services.alerts import Channels, FixedChannels, Notifier, RunReport, run_once

log = logging.getLogger(__name__)

#: never spin: at least this long between two runs, in seconds
MIN_SLEEP = 1.0
#: the monthly statements are looked at no more often than this, in seconds (loading
#: every contract's terms each alert run would cost more than the alerts)
LETTER_INTERVAL = 3600.0


def utc_now() -> datetime:
    return datetime.now(UTC)


class AlertScheduler:
    """Runs ``services.alerts.run_once`` again and again until stopped."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        settings: AlertSettings,
        notifiers: Sequence[Notifier] | None = None,
        clock: Callable[[], datetime] = utc_now,
        letters: LetterSender | None = None,
        channels: Channels | None = None,
        statements_by_default: bool = True,
    ) -> None:
        """``notifiers``: the same channels for every contract (tests); ``channels``:
        each contract's (default: from ``settings``, contracts' own settings
        included). ``statements_by_default``: whether a contract that says nothing has
        its statements e-mailed (``SLALEDGER_STATEMENT_EMAILS``)."""
        self.sessions = sessions
        self.letters = letters
        self.statements_by_default = statements_by_default
        self.last_mailing: MailingReport | None = None
        self._mailed_at: datetime | None = None
        self.settings = settings
        self.notifiers = list(settings.notifiers() if notifiers is None else notifiers)
        if channels is None:
            channels = settings.channels() if notifiers is None else FixedChannels(self.notifiers)
        self.channels = channels
        self.clock = clock
        self.runs = 0
        self.last_report: RunReport | None = None
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def run_once(self) -> RunReport:
        """One run in its own session (called in a worker thread)."""
        with self.sessions() as session:
            store = Store(session, actor="alerts")
            report = run_once(
                store=StoreAlerts(store),
                channels=self.channels,
                now=self.clock(),
                risk_share=self.settings.risk_share,
                lookback=self.settings.lookback,
            )
        self.runs += 1
        self.last_report = report
        self.mail_statements()
        for alert, channel in report.sent:
            log.info(
                "alert sent: %s %s %s on %s", alert.incident, alert.clock, alert.transition, channel
            )
        return report

    def mail_statements(self) -> MailingReport | None:
        """Send the monthly statements not sent yet, at most every LETTER_INTERVAL."""
        now = self.clock()
        if self.letters is None or (
            self._mailed_at is not None
            and (now - self._mailed_at).total_seconds() < LETTER_INTERVAL
        ):
            return None
        self._mailed_at = now
        with self.sessions() as session:
            report = send_monthly_statements(
                store=Store(session, actor="statements"),
                sender=self.letters,
                now=now,
                default_enabled=self.statements_by_default,
            )
        for key, month, address in report.sent:
            log.info("statement e-mailed: %s %s to %s", key, month, address)
        self.last_mailing = report
        return report

    def sleep_for(self, report: RunReport | None) -> float:
        """Seconds until the next run: until the next wake-up, within the bounds."""
        ceiling = max(self.settings.max_sleep, MIN_SLEEP)
        if report is None or report.next_wakeup is None:
            return ceiling
        seconds = (report.next_wakeup - self.clock()).total_seconds()
        return min(max(seconds, MIN_SLEEP), ceiling)

    async def run(self) -> None:
        while not self._stop.is_set():
            report: RunReport | None = None
            try:
                report = await asyncio.to_thread(self.run_once)
            except Exception:  # the scheduler must outlive a bad run; the next one retries
                log.exception("alerts run failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self.sleep_for(report))

    def start(self) -> None:
        self._stop.clear()
        self._task = asyncio.get_running_loop().create_task(self.run(), name="slaledger-alerts")

    async def stop(self) -> None:
        """Ask the loop to stop and wait for the run in progress to finish."""
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None


def start_scheduler(
    app: FastAPI,
    *,
    settings: AlertSettings | None = None,
    notifiers: Sequence[Notifier] | None = None,
    letters: LetterSender | None = None,
) -> AlertScheduler | None:
    """Start the scheduler on the app's sessions and clock (call it with a running loop);
    None when neither a webhook nor an SMTP server is configured (nothing can be sent).
    ``letters``: the monthly statements' sender (default: SMTP when a server is
    configured; each contract's setting, else ``SLALEDGER_STATEMENT_EMAILS``, says
    whether its statements go)."""
    settings = settings or AlertSettings.from_env()
    statements_on = StatementMailSettings.from_env().enabled
    if letters is None and settings.smtp is not None:
        letters = SmtpLetterSender(settings.smtp)
    service_settings = getattr(app.state, "settings", None)
    if service_settings is not None:
        settings = replace(settings, risk_share=service_settings.risk_share)
    scheduler = AlertScheduler(
        sessions=app.state.sessions,
        settings=settings,
        notifiers=notifiers,
        clock=getattr(app.state, "clock", utc_now),
        letters=letters,
        statements_by_default=statements_on,
    )
    if not scheduler.notifiers and not settings.may_notify and letters is None:
        log.warning("alerts: no webhook or SMTP server configured, scheduler not started")
        return None
    scheduler.start()
    app.state.alert_scheduler = scheduler
    return scheduler


@contextlib.asynccontextmanager
async def alerts_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """FastAPI lifespan: the scheduler runs while the service does, when the service's
    settings say so (``SLALEDGER_SCHEDULER=1``)."""
    scheduler = None
    settings = getattr(app.state, "settings", None)
    if settings is not None and settings.start_scheduler:
        scheduler = start_scheduler(app)
    try:
        yield
    finally:
        if scheduler is not None:
            await scheduler.stop()
