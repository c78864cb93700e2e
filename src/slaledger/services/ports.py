"""The inputs port: where the use cases get what happened to a contract's services.

A source answers, for a contract and a period, the tables of ``domain.observations``
(outages, probe samples, request counts, maintenance windows) bundled as the
``Observations`` the availability, credit and statement use cases take, and the
contract's incidents as an ``IncidentTable``. Files (``adapters/files/source.py``), the
store (``adapters/db/source.py``) and the in-memory fake (``adapters/memory.py``) are
sources; every connector (Prometheus, a prober, a helpdesk) either is one or fills the
store, which is. A source fills each table's ``Origin`` so traces point back to it.

Instants are epoch seconds; ``start``/``end`` bound the records a source must return
(a source may return more: the use cases select), ``now`` is the instant the figures
are computed as of (what lies after it is no data).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from slaledger.domain.contract.contract import Contract
from slaledger.domain.incidents.table import IncidentTable
from slaledger.services.availability import Observations


@runtime_checkable
class ObservationSource(Protocol):
    def observations(
        self,
        contract: Contract,
        *,
        start: int | None = None,
        end: int | None = None,
        now: int | None = None,
    ) -> Observations:
        """The measurements and windows of ``contract``'s services."""
        ...

    def incidents(self, contract: Contract) -> IncidentTable | None:
        """The contract's incidents and their events; None when the source has none."""
        ...
