"""What the dashboard's claims page reads and writes: a contract's stored claims with
their credit notes, a customer's claim, a provider's decision. The steps are
``adapters/db/claim_flow``'s (the ones the API's claims router takes), each write in
its own transaction and audited under the signed-in user's e-mail.

``ClaimsSource`` is the interface the page uses; ``StoreClaims`` the store-backed one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.claim_flow import MonthCredit, decide_credit, file_claim, month_credit
from slaledger.adapters.db.loaders import opening_date
from slaledger.adapters.db.models import Contract, CreditClaim, CreditNote
from slaledger.adapters.db.store import Store
from slaledger.bootstrap import contract_calendars
from slaledger.domain.contract.contract import Contract as Terms
from slaledger.domain.periods import Month


@dataclass(frozen=True)
class StoredClaim:
    """A stored claim as the page shows it, with its credit note's number."""

    service: str
    month: str
    status: str
    unit: str | None
    claimed_at: datetime
    claimed_by: str
    granted: Decimal | None
    reason: str
    decided_at: datetime | None
    decided_by: str | None
    note_number: str | None
    note_issued_at: datetime | None


class ClaimsSource(Protocol):
    def stored(self, key: str) -> Mapping[tuple[str, str], StoredClaim]:
        """The contract's claims by (service, month)."""

    def claim(self, *, actor: str, key: str, month: Month, note: str, at: datetime) -> None:
        """Claim the month's credit (``claim_flow.file_claim``); raises as it does."""

    def decide(
        self,
        *,
        actor: str,
        key: str,
        month: Month,
        decision: str,
        granted: Decimal | None,
        reason: str,
        at: datetime,
    ) -> str | None:
        """Decide the month's claim (``claim_flow.decide_credit``); the credit note's
        number of a grant."""


class StoreClaims:
    """``ClaimsSource`` over the service's database."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory

    def stored(self, key: str) -> Mapping[tuple[str, str], StoredClaim]:
        with self.factory() as session:
            store = Store(session)
            return {
                (c.service, c.month): stored_claim(c, store.note_of(c))
                for c in store.claims(store.contract(key))
            }

    def claim(self, *, actor: str, key: str, month: Month, note: str, at: datetime) -> None:
        with Store.transaction(self.factory, actor=actor) as store:
            contract, terms, credit = _credit(store, key, month, at)
            file_claim(store, contract, terms, credit, service=None, note=note, now=at)

    def decide(
        self,
        *,
        actor: str,
        key: str,
        month: Month,
        decision: str,
        granted: Decimal | None,
        reason: str,
        at: datetime,
    ) -> str | None:
        with Store.transaction(self.factory, actor=actor) as store:
            contract, terms, credit = _credit(store, key, month, at)
            _claim, note = decide_credit(
                store, contract, terms, credit, service=None, decision=decision,
                granted=granted, reason=reason, now=at,
            )  # fmt: skip
            return None if note is None else note.number


def _credit(
    store: Store, key: str, month: Month, at: datetime
) -> tuple[Contract, Terms, MonthCredit]:
    """The contract, its latest terms and the month's credit of its default service."""
    contract = store.contract(key)
    terms = store.loaded_contract(key).contract
    credit = month_credit(
        store, contract, terms, calendars=contract_calendars(terms), month=month,
        service=None, now=at, opened=opening_date(contract),
    )  # fmt: skip
    return contract, terms, credit


def stored_claim(claim: CreditClaim, note: CreditNote | None) -> StoredClaim:
    return StoredClaim(
        service=claim.service,
        month=claim.month,
        status=claim.status,
        unit=claim.unit,
        claimed_at=claim.claimed_at,
        claimed_by=claim.claimed_by,
        granted=claim.granted,
        reason=claim.reason,
        decided_at=claim.decided_at,
        decided_by=claim.decided_by,
        note_number=None if note is None else note.number,
        note_issued_at=None if note is None else note.issued_at,
    )
