"""The alert jobs of the service's one scheduler (``adapters/jobs``): ``alerts`` runs
the alerts use case, then waits until the next alert could be due (at most
``max_sleep`` seconds, so new events and resumed pauses are seen quickly); with an SMTP
server, ``statements`` sends the monthly statements of the contracts whose statements
are on (their own setting, else ``SLALEDGER_STATEMENT_EMAILS=1``), looking at most once
every ``LETTER_INTERVAL`` seconds (adapters/notify/statement_mail.py).

Each contract's alerts go to its own channels (``AlertSettings.channels``: the
environment's webhooks, and e-mail to the contract's stored recipients, else the
environment's).

Each run opens its own session, so a run sees what other processes committed; the
deliveries stored in the database are the only state, hence a restart repeats nothing.
The scheduler lives in ``app.state.scheduler`` while the service runs; later jobs (source
syncs) are added to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.burn_alerts import StoreBurnAlerts
from slaledger.adapters.db.claim_notices import StoreClaimNotices
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.jobs.locks import JobLock, scheduler_lock_for
from slaledger.adapters.jobs.scheduler import MIN_SLEEP, Job, Scheduler, utc_now
from slaledger.adapters.notify.channels import ContractChannels
from slaledger.adapters.notify.claim_channels import (
    CLAIM_INTERVAL,
    ClaimNoticeChannels,
    ClaimNoticeSettings,
)
from slaledger.adapters.notify.config import AlertSettings
from slaledger.adapters.notify.statement_mail import (
    LetterSender,
    MailingReport,
    SmtpLetterSender,
    StatementMailSettings,
    send_monthly_statements,
)
from slaledger.adapters.notify.storage import StoreAlerts
from slaledger.domain.message import msg
from slaledger.services.alerts import Channels, FixedChannels, Notifier, RunReport, run_once
from slaledger.services.burn_alerts import BurnRunReport, run_burn_alerts
from slaledger.services.claim_notices import (
    ClaimChannels,
    ClaimNoticeReport,
    FixedClaimChannels,
    send_claim_notices,
)

log = logging.getLogger(__name__)

#: burn-rate alerts are evaluated this often, in seconds (``SLALEDGER_BURN_INTERVAL``;
#: 0: never)
BURN_INTERVAL = 60.0
BURN_VARIABLE = "SLALEDGER_BURN_INTERVAL"


def burn_interval_from(environ: Mapping[str, str]) -> float:
    """``SLALEDGER_BURN_INTERVAL``: seconds between two burn-rate runs (0: off)."""
    text = environ.get(BURN_VARIABLE, "").strip()
    if not text:
        return BURN_INTERVAL
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf"):
        raise InputError(
            [Problem("environment", BURN_VARIABLE, msg("input.cli.seconds-or-more"), text)]
        )
    return seconds


#: the monthly statements are looked at no more often than this, in seconds (loading
#: every contract's terms each alert run would cost more than the alerts)
LETTER_INTERVAL = 3600.0


class AlertScheduler:
    """The alert and statement jobs, on a scheduler of their own or one given."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        settings: AlertSettings,
        notifiers: Sequence[Notifier] | None = None,
        clock: Callable[[], datetime] = utc_now,
        letters: LetterSender | None = None,
        scheduler: Scheduler | None = None,
        lock: JobLock | None = None,
        channels: Channels | None = None,
        statements_by_default: bool = True,
        claim_notices: ClaimNoticeSettings | None = None,
        burn_interval: float = BURN_INTERVAL,
    ) -> None:
        """``notifiers``: the same channels for every contract (tests); ``channels``:
        each contract's (default: from ``settings``, contracts' own settings
        included). ``statements_by_default``: whether a contract that says nothing has
        its statements e-mailed (``SLALEDGER_STATEMENT_EMAILS``). ``claim_notices``: when
        enabled, the claim notices' job (``SLALEDGER_CLAIM_NOTICES``)."""
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
        #: whether an alert can go anywhere: a notifier, or (from the settings) an SMTP
        #: server that contracts' own recipients may use
        self.may_alert = bool(self.notifiers) or (notifiers is None and settings.may_notify)
        self.clock = clock
        self.runs = 0
        self.last_report: RunReport | None = None
        self.scheduler = scheduler or Scheduler(lock=lock, clock=clock)
        self._task: asyncio.Task[None] | None = None
        if self.may_alert:
            self.scheduler.add(Job("alerts", self._alerts_job, max(settings.max_sleep, MIN_SLEEP)))
        if letters is not None:
            self.scheduler.add(Job("statements", self._statements_job, LETTER_INTERVAL))
        self.last_burn_report: BurnRunReport | None = None
        if self.may_alert and burn_interval > 0:
            interval = max(burn_interval, MIN_SLEEP)
            self.scheduler.add(Job("burn-alerts", self._burn_job, interval))
        self.claim_notices = claim_notices
        self.last_claim_report: ClaimNoticeReport | None = None
        if claim_notices is not None and claim_notices.enabled:
            self.scheduler.add(Job("claim-notices", self._claims_job, CLAIM_INTERVAL))

    def _claims_job(self) -> None:
        self.send_claim_notices()

    def send_claim_notices(self) -> ClaimNoticeReport | None:
        """One round of the claim notices in its own session (None: not enabled)."""
        settings = self.claim_notices
        if settings is None or not settings.enabled:
            return None
        if self.notifiers and isinstance(self.channels, FixedChannels):
            channels: ClaimChannels = FixedClaimChannels(self.notifiers)
        elif isinstance(self.channels, ContractChannels):
            channels = ClaimNoticeChannels(self.channels)
        else:  # pragma: no cover - channels given without a claims equivalent
            return None
        with self.sessions() as session:
            report = send_claim_notices(
                store=StoreClaimNotices(Store(session, actor="claim-notices")),
                channels=channels,
                now=self.clock(),
                notice_days=settings.notice_days,
                decision_days=settings.decision_days,
            )
        for contract, month, kind, channel in report.sent:
            log.info("claim notice sent: %s %s %s on %s", contract, month, kind, channel)
        self.last_claim_report = report
        return report

    def _burn_job(self) -> None:
        self.run_burn_alerts()

    def run_burn_alerts(self) -> BurnRunReport:
        """One round of the burn-rate alerts in its own session (docs/alerts.md)."""
        with self.sessions() as session:
            report = run_burn_alerts(
                store=StoreBurnAlerts(Store(session, actor="burn-alerts")),
                channels=self.channels,
                now=self.clock(),
                lookback=self.settings.lookback,
            )
        for clause, severity, episode, channel in report.sent:
            log.info("burn alert sent: %s %s %s on %s", clause, severity, episode, channel)
        self.last_burn_report = report
        return report

    def _alerts_job(self) -> float:
        return self.sleep_for(self.run_alerts())

    def _statements_job(self) -> None:
        self.mail_statements()

    def run_once(self) -> RunReport:
        """One round of both jobs, in this thread: the alerts, then the statements."""
        report = self.run_alerts()
        self.mail_statements()
        return report

    def run_alerts(self) -> RunReport:
        """One alerts run in its own session (called in a worker thread)."""
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

    def start(self) -> None:
        """Start the scheduler (call it with a running loop)."""
        self.scheduler.start()
        self._task = self.scheduler._task

    async def stop(self) -> None:
        """Ask the scheduler to stop and wait for the runs in progress to finish."""
        await self.scheduler.stop()
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
    claim_notices = ClaimNoticeSettings.from_env()
    if letters is None and settings.smtp is not None:
        letters = SmtpLetterSender(settings.smtp)
    service_settings = getattr(app.state, "settings", None)
    if service_settings is not None:
        settings = replace(settings, risk_share=service_settings.risk_share)
    engine = getattr(app.state, "engine", None)
    scheduler = AlertScheduler(
        sessions=app.state.sessions,
        settings=settings,
        notifiers=notifiers,
        clock=getattr(app.state, "clock", utc_now),
        letters=letters,
        lock=None if engine is None else scheduler_lock_for(engine),
        statements_by_default=statements_on,
        claim_notices=claim_notices,
        burn_interval=burn_interval_from(os.environ),
    )
    if not scheduler.may_alert and letters is None:
        log.warning("alerts: no webhook or SMTP server configured, no alert is sent")
        return None
    scheduler.start()
    app.state.alert_scheduler = scheduler
    app.state.scheduler = scheduler.scheduler
    return scheduler


