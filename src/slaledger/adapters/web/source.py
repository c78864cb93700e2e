"""What the dashboard reads: users and, for each contract a user may see, its data.

``DashboardSource`` is the one interface between the pages and storage. The store-backed
source (``store_source.py``) is the real one; ``MemorySource`` holds records built in
memory (tests, files).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.contract.values import Money
from slaledger.domain.helpdesk.compare import HelpdeskVerdict
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.obligations.model import Trigger
from slaledger.services.availability import Observations
from slaledger.services.fees import FeeBook
from slaledger.services.statement_model import CreditedLine

PROVIDER_ROLES = ("provider-admin", "provider-agent")
CUSTOMER_VIEWER = "customer-viewer"


@dataclass(frozen=True)
class WebUser:
    id: str
    email: str
    role: str
    customer: str | None = None  # the customer a customer-viewer belongs to
    #: changes when the user's password does: a session opened with another stamp is
    #: over (``sla users reset-password`` ends the sessions opened before)
    stamp: str = ""

    @property
    def is_provider(self) -> bool:
        """The provider's people see the contract's lint findings and interpretations and
        may check maintenance windows; a customer-viewer sees its figures only."""
        return self.role in PROVIDER_ROLES

    def may_see(self, customer: str) -> bool:
        """Provider roles see every contract; a customer-viewer only its customer's."""
        if self.role in PROVIDER_ROLES:
            return True
        return self.role == CUSTOMER_VIEWER and self.customer == customer


@dataclass(frozen=True)
class SourceView:
    """A source the service keeps in sync for the contract (docs/sources.md)."""

    key: str
    kind: str
    synced_until: datetime | None
    last_success: datetime | None
    last_attempt: datetime | None
    last_error: str
    failing_since: datetime | None
    runs: int
    facts: int
    #: where it is defined: ``file`` (the sources file), ``api`` (stored through the
    #: API), "" (no longer defined: what it synced stays)
    origin: str = ""
    #: who last defined it (a stored source)
    defined_by: str = ""

    @property
    def never_synced(self) -> bool:
        return self.last_attempt is None


@dataclass(frozen=True)
class ContractRecord:
    """A stored contract and everything recorded under it."""

    key: str  # the contract id, used in addresses
    customer: str
    provider: str
    loaded: LoadedContract
    observations: Observations = field(default_factory=Observations)
    incidents: IncidentTable | None = None
    monthly_fee: Money | None = None  # an explicit fee, above the invoiced fees and prices
    #: the invoiced fees stored for the contract (docs/billing.md)
    fee_book: FeeBook = field(default_factory=FeeBook)
    opened: date | None = None  # service opening, for contract-year figures
    triggers: tuple[Trigger, ...] = ()  # events that start obligations (service opening...)
    sources: tuple[SourceView, ...] = ()  # the synced sources and their state
    #: the helpdesks' own SLA verdicts on its tickets, each with its source (a memory
    #: source's; the store's are read by ``helpdesk_verdicts`` of the source)
    helpdesk_verdicts: tuple[tuple[str, HelpdeskVerdict], ...] = ()
    credit_notes: tuple[CreditedLine, ...] = ()  # issued, listed on their month's statement

    @property
    def title(self) -> str:
        return self.loaded.contract.title


class DashboardSource(Protocol):
    def authenticate(self, email: str, password: str) -> WebUser | None:
        """The active user with these credentials, or None."""

    def user(self, user_id: str) -> WebUser | None: ...

    def contract_keys(self, user: WebUser) -> Sequence[str]:
        """Keys of the contracts the user may see, in display order."""

    def contract(self, user: WebUser, key: str) -> ContractRecord | None:
        """The contract when it exists and the user may see it, else None."""

    def helpdesk_verdicts(self, user: WebUser, key: str) -> tuple[tuple[str, HelpdeskVerdict], ...]:
        """The helpdesks' stored verdicts on the contract's tickets, each with its source
        (read apart from ``contract``: only their page needs them)."""


@dataclass
class MemorySource:
    """Records and users held in memory; passwords checked by a given function."""

    records: dict[str, ContractRecord]
    users: dict[str, tuple[WebUser, str]]  # email -> (user, password)
    check_password: Callable[[str, str], bool] = lambda given, expected: given == expected

    def authenticate(self, email: str, password: str) -> WebUser | None:
        found = self.users.get(email.strip().lower())
        if found is None or not self.check_password(password, found[1]):
            return None
        return found[0]

    def user(self, user_id: str) -> WebUser | None:
        return next((u for u, _ in self.users.values() if u.id == user_id), None)

    def contract_keys(self, user: WebUser) -> Sequence[str]:
        return [k for k, r in sorted(self.records.items()) if user.may_see(r.customer)]

    def contract(self, user: WebUser, key: str) -> ContractRecord | None:
        record = self.records.get(key)
        return record if record is not None and user.may_see(record.customer) else None

    def helpdesk_verdicts(self, user: WebUser, key: str) -> tuple[tuple[str, HelpdeskVerdict], ...]:
        record = self.contract(user, key)
        return record.helpdesk_verdicts if record is not None else ()
