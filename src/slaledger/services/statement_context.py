"""What every section of a statement is computed from: the contract, the month, its
zone, calendars and observations, the service's opening; and the instants in the zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from slaledger.domain.availability import Measure
from slaledger.domain.contract.availability import Availability
from slaledger.domain.contract.contract import Contract
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    AvailabilityError,
    Observations,
    availability_for_month,
)
from slaledger.services.incidents import CalendarFor

#: months of availability history shown with each service (the chart)
HISTORY_MONTHS = 12


@dataclass(frozen=True)
class StatementContext:
    contract: Contract
    month: Month
    zone: ZoneInfo
    calendars: CalendarFor
    observations: Observations
    opened: date | None
    #: figures computed so far, by (service, month): the availability section, its
    #: history and the credit lines read the same months (an error is kept as raised)
    _figures: dict[tuple[str | None, Month], Measure | AvailabilityError] = field(
        default_factory=dict, compare=False, repr=False
    )

    def figure(self, clause: Availability, month: Month) -> Measure:
        """The clause's availability figure for the period ending with ``month``
        (computed once per statement)."""
        key = (clause.service, month)
        if key not in self._figures:
            try:
                self._figures[key] = availability_for_month(
                    contract=self.contract,
                    month=month,
                    observations=self.observations,
                    calendars=self.calendars,
                    service=clause.service,
                    opened=self.opened,
                )
            except AvailabilityError as exc:
                self._figures[key] = exc
        found = self._figures[key]
        if isinstance(found, AvailabilityError):
            raise found
        return found

    def history(self) -> list[Month]:
        """The months of the history, oldest first, ending with the statement's."""
        return [self.month.shift(-back) for back in range(HISTORY_MONTHS - 1, -1, -1)]

    def local(self, epoch: int) -> datetime:
        return local(epoch, self.zone)

    def maybe_local(self, epoch: int | None) -> datetime | None:
        return None if epoch is None else local(epoch, self.zone)


def local(epoch: int, zone: ZoneInfo) -> datetime:
    """The instant ``epoch`` as an aware datetime in ``zone``."""
    return datetime.fromtimestamp(epoch, UTC).astimezone(zone)