def add_source_jobs(
    app: FastAPI,
    scheduler: Scheduler | None,
    sources_file: str | None,
    *,
    channels: Channels | None = None,
) -> Scheduler:
    """The sync jobs of ``sources_file`` and of the sources stored through the API on
    ``scheduler`` (a new one, started, if None), with the job that reads the stored
    ones again every ``SLALEDGER_SOURCES_REFRESH`` (``app.state.sources``, a
    ``SourceRegistry``). ``channels``: where sources failing and recovered are
    announced (default: the environment's alert channels, when a webhook or an SMTP
    server is configured)."""
    from slaledger.adapters.sync.registry import SourceRegistry, refresh_seconds_from
    from slaledger.adapters.sync.runner import SourceAlerter, stale_after_from

    clock = getattr(app.state, "clock", utc_now)
    registry = getattr(app.state, "sources", None)
    if registry is None:
        registry = SourceRegistry(app.state.sessions, clock, sources_file=sources_file)
        app.state.sources = registry
    registry.file_sources()  # a bad file stops here, before any job starts
    refresh_every = refresh_seconds_from(os.environ)
    scheduler = _started(app, scheduler, clock)
    stale_after = stale_after_from(os.environ)
    if channels is None:
        settings = AlertSettings.from_env()
        channels = settings.channels() if settings.may_notify else None
    alerter = (
        None
        if channels is None
        else SourceAlerter(app.state.sessions, channels, stale_after=stale_after)
    )
    registry.attach(
        scheduler, alerter=alerter, refresh_every=refresh_every, stale_after=stale_after
    )
    return scheduler


