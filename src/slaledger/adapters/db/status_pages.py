"""Each contract's customer status page: who may read it (off, public, protected by a
token) and its tokens, which read that page, its feed and its badge and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from slaledger.adapters.db.errors import NotFound, StoreError
from slaledger.adapters.db.models import STATUS_VISIBILITIES, Contract, StatusPage, StatusToken
from slaledger.adapters.db.security import STATUS_TOKEN_PREFIX, new_token, same_hash, token_hash
from slaledger.adapters.db.unit_of_work import UnitOfWork
from slaledger.domain.message import Items, msg

OFF, PUBLIC, PROTECTED = STATUS_VISIBILITIES


@dataclass(frozen=True)
class StatusTokenView:
    id: int
    contract: str
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


def token_view(token: StatusToken) -> StatusTokenView:
    return StatusTokenView(
        token.id, token.contract.key, token.name, token.prefix, token.created_at,
        token.revoked_at,
    )  # fmt: skip


class StatusPagesStore(UnitOfWork):
    """The status pages part of the Store (its writes audited like every other)."""

    def _status_contract(self, key: str) -> Contract:
        found = self.session.scalar(select(Contract).where(Contract.key == key))
        if found is None:
            raise NotFound(msg("store.no-contract", key=key))
        return found

    def status_visibility(self, key: str) -> str:
        """``off`` (no page, the default), ``public`` or ``protected``."""
        contract = self._status_contract(key)
        row = self.session.scalar(select(StatusPage).where(StatusPage.contract_id == contract.id))
        return OFF if row is None else row.visibility

    def set_status_visibility(self, key: str, visibility: str) -> str:
        """Set who may read the contract's status page (audited when it changes)."""
        if visibility not in STATUS_VISIBILITIES:
            raise StoreError(
                msg(
                    "store.expected-one-of",
                    field="visibility",
                    choices=Items(STATUS_VISIBILITIES, "comma"),
                    found=repr(visibility),
                )
            )
        contract = self._status_contract(key)
        row = self.session.scalar(select(StatusPage).where(StatusPage.contract_id == contract.id))
        before = OFF if row is None else row.visibility
        if before == visibility:
            return visibility
        if row is None:
            row = StatusPage(contract=contract, visibility=visibility, updated_at=self.clock())
            self.session.add(row)
        else:
            row.visibility, row.updated_at = visibility, self.clock()
        self.session.flush()
        self.append_audit(
            "update", "status_page", row.id,
            {"contract": key, "visibility": visibility, "before": before},
        )  # fmt: skip
        return visibility

    def create_status_token(self, key: str, *, name: str = "") -> tuple[StatusTokenView, str]:
        """A token reading the contract's status page only: its row, and the token
        (shown once)."""
        contract = self._status_contract(key)
        secret = new_token(STATUS_TOKEN_PREFIX)
        token = StatusToken(
            contract=contract, name=name, token_hash=token_hash(secret),
            prefix=secret[:8], created_at=self.clock(),
        )  # fmt: skip
        self.session.add(token)
        self.session.flush()
        self.append_audit("create", "status_token", token.id, {"contract": key, "name": name})
        return token_view(token), secret

    def status_tokens(self, key: str | None = None) -> list[StatusTokenView]:
        query = select(StatusToken).order_by(StatusToken.id)
        if key is not None:
            query = query.where(StatusToken.contract_id == self._status_contract(key).id)
        return [token_view(t) for t in self.session.scalars(query)]

    def revoke_status_token(self, token_id: int, *, key: str | None = None) -> StatusTokenView:
        """Revoke the token (audited once); with ``key``, only one of that contract's."""
        token = self.session.get(StatusToken, token_id)
        if token is None or (key is not None and token.contract.key != key):
            raise NotFound(msg("store.no-status-token", id=str(token_id)))
        if token.revoked_at is None:
            token.revoked_at = self.clock()
            self.session.flush()
            self.append_audit("revoke", "status_token", token.id, {"contract": token.contract.key})
        return token_view(token)

    def may_read_status(self, key: str, secret: str | None) -> bool:
        """Whether the contract's status page may be shown to a reader holding
        ``secret`` (None: no token): a public page to anyone, a protected one to the
        holder of one of its unrevoked tokens, a page that is off to nobody."""
        visibility = self.status_visibility(key)
        if visibility == PUBLIC:
            return True
        if visibility != PROTECTED or not secret or not secret.startswith(STATUS_TOKEN_PREFIX):
            return False
        digest = token_hash(secret)
        token = self.session.scalar(
            select(StatusToken).where(
                StatusToken.token_hash == digest, StatusToken.revoked_at.is_(None)
            )
        )
        return (
            token is not None and same_hash(token.token_hash, digest) and token.contract.key == key
        )
