"""The claim notices' view of the database (``services/claim_notices.ClaimNoticeStore``):
each contract's credits of the last twelve months and where they stand
(``claim_flow.claim_book``), its customer's contacts, its own alert settings, and the
notices already delivered (table ``claim_notice``); each delivery committed at once with
its audit entry (a crash after a send loses at most that one record)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from slaledger.adapters.db.claim_flow import claim_book
from slaledger.adapters.db.errors import NotFound
from slaledger.adapters.db.loaders import opening_date
from slaledger.adapters.db.models import ClaimNotice
from slaledger.adapters.db.store import Store
from slaledger.adapters.db.unit_of_work import record_delivery_once
from slaledger.adapters.notify.statement_mail import recipients
from slaledger.bootstrap import contract_calendars
from slaledger.services.claim_notices import WatchedCredits

LANGUAGES = ("fr", "en")


class StoreClaimNotices:
    """``ClaimNoticeStore`` on a Store (one session)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.session = store.session

    def watched_credits(self, *, now: datetime) -> Sequence[WatchedCredits]:
        found = []
        for contract in self.store.contracts():
            try:
                terms = self.store.loaded_contract(contract.key).contract
            except NotFound:  # pragma: no cover - a stored contract has a version
                continue
            rows = claim_book(
                self.store, contract, terms, calendars=contract_calendars(terms), now=now,
                opened=opening_date(contract),
            )  # fmt: skip
            if not rows:
                continue
            claims = self.store.claims(contract)
            sent = self.session.execute(
                select(ClaimNotice.service, ClaimNotice.month, ClaimNotice.kind,
                       ClaimNotice.channel).where(ClaimNotice.contract_id == contract.id)
            ).all()  # fmt: skip
            languages = (terms.language, *(x for x in LANGUAGES if x != terms.language))
            found.append(
                WatchedCredits(
                    contract=contract.key,
                    title=terms.title,
                    timezone=terms.timezone,
                    rows=rows,
                    claimed_at={(c.service, c.month): c.claimed_at for c in claims},
                    contacts=recipients(self.store, contract),
                    languages=tuple(x for x in languages if x in LANGUAGES) or LANGUAGES,
                    settings=self.store.alert_settings_by_contract([contract.id]).get(contract.id),
                    delivered=frozenset((s, m, k, c) for s, m, k, c in sent),
                )
            )
        return found

    def record_claim_notice(
        self, contract: str, *, service: str, month: str, kind: str, channel: str, sent_at: datetime
    ) -> bool:
        row = self.store.contract(contract)
        delivery = ClaimNotice(
            contract_id=row.id,
            service=service,
            month=month,
            kind=kind,
            channel=channel[:200],
            sent_at=sent_at,
        )
        return record_delivery_once(
            self.store,
            delivery,
            "claim_notice",
            {"contract": contract, "service": service, "month": month}
            | {"kind": kind, "channel": channel},
        )