def _started(app: FastAPI, scheduler: Scheduler | None, clock: Callable[[], datetime]) -> Scheduler:
    """``scheduler``, or a new one started under the database's scheduler lock."""
    if scheduler is not None:
        return scheduler
    engine = getattr(app.state, "engine", None)
    made = Scheduler(lock=None if engine is None else scheduler_lock_for(engine), clock=clock)
    made.start()
    return made


def add_figures_job(app: FastAPI, scheduler: Scheduler | None) -> Scheduler | None:
    """The figure cache's job (``adapters/jobs/figures_job.py``) on ``scheduler`` (a new
    one, started, if None); nothing when ``SLALEDGER_FIGURES_INTERVAL`` is 0."""
    from slaledger.adapters.jobs.figures_job import figures_job, interval_from

    interval = interval_from(os.environ)
    if interval == 0:
        return scheduler
    clock = getattr(app.state, "clock", utc_now)
    scheduler = _started(app, scheduler, clock)
    scheduler.add(figures_job(app.state.sessions, clock, interval))
    app.state.scheduler = scheduler
    return scheduler


def add_checkpoint_job(app: FastAPI, scheduler: Scheduler | None) -> Scheduler | None:
    """The signed audit checkpoints' job (``adapters/jobs/checkpoint_job.py``) on
    ``scheduler`` (a new one, started, if None) when the audit key's file exists."""
    from slaledger.adapters.jobs.checkpoint_job import checkpoint_job, wanted

    interval = wanted(os.environ)
    if interval == 0:
        return scheduler
    clock = getattr(app.state, "clock", utc_now)
    scheduler = _started(app, scheduler, clock)
    scheduler.add(checkpoint_job(app.state.sessions, clock, interval))
    app.state.scheduler = scheduler
    return scheduler


@contextlib.asynccontextmanager
async def alerts_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """FastAPI lifespan: the scheduler runs while the service does, when the service's
    settings say so (``SLALEDGER_SCHEDULER=1``), with the alert jobs when a channel is
    configured, a sync job per source of the sources file and per source stored
    through the API, the job that reads the stored ones again, the figure cache's and
    the signed audit checkpoints' (when the audit key exists)."""
    alerts = None
    jobs: Scheduler | None = None
    settings = getattr(app.state, "settings", None)
    if settings is not None and settings.start_scheduler:
        alerts = start_scheduler(app)
        jobs = None if alerts is None else alerts.scheduler
        channels = None if alerts is None else alerts.channels
        jobs = add_source_jobs(app, jobs, settings.sources_file, channels=channels)
        app.state.scheduler = jobs
        jobs = add_figures_job(app, jobs)
        jobs = add_checkpoint_job(app, jobs)
    try:
        yield
    finally:
        if alerts is not None:
            await alerts.stop()
        elif jobs is not None:
            await jobs.stop()
