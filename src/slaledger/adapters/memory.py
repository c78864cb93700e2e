"""An observation source held in memory: the tables, by contract id, as given.

The fake of the inputs port (``services.ports``) for tests, and the smallest example of
a source: a connector that fetches its facts elsewhere fills the same tables.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from slaledger.domain.contract.contract import Contract
from slaledger.domain.incidents.table import IncidentTable
from slaledger.services.availability import Observations


@dataclass
class MemoryObservations:
    tables: dict[str, Observations] = field(default_factory=dict)
    events: dict[str, IncidentTable] = field(default_factory=dict)

    def observations(
        self,
        contract: Contract,
        *,
        start: int | None = None,
        end: int | None = None,
        now: int | None = None,
    ) -> Observations:
        found = self.tables.get(contract.id, Observations())
        return found if now is None else dataclasses.replace(found, now=now)

    def incidents(self, contract: Contract) -> IncidentTable | None:
        return self.events.get(contract.id)

    @classmethod
    def of(
        cls,
        tables: Mapping[str, Observations],
        events: Mapping[str, IncidentTable] | None = None,
    ) -> MemoryObservations:
        return cls(dict(tables), dict(events or {}))
