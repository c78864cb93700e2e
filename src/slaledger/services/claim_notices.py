"""Use case: remind the customer's contacts of a credit they have not claimed when its
deadline is ``notice_days`` away or less, and tell the provider when a claim has waited
``decision_days`` or more for its decision — once per credit, kind and channel.

``due_kinds`` decides (pure); ``send_claim_notices`` sends what is due on each channel and
records each delivery only after its send succeeded (the store appends the audit entry
in the same transaction), so a failed send is retried at the next run and a restart
repeats nothing. A deadline already passed is not announced (too late to help), nor is a
claim decided meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from slaledger.domain.alert_settings import ContractAlertSettings
from slaledger.domain.claims import Standing
from slaledger.services.alerts import Notifier, NotifyError
from slaledger.services.claim_book import ClaimRow
from slaledger.services.claim_notice import ClaimNotice, ClaimNoticeKind

log = logging.getLogger(__name__)

DEFAULT_NOTICE_DAYS = 7
DEFAULT_DECISION_DAYS = 10


def due_kinds(
    row: ClaimRow,
    *,
    claimed_at: datetime | None,
    now: datetime,
    notice_days: int,
    decision_days: int,
) -> list[ClaimNoticeKind]:
    """The notices ``row``'s credit calls for at ``now``. Pure."""
    deadline = row.deadline
    if (
        row.standing is Standing.OPEN
        and deadline is not None
        and now <= deadline <= now + timedelta(days=notice_days)
    ):
        return [ClaimNoticeKind.DEADLINE]
    if (
        row.standing is Standing.REQUESTED
        and claimed_at is not None
        and now - claimed_at >= timedelta(days=decision_days)
    ):
        return [ClaimNoticeKind.DECISION]
    return []


@dataclass(frozen=True)
class WatchedCredits:
    """A contract's credits as the store knows them, with what was already delivered."""

    contract: str
    title: str
    timezone: str
    rows: Sequence[ClaimRow]
    #: the stored claims' instants, by (service, month)
    claimed_at: Mapping[tuple[str, str], datetime]
    #: the customer's contacts (its active customer-viewers' addresses)
    contacts: Sequence[str]
    #: the contract's language first, then the other: the customer's notice's languages
    languages: tuple[str, ...]
    settings: ContractAlertSettings | None = None
    #: deliveries already recorded: (service, month, kind, channel)
    delivered: frozenset[tuple[str, str, str, str]] = frozenset()


class ClaimNoticeStore(Protocol):
    def watched_credits(self, *, now: datetime) -> Sequence[WatchedCredits]: ...

    def record_claim_notice(
        self, contract: str, *, service: str, month: str, kind: str, channel: str, sent_at: datetime
    ) -> bool:
        """Record and commit a delivery with its audit entry; False if already there."""
        ...


class ClaimChannels(Protocol):
    def customer(self, contacts: Sequence[str], languages: tuple[str, ...]) -> Sequence[Notifier]:
        """The channels that reach the customer's contacts (e-mail)."""
        ...

    def provider(self, settings: ContractAlertSettings | None) -> Sequence[Notifier]:
        """The provider's alert channels for a contract (webhooks, alert recipients)."""
        ...


@dataclass(frozen=True)
class FixedClaimChannels:
    """The same notifiers for every notice, the customer's and the provider's (tests,
    a service given its notifiers)."""

    notifiers: Sequence[Notifier]

    def customer(self, contacts: Sequence[str], languages: tuple[str, ...]) -> Sequence[Notifier]:
        return self.notifiers

    def provider(self, settings: ContractAlertSettings | None) -> Sequence[Notifier]:
        return self.notifiers


@dataclass
class ClaimNoticeReport:
    sent: list[tuple[str, str, ClaimNoticeKind, str]] = field(default_factory=list)
    failed: list[tuple[str, str, ClaimNoticeKind, str, str]] = field(default_factory=list)


def send_claim_notices(
    *,
    store: ClaimNoticeStore,
    channels: ClaimChannels,
    now: datetime,
    notice_days: int = DEFAULT_NOTICE_DAYS,
    decision_days: int = DEFAULT_DECISION_DAYS,
) -> ClaimNoticeReport:
    """Send every claim notice due at ``now`` that was not delivered yet."""
    report = ClaimNoticeReport()
    for watched in store.watched_credits(now=now):
        for row in watched.rows:
            key = (row.service, str(row.month))
            kinds = due_kinds(
                row, claimed_at=watched.claimed_at.get(key), now=now,
                notice_days=notice_days, decision_days=decision_days,
            )  # fmt: skip
            for kind in kinds:
                _send(store, channels, watched, row, kind, now, report)
    return report


def _send(
    store: ClaimNoticeStore,
    channels: ClaimChannels,
    watched: WatchedCredits,
    row: ClaimRow,
    kind: ClaimNoticeKind,
    now: datetime,
    report: ClaimNoticeReport,
) -> None:
    if kind is ClaimNoticeKind.DEADLINE:
        notifiers = channels.customer(watched.contacts, watched.languages)
    else:
        notifiers = channels.provider(watched.settings)
    month = str(row.month)
    notice = ClaimNotice(
        kind=kind,
        contract=watched.contract,
        contract_title=watched.title,
        timezone=watched.timezone,
        service=row.service,
        month=month,
        unit=row.unit,
        value=row.value,
        deadline=row.deadline,
        claimed_at=watched.claimed_at.get((row.service, month)),
        at=now,
        amount=row.amount,
        currency=row.currency,
    )
    for notifier in notifiers:
        channel = notifier.channel
        if (row.service, month, kind.value, channel) in watched.delivered:
            continue
        try:
            notifier.send(notice)
        except Exception as exc:  # one broken channel must not hold back the others
            if not isinstance(exc, NotifyError):
                log.exception("claim notifier %s failed unexpectedly", channel)
            report.failed.append((watched.contract, month, kind, channel, str(exc)))
            continue
        store.record_claim_notice(
            watched.contract, service=row.service, month=month, kind=kind.value,
            channel=channel, sent_at=now,
        )  # fmt: skip
        report.sent.append((watched.contract, month, kind, channel))
