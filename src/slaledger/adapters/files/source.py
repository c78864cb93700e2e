"""An observation source over files: the documented outages, samples, counts,
maintenance and events files (docs/inputs.md), read when asked, all or nothing; the
periods declared complete for the outage records (``--covers``, ``coverage.csv``) and
the obligation events are given with them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from slaledger.adapters.files.coverage import Declared, declare
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.observations import (
    read_counts,
    read_maintenance,
    read_outages,
    read_samples,
)
from slaledger.domain.contract.contract import Contract
from slaledger.domain.coverage import DEFAULT_MIN_COVERAGE
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.obligations.model import Trigger
from slaledger.services.availability import Observations

PathLike = str | Path


@dataclass(frozen=True)
class FileObservations:
    outages: PathLike | None = None
    samples: PathLike | None = None
    counts: PathLike | None = None
    maintenance: PathLike | None = None
    events: PathLike | None = None
    covers: Sequence[Declared] = ()
    min_coverage: Fraction = DEFAULT_MIN_COVERAGE
    contract_events: Sequence[Trigger] = ()

    def observations(
        self,
        contract: Contract,
        *,
        start: int | None = None,
        end: int | None = None,
        now: int | None = None,
    ) -> Observations:
        outages = read_outages(self.outages) if self.outages else None
        found = Observations(
            outages=declare(outages, list(self.covers)),
            samples=read_samples(self.samples) if self.samples else None,
            counts=read_counts(self.counts) if self.counts else None,
            maintenance=read_maintenance(self.maintenance) if self.maintenance else None,
            min_coverage=self.min_coverage,
            contract_events=tuple(self.contract_events),
        )
        return found if now is None else dataclasses.replace(found, now=now)

    def incidents(self, contract: Contract) -> IncidentTable | None:
        return read_events(self.events) if self.events else None
