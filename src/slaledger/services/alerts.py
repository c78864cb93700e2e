"""Use case: notify every clock that became at-risk or breached, once per channel.

One run loads the incidents worth watching, derives each clock's at-risk instant and
deadline as of ``now`` from the event logs, asks the domain which transitions are due on
each channel, sends them, and records each delivery only after its send succeeded (the
store appends the audit entry in the same transaction). A failed send is not recorded,
so the next run retries it; the transitions of that clock after it wait on that channel,
so they always arrive in order. Nothing lives in memory between runs: a restart repeats
nothing and misses nothing.

A contract's own settings (``domain.alert_settings``), when stored, choose its risk
share, the kinds of alert it sends and (through ``Channels``) its e-mail recipients and
languages; the service's settings apply to every field a contract leaves unset.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from slaledger.domain.alert_settings import ContractAlertSettings
from slaledger.domain.alerts import Alert, ClockThresholds, Transition, due_alerts, next_wakeup
from slaledger.domain.contract.contract import Contract
from slaledger.domain.incidents.table import IncidentTable
from slaledger.services.alert_clocks import ClockInfo, clock_thresholds
from slaledger.services.burn_notice import BurnNotice
from slaledger.services.claim_notice import ClaimNotice
from slaledger.services.incidents import CalendarFor
from slaledger.services.source_notice import SourceNotice

log = logging.getLogger(__name__)

#: transitions older than this when first seen are not announced (see docs/alerts.md)
DEFAULT_LOOKBACK = timedelta(days=7)


class NotifyError(Exception):
    """A notification could not be delivered (it will be retried on the next run)."""


@dataclass(frozen=True)
class AlertNotice:
    """An alert with what a person needs to read it."""

    alert: Alert
    contract_title: str
    clock_title: str
    target: str | None
    timezone: str  # the contract's zone: instants are shown in it

    @property
    def happened_at(self) -> datetime:
        return datetime.fromtimestamp(self.alert.happened_at, tz=UTC)

    @property
    def deadline(self) -> datetime:
        return datetime.fromtimestamp(self.alert.deadline, tz=UTC)


#: what a channel delivers: a clock's alert, a source failing or recovered, a credit's
#: claim notice, or an error budget burning too fast
Notice = AlertNotice | SourceNotice | ClaimNotice | BurnNotice


class Notifier(Protocol):
    """One delivery channel (a webhook URL, an e-mail recipient...)."""

    @property
    def channel(self) -> str:
        """A stable name: deliveries are recorded per channel."""
        ...

    def send(self, notice: Notice) -> None:
        """Deliver the notice or raise NotifyError."""
        ...


@dataclass(frozen=True)
class WatchedContract:
    """A contract and the incidents to watch, with what was already delivered."""

    contract: Contract
    table: IncidentTable
    calendars: CalendarFor
    #: (incident key, clock, transition, channel) already recorded
    delivered: frozenset[tuple[str, str, str, str]] = frozenset()
    #: the contract's own settings; None: the service's apply
    settings: ContractAlertSettings | None = None


class Channels(Protocol):
    """Which channels a contract's alerts go to, given its own settings."""

    def for_contract(self, settings: ContractAlertSettings | None) -> Sequence[Notifier]:
        """The notifiers of a contract with these settings (None: the service's)."""
        ...


@dataclass(frozen=True)
class FixedChannels:
    """The same notifiers for every contract, whatever its settings."""

    notifiers: Sequence[Notifier]

    def for_contract(self, settings: ContractAlertSettings | None) -> Sequence[Notifier]:
        return self.notifiers


class AlertStore(Protocol):
    """What the alerts need from storage."""

    def watched(self, *, since: datetime, now: datetime) -> Sequence[WatchedContract]:
        """Contracts with incidents open, or closed at or after ``since``."""
        ...

    def is_delivered(
        self, contract: str, incident: str, *, clock: str, transition: str, channel: str
    ) -> bool:
        """Whether the delivery is recorded (fresh from storage: another run may have)."""
        ...

    def record_delivery(
        self,
        contract: str,
        incident: str,
        *,
        clock: str,
        transition: str,
        channel: str,
        sent_at: datetime,
    ) -> bool:
        """Record and commit a delivery with its audit entry; False if already there."""
        ...


