"""Who is calling, and what the role allows.

Bearer API tokens are checked against their stored hash by the Store. Roles:
``provider-admin`` does everything; ``provider-agent`` reads everything and writes
incidents, events, outages, maintenance windows and request counts; ``customer-viewer``
reads its own customer's contracts and everything under them. For a customer viewer,
anything else — another customer's contract, or any write — answers 404, exactly like
an id that does not exist, so that a token learns nothing about other tenants.

A token's own limits come on top (issue #20 part 4): a ``read`` token writes nothing
(403); a token restricted to contracts sees no other contract (404, as above) and no
cross-contract resource (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from slaledger.adapters.api.problems import ProblemError, forbidden, not_found, title
from slaledger.adapters.db.models import ApiToken, Contract, User
from slaledger.domain.message import Message, Text, msg
from slaledger.domain.token_rules import may_see

ADMIN = "provider-admin"
AGENT = "provider-agent"
VIEWER = "customer-viewer"


class Write(Enum):
    """What a write touches: agents may write the operational records, not the rest."""

    CONTRACTS = "contracts"
    INCIDENTS = "incidents"
    OUTAGES = "outages"
    MAINTENANCE = "maintenance"
    COUNTS = "counts"
    INVOICES = "invoices"
    EVENTS = "obligation events"
    STATUS_PAGES = "status pages"


AGENT_WRITES = frozenset({Write.INCIDENTS, Write.OUTAGES, Write.MAINTENANCE, Write.COUNTS})


@dataclass(frozen=True)
class Principal:
    """The caller: a user's e-mail, role and (for a customer viewer) customer id; the
    token's limits: ``read_only``, ``contracts`` (empty: no restriction)."""

    email: str
    role: str
    customer_id: int | None
    customer: str | None
    read_only: bool = False
    contracts: tuple[str, ...] = ()

    @classmethod
    def of(cls, user: User, token: ApiToken | None = None) -> Principal:
        return cls(
            email=user.email,
            role=user.role,
            customer_id=user.customer_id,
            customer=user.customer.name if user.customer is not None else None,
            read_only=token is not None and token.scope == "read",
            contracts=token.contract_keys if token is not None else (),
        )

    def check_unrestricted(self, what: Message) -> None:
        """403 for a token restricted to contracts: ``what`` spans every contract."""
        if self.contracts:
            raise forbidden(msg("problem.forbidden.restricted-read", what=what))

    @property
    def is_viewer(self) -> bool:
        return self.role == VIEWER

    def may_read(self, contract: Contract) -> bool:
        if not may_see(self.contracts, contract.key):
            return False
        if self.role in (ADMIN, AGENT):
            return True
        return self.is_viewer and contract.customer_id == self.customer_id

    def check_read(self, contract: Contract) -> None:
        """404 for a contract the caller may not see (as if it did not exist)."""
        if not self.may_read(contract):
            raise not_found("contract", contract.key)

    def check_write(self, what: Write, *, resource: str) -> None:
        """404 for a customer viewer (it may only read), 403 for an agent's admin write,
        for a read-only token, and for a new contract by a contract-restricted token."""
        if self.read_only and not self.is_viewer:
            raise forbidden(msg("problem.forbidden.read-only", scope="read"))
        if self.contracts and what is Write.CONTRACTS and not self.is_viewer:
            raise forbidden(msg("problem.forbidden.restricted-upload"))
        if self.role == ADMIN:
            return
        if self.role == AGENT and what in AGENT_WRITES:
            return
        if self.is_viewer or self.role not in (ADMIN, AGENT):
            raise not_found("resource", resource)
        raise forbidden(msg("problem.forbidden.write", role=self.role, what=what.value))


#: how a request gives its token, named in the 401 that asks for one
BEARER_HEADER = "Authorization: Bearer TOKEN"


def unauthorized(detail: Text) -> ProblemError:
    return ProblemError(
        401,
        "unauthorized",
        title(401),
        detail,
        headers={"WWW-Authenticate": 'Bearer realm="slaledger"'},
    )


def provider_only(user: Principal, what: Message) -> None:
    """Refuse a customer viewer: ``what`` is the provider's (lint findings and
    interpretations are the provider's notes, issue #19 part 5)."""
    if user.is_viewer:
        raise forbidden(msg("problem.forbidden.provider-only", what=what))
