"""In-memory stand-ins for tests: a notifier that records (or fails), and a store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from slaledger.domain.alert_settings import ContractAlertSettings
from slaledger.domain.contract.contract import Contract
from slaledger.domain.incidents.table import IncidentTable
from slaledger.services.alerts import Notice, NotifyError, WatchedContract
from slaledger.services.incidents import CalendarFor


class RecordingNotifier:
    """Keeps every notice it is given; fails the next ``failures`` sends."""

    def __init__(self, channel: str = "memory", *, failures: int = 0) -> None:
        self._channel = channel
        self.failures = failures
        self.sent: list[Notice] = []
        self.attempts = 0

    @property
    def channel(self) -> str:
        return self._channel

    def send(self, notice: Notice) -> None:
        self.attempts += 1
        if self.failures > 0:
            self.failures -= 1
            raise NotifyError(f"{self._channel}: simulated failure")
        self.sent.append(notice)


@dataclass
class InMemoryAlertStore:
    """Contracts with their incident tables, and the deliveries recorded so far.

    The deliveries are the only state that a restart keeps: give a new run the same
    ``deliveries`` to simulate one. ``settings``: contracts' own settings, by contract id.
    """

    contracts: list[tuple[Contract, IncidentTable, CalendarFor]] = field(default_factory=list)
    deliveries: dict[tuple[str, str, str, str, str], datetime] = field(default_factory=dict)
    settings: dict[str, ContractAlertSettings] = field(default_factory=dict)

    def watched(self, *, since: datetime, now: datetime) -> Sequence[WatchedContract]:
        return [
            WatchedContract(
                contract=contract,
                table=table,
                calendars=calendars,
                delivered=frozenset(key[1:] for key in self.deliveries if key[0] == contract.id),
                settings=self.settings.get(contract.id),
            )
            for contract, table, calendars in self.contracts
        ]

    def is_delivered(
        self, contract: str, incident: str, *, clock: str, transition: str, channel: str
    ) -> bool:
        return (contract, incident, clock, transition, channel) in self.deliveries

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
        key = (contract, incident, clock, transition, channel)
        if key in self.deliveries:
            return False
        self.deliveries[key] = sent_at
        return True
