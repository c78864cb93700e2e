"""Use case: announce a source failing for longer than its ``stale_after`` on each of
its contract's alert channels, once per failure episode, and announce it recovered on
the channels told it was failing once it syncs again.

An episode is a run of failed syncs, named by its first failure (``failing_since``).
Each delivery is recorded after its send succeeded (the store appends the audit entry
in the same transaction), so a failed send is retried at the next sync and a restart
repeats nothing. Only the latest episode that was announced is followed for its
"recovered" notice: a source that recovered, then failed again, is announced as
failing, never late as recovered.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from slaledger.domain.alert_settings import ContractAlertSettings
from slaledger.services.alerts import Channels, NotifyError
from slaledger.services.source_notice import SourceNotice, SourceTransition

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceStatus:
    """A source as the store knows it, with what was announced of its latest episode."""

    contract: str
    source: str
    kind: str
    synced_until: datetime | None
    last_success: datetime | None
    failing_since: datetime | None
    last_error: str
    #: the latest episode announced as failing on some channel, if any
    announced_episode: datetime | None = None
    #: what was delivered for that episode: (transition, channel)
    delivered: frozenset[tuple[SourceTransition, str]] = frozenset()
    settings: ContractAlertSettings | None = None


def due_notices(
    status: SourceStatus, *, channels: Sequence[str], now: datetime, stale_after: timedelta
) -> list[tuple[SourceTransition, datetime, str]]:
    """(transition, episode, channel) to send now, in order. Pure."""
    due: list[tuple[SourceTransition, datetime, str]] = []
    failing = status.failing_since
    if failing is not None and now - failing >= stale_after:
        told = status.delivered if status.announced_episode == failing else frozenset()
        due += [
            (SourceTransition.FAILING, failing, channel)
            for channel in channels
            if (SourceTransition.FAILING, channel) not in told
        ]
    episode = status.announced_episode
    if (
        episode is not None
        and episode != failing
        and status.last_success is not None
        and status.last_success > episode
    ):
        due += [
            (SourceTransition.RECOVERED, episode, channel)
            for channel in channels
            if (SourceTransition.FAILING, channel) in status.delivered
            and (SourceTransition.RECOVERED, channel) not in status.delivered
        ]
    return due


class SourceAlertStore(Protocol):
    """What the source alerts need from storage."""

    def source_status(self, contract: str, source: str) -> SourceStatus | None:
        """The source's state (None: never synced)."""
        ...

    def contract_words(self, contract: str, at: datetime) -> tuple[str, str]:
        """The contract's title and time zone."""
        ...

    def record_source_alert(
        self,
        contract: str,
        source: str,
        *,
        episode: datetime,
        transition: str,
        channel: str,
        sent_at: datetime,
    ) -> bool:
        """Record and commit a delivery with its audit entry; False if already there."""
        ...


@dataclass
class SourceReport:
    sent: list[tuple[SourceTransition, str]] = field(default_factory=list)
    failed: list[tuple[SourceTransition, str, str]] = field(default_factory=list)


def announce_source(
    *,
    store: SourceAlertStore,
    channels: Channels,
    contract: str,
    source: str,
    service: str | None,
    now: datetime,
    stale_after: timedelta,
) -> SourceReport:
    """Send what is due for one source (of ``service``) on its contract's channels."""
    report = SourceReport()
    status = store.source_status(contract, source)
    if status is None:
        return report
    notifiers = {n.channel: n for n in channels.for_contract(status.settings)}
    due = due_notices(status, channels=list(notifiers), now=now, stale_after=stale_after)
    if not due:
        return report
    title, zone = store.contract_words(contract, now)
    for transition, episode, channel in due:
        notice = SourceNotice(
            transition=transition,
            contract=contract,
            contract_title=title,
            timezone=zone,
            source=source,
            kind=status.kind,
            service=service,
            failing_since=episode,
            last_success=status.last_success,
            last_error=status.last_error,
            synced_until=status.synced_until,
            lag=None if status.synced_until is None else now - status.synced_until,
            at=now,
        )
        try:
            notifiers[channel].send(notice)
        except Exception as exc:  # one broken channel must not hold back the others
            if not isinstance(exc, NotifyError):
                log.exception("source notifier %s failed unexpectedly", channel)
            log.warning("source %s/%s %s not delivered on %s: %s",
                        contract, source, transition, channel, exc)  # fmt: skip
            report.failed.append((transition, channel, str(exc)))
            continue
        store.record_source_alert(
            contract,
            source,
            episode=episode,
            transition=transition.value,
            channel=channel,
            sent_at=now,
        )
        report.sent.append((transition, channel))
    return report
