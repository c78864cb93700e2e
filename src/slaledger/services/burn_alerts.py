"""Use case: burn-rate alerts, from the observations as they arrive.

Each run measures the current period of each contract's availability clause as
``sla budget`` does (``budget_at``: the same exclusions, calendars, removed time), takes
the counted downtime of its trace and the budget of its first line (the target, else the
allowance, else the first credit tier), and asks the domain (``domain.burn``) for the
episodes of each severity since the period's start. An episode not yet announced on a
channel is sent there, then recorded (``record_burn_alert``, with its audit entry), so
a restart or a second scheduler repeats nothing: the episodes are re-derived from the
stored observations, the deliveries are read from storage.

Late data can move an episode's first minute; a delivery recorded for a severity counts
for the episode whose span (from the end of the one before it) holds its start, so a
moved start is not a new episode. Episodes that started before the look-back instant are
not announced (a first start on a year of history sends nothing old).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

from slaledger.domain.alert_settings import ContractAlertSettings
from slaledger.domain.budget import BudgetLine
from slaledger.domain.burn import (
    DEFAULT_RULES,
    BurnReport,
    BurnRule,
    Episode,
    burn_report,
    counted_downtime,
)
from slaledger.domain.contract.contract import Contract
from slaledger.domain.periods import Month
from slaledger.services.alerts import Channels, Notifier, NotifyError
from slaledger.services.availability import Observations
from slaledger.services.budget import Budget, budget_at
from slaledger.services.burn_notice import BurnNotice
from slaledger.services.incidents import CalendarFor

log = logging.getLogger(__name__)

DEFAULT_LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class BurnStatus:
    """The budget of the period at the instant and its burn report (None: no budget)."""

    budget: Budget
    line: BudgetLine | None
    report: BurnReport | None
    rules: tuple[BurnRule, ...]


def budget_line(budget: Budget) -> BudgetLine | None:
    """The line whose budget the rules burn: the target, else the allowance, else the
    first credit tier reached."""
    for kind in ("target", "allowance", "tier"):
        for line in budget.lines:
            if line.kind == kind:
                return line
    return None


def burn_status(
    *,
    contract: Contract,
    at: int,
    observations: Observations,
    calendars: CalendarFor,
    month: Month | None = None,
    service: str | None = None,
    opened: date | None = None,
    rules: Sequence[BurnRule] = DEFAULT_RULES,
    fee: Decimal | None = None,
) -> BurnStatus:
    """The burn of the service's clause over the period holding ``at`` (or ``month``)."""
    if month is None:
        local = datetime.fromtimestamp(at, tz=UTC).astimezone(ZoneInfo(contract.timezone))
        month = Month(local.year, local.month)
    budget = budget_at(
        contract=contract, at=at, month=month, observations=observations,
        calendars=calendars, service=service, opened=opened, fee=fee,
    )  # fmt: skip
    line = budget_line(budget)
    if line is None or not budget.guaranteed:
        return BurnStatus(budget, line, None, tuple(rules))
    window = budget.window
    report = burn_report(
        counted_downtime(budget.figure.trace),
        start=window.start,
        until=min(at, window.end),
        period_seconds=window.seconds,
        allowed=line.allowed_seconds,
        rules=rules,
    )
    return BurnStatus(budget, line, report, tuple(rules))


@dataclass(frozen=True)
class BurnWatched:
    """A contract to watch: its terms, stored observations, and what was delivered."""

    contract: Contract
    observations: Observations
    calendars: CalendarFor
    opened: date | None = None
    rules: tuple[BurnRule, ...] = DEFAULT_RULES
    settings: ContractAlertSettings | None = None
    #: (clause, severity, episode start in epoch seconds, channel)
    delivered: frozenset[tuple[str, str, int, str]] = frozenset()
    #: the contract's key in storage (default: the terms' id)
    key: str | None = None