@dataclass
class RunReport:
    """What a run did."""

    sent: list[tuple[Alert, str]] = field(default_factory=list)
    failed: list[tuple[Alert, str, str]] = field(default_factory=list)  # ..., channel, why
    already: list[tuple[Alert, str]] = field(default_factory=list)  # recorded meanwhile
    next_wakeup: datetime | None = None


def run_once(
    *,
    store: AlertStore,
    notifiers: Sequence[Notifier] = (),
    channels: Channels | None = None,
    now: datetime,
    risk_share: float = 0.75,
    lookback: timedelta = DEFAULT_LOOKBACK,
) -> RunReport:
    """Send every due alert on every channel; say when the next one could be due.

    ``channels`` gives each contract's notifiers from its settings; without it, every
    contract uses ``notifiers``. ``risk_share``: the service's, for the contracts that
    set none."""
    if now.tzinfo is None:
        raise ValueError(f"now: expected an aware instant, found {now.isoformat()}")
    plan = channels if channels is not None else FixedChannels(notifiers)
    at = int(now.timestamp())
    since = now - lookback
    report = RunReport()
    wakeups: list[int] = []
    for watched in store.watched(since=since, now=now):
        own = watched.settings
        chosen = plan.for_contract(own)
        kinds = None if own is None else own.kinds_on
        if not chosen or kinds == frozenset():
            continue  # nowhere to send this contract's alerts, or every kind switched off
        share = risk_share if own is None or own.risk_share is None else float(own.risk_share)
        thresholds, info = clock_thresholds(
            contract=watched.contract,
            log=watched.table.log,
            at=at,
            calendars=watched.calendars,
            risk_share=share,
            kinds=watched.table.kind,
        )
        for notifier in chosen:
            _run_channel(
                store,
                watched,
                thresholds,
                info,
                notifier,
                now,
                int(since.timestamp()),
                report,
                kinds=kinds,
            )
        delivered_everywhere = {
            (i, c, Transition(t))
            for (i, c, t, _) in watched.delivered
            if all((i, c, t, n.channel) in watched.delivered for n in chosen)
        }
        wake = next_wakeup(thresholds, now=at, delivered=delivered_everywhere, kinds=kinds)
        if wake is not None:
            wakeups.append(wake)
    if wakeups:
        report.next_wakeup = datetime.fromtimestamp(min(wakeups), tz=UTC)
    return report


def _run_channel(
    store: AlertStore,
    watched: WatchedContract,
    thresholds: list[ClockThresholds],
    info: dict[tuple[str, str], ClockInfo],
    notifier: Notifier,
    now: datetime,
    since: int,
    report: RunReport,
    *,
    kinds: frozenset[Transition] | None,
) -> None:
    channel = notifier.channel
    delivered = {(i, c, Transition(t)) for (i, c, t, n) in watched.delivered if n == channel}
    blocked: set[tuple[str, str]] = set()
    contract = watched.contract
    at = int(now.timestamp())
    due = due_alerts(thresholds, now=at, delivered=delivered, since=since, kinds=kinds)
    for alert in due:
        clock_key = (alert.incident, alert.clock)
        if clock_key in blocked:
            continue  # an earlier transition of this clock failed here: keep the order
        keys = {"clock": alert.clock, "transition": alert.transition.value, "channel": channel}
        if store.is_delivered(contract.id, alert.incident, **keys):
            report.already.append((alert, channel))  # another scheduler sent it meanwhile
            continue
        clock = info[clock_key]
        notice = AlertNotice(
            alert=alert,
            contract_title=contract.title,
            clock_title=clock.title,
            target=clock.target,
            timezone=contract.timezone,
        )
        try:
            notifier.send(notice)
        except Exception as exc:  # one broken channel must not hold back the others
            if not isinstance(exc, NotifyError):
                log.exception("alert notifier %s failed unexpectedly", channel)
            log.warning("alert %s %s not delivered on %s: %s", *clock_key, channel, exc)
            report.failed.append((alert, channel, str(exc)))
            blocked.add(clock_key)
            continue
        recorded = store.record_delivery(
            contract.id,
            alert.incident,
            sent_at=now,
            **keys,
        )
        (report.sent if recorded else report.already).append((alert, channel))
