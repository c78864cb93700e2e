"""Credit claims and credit notes in the store (tables ``credit_claim``, ``credit_note``).

The rules (may this month be claimed, may this grant be made) are
``domain.claims``'s; this part only writes what was decided, each step with its audit
entry. A credit note's number is ``CN-<year>-<seq>``, ``seq`` counting from 1 per
provider and year of issue: it is drawn while holding the audit chain's lock (the
PostgreSQL advisory lock, SQLite's write lock), so two grants at once never draw the
same number nor leave a gap; the unique (provider, year, seq) is the last guard.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from slaledger.adapters.db import audit
from slaledger.adapters.db.errors import NotFound, StoreError
from slaledger.adapters.db.models import Contract, CreditClaim, CreditNote
from slaledger.adapters.db.unit_of_work import UnitOfWork, add_or_refuse
from slaledger.domain.claims import ClaimState, Decision
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.message import msg

NOTE_PREFIX = "CN"


class ClaimsStore(UnitOfWork):
    """The credit claims part of the Store."""

    def loaded_contract(self, key: str, *, at: datetime | None = None) -> LoadedContract:
        raise NotImplementedError  # pragma: no cover - the Store's (a mixin's declaration)

    def add_claim(
        self,
        contract: Contract,
        *,
        service: str,
        month: str,
        unit: str,
        percent: Decimal | None = None,
        days: Decimal | None = None,
        deadline: datetime | None = None,
        amount: Decimal | None = None,
        currency: str | None = None,
        note: str = "",
        state: ClaimState = ClaimState.REQUESTED,
        at: datetime | None = None,
    ) -> CreditClaim:
        """Record the claim of ``service``'s credit for ``month`` (checked beforehand by
        ``domain.claims.check_claim``); a second claim of the month raises StoreError.
        ``state`` GRANTED is not given here: a grant goes through ``record_decision``.
        ``at``: when it was claimed by the service's clock (default: the store's)."""
        claim = CreditClaim(
            contract=contract,
            service=service,
            month=month,
            unit=unit,
            percent=percent,
            days=days,
            deadline=deadline,
            amount=amount,
            currency=currency,
            status=state.value,
            claimed_at=at or self.clock(),
            claimed_by=self.actor,
            note=note,
            reason="",
        )
        add_or_refuse(
            self.session,
            claim,
            msg("store.claimed-already", field="month", service=service, month=month),
        )
        self.append_audit(
            "create",
            "credit_claim",
            claim.id,
            {"contract": contract.key, "service": service, "month": month, "unit": unit}
            | {"percent": percent, "days": days, "deadline": deadline, "status": state.value},
        )
        return claim

    def record_decision(
        self, claim: CreditClaim, decision: Decision, *, at: datetime | None = None
    ) -> CreditNote | None:
        """Write the provider's decision on ``claim`` (checked by
        ``domain.claims.check_decision``); a grant issues the next credit note, of the
        year of ``at`` (the service's clock; default: the store's)."""
        if claim.status != ClaimState.REQUESTED.value:
            raise StoreError(msg("store.claim-not-pending", field="claim", found=claim.status))
        claim.status = decision.state.value
        claim.granted = decision.granted
        claim.reason = decision.reason
        claim.decided_at = at or self.clock()
        claim.decided_by = self.actor
        self.session.flush()
        self.append_audit(
            "update",
            "credit_claim",
            claim.id,
            {"contract": claim.contract.key, "month": claim.month, "status": claim.status}
            | {"granted": decision.granted, "reason": decision.reason, "partial": decision.partial},
        )
        if decision.state is not ClaimState.GRANTED:
            return None
        return self._issue_note(claim, claim.decided_at)

    def _issue_note(self, claim: CreditClaim, issued: datetime) -> CreditNote:
        audit.lock_chain(self.session)  # no other writer draws a number meanwhile
        # the year of issue where the contract lives: a grant in Paris at 00:30 on 1 January
        # is of the new year, though still 31 December in UTC
        zone = ZoneInfo(self.loaded_contract(claim.contract.key).contract.timezone)
        year = issued.astimezone(zone).year
        provider = claim.contract.provider_id
        last = self.session.scalar(
            select(func.max(CreditNote.seq)).where(
                CreditNote.provider_id == provider, CreditNote.year == year
            )
        )
        seq = (last or 0) + 1
        note = CreditNote(
            provider_id=provider,
            claim=claim,
            year=year,
            seq=seq,
            number=f"{NOTE_PREFIX}-{year}-{seq:04d}",
            issued_at=issued,
            issued_by=self.actor,
        )
        add_or_refuse(self.session, note, msg("store.note-twice", year=str(year), seq=str(seq)))
        self.append_audit(
            "create",
            "credit_note",
            note.id,
            {"number": note.number, "claim": claim.id, "contract": claim.contract.key}
            | {"month": claim.month, "granted": claim.granted},
        )
        return note

    def claim(self, claim_id: int) -> CreditClaim:
        found = self.session.get(CreditClaim, claim_id)
        if found is None:
            raise NotFound(msg("store.no-claim", id=str(claim_id)))
        return found

    def claim_of(self, contract: Contract, service: str, month: str) -> CreditClaim | None:
        """The claim of the service's credit for ``month``, if any."""
        return self.session.scalar(
            select(CreditClaim).where(
                CreditClaim.contract_id == contract.id,
                CreditClaim.service == service,
                CreditClaim.month == month,
            )
        )

    def note_of(self, claim: CreditClaim) -> CreditNote | None:
        return self.session.scalar(select(CreditNote).where(CreditNote.claim_id == claim.id))

    def claims(self, contract: Contract | None = None) -> list[CreditClaim]:
        """The claims (of ``contract`` when given), by contract, month and service."""
        query = select(CreditClaim).order_by(
            CreditClaim.contract_id, CreditClaim.month, CreditClaim.service
        )
        if contract is not None:
            query = query.where(CreditClaim.contract_id == contract.id)
        return list(self.session.scalars(query))

    def credit_notes(self, contract: Contract) -> list[CreditNote]:
        """The contract's credit notes, in the order they were issued."""
        query = (
            select(CreditNote)
            .join(CreditClaim, CreditNote.claim_id == CreditClaim.id)
            .where(CreditClaim.contract_id == contract.id)
            .order_by(CreditNote.issued_at, CreditNote.id)
        )
        return list(self.session.scalars(query))