class BurnAlertStore(Protocol):
    def burn_watched(self, *, now: datetime) -> Sequence[BurnWatched]:
        """The contracts with an availability clause, as of ``now``."""
        ...

    def record_burn_alert(
        self,
        contract: str,
        *,
        clause: str,
        severity: str,
        episode: datetime,
        channel: str,
        sent_at: datetime,
    ) -> bool:
        """Record and commit a delivery with its audit entry; False if already there."""
        ...


@dataclass
class BurnRunReport:
    sent: list[tuple[str, str, datetime, str]] = field(default_factory=list)
    failed: list[tuple[str, str, datetime, str, str]] = field(default_factory=list)


def episode_spans(
    episodes: Sequence[Episode], start: int, now: int
) -> list[tuple[Episode, int, int]]:
    """Each episode with the span a recorded start of its severity may lie in: from the
    end of the episode before it (or the period's start) to its own end (or now)."""
    spans, previous_end = [], start
    for episode in episodes:
        end = now if episode.ended is None else episode.ended
        spans.append((episode, previous_end, end))
        previous_end = end
    return spans


def run_burn_alerts(
    *,
    store: BurnAlertStore,
    channels: Channels,
    now: datetime,
    lookback: timedelta = DEFAULT_LOOKBACK,
) -> BurnRunReport:
    """Send every burn episode not yet announced on each of its contract's channels."""
    if now.tzinfo is None:
        raise ValueError(f"now: expected an aware instant, found {now.isoformat()}")
    at, since = int(now.timestamp()), int((now - lookback).timestamp())
    report = BurnRunReport()
    for watched in store.burn_watched(now=now):
        notifiers = channels.for_contract(watched.settings)
        if not notifiers or not watched.contract.availability:
            continue
        status = burn_status(
            contract=watched.contract, at=at, observations=watched.observations,
            calendars=watched.calendars, opened=watched.opened, rules=watched.rules,
        )  # fmt: skip
        if status.report is None or status.line is None:
            continue
        for severity in {r.severity for r in status.rules}:
            mine = [e for e in status.report.episodes if e.severity == severity]
            for episode, low, high in episode_spans(mine, status.report.start, at):
                if episode.started < since:
                    continue
                for notifier in notifiers:
                    told = any(
                        (c, s, n) == (status.budget.clause, severity, notifier.channel)
                        and low <= t <= high
                        for c, s, t, n in watched.delivered
                    )
                    if not told:
                        _send(store, watched, status, episode, notifier, now, report)
    return report


def _send(
    store: BurnAlertStore,
    watched: BurnWatched,
    status: BurnStatus,
    episode: Episode,
    notifier: Notifier,
    now: datetime,
    report: BurnRunReport,
) -> None:
    contract, budget, line, burn = watched.contract, status.budget, status.line, status.report
    assert line is not None
    assert burn is not None
    started = datetime.fromtimestamp(episode.started, tz=UTC)
    notice = BurnNotice(
        contract=contract.id,
        contract_title=contract.title,
        timezone=contract.timezone,
        service=budget.service,
        clause=budget.clause,
        period=budget.window.label,
        severity=episode.severity,
        started=started,
        allowed_seconds=line.allowed_seconds,
        consumed_seconds=line.consumed_seconds,
        rates=tuple(
            (str(s.rule), s.long_rate, s.threshold)
            for s in burn.states
            if s.rule.severity == episode.severity
        ),
        at=now,
    )
    key = (budget.clause, episode.severity, started, notifier.channel)
    try:
        notifier.send(notice)
    except Exception as exc:  # one broken channel must not hold back the others
        if not isinstance(exc, NotifyError):
            log.exception("burn notifier %s failed unexpectedly", notifier.channel)
        report.failed.append((*key, str(exc)))
        return
    store.record_burn_alert(
        watched.key or contract.id,
        clause=budget.clause,
        severity=episode.severity,
        episode=started,
        channel=notifier.channel,
        sent_at=now,
    )
    report.sent.append(key)
