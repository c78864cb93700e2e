"""The store as an observation source: what was imported or synced into the database
for a contract (outage records with the interruptions measured from counts and samples,
maintenance windows, the periods observed, the contract's obligation events; incidents
and their events)."""

from __future__ import annotations

from datetime import UTC, datetime

from slaledger.adapters.db.store import Store
from slaledger.domain.contract.contract import Contract
from slaledger.domain.incidents.table import IncidentTable
from slaledger.services.availability import Observations


def _instant(epoch: int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


class StoreObservations:
    def __init__(self, store: Store) -> None:
        self.store = store

    def observations(
        self,
        contract: Contract,
        *,
        start: int | None = None,
        end: int | None = None,
        now: int | None = None,
    ) -> Observations:
        return self.store.observations(
            contract.id, start=_instant(start), end=_instant(end), now=_instant(now)
        )

    def incidents(self, contract: Contract) -> IncidentTable | None:
        return self.store.incident_table(contract.id)
