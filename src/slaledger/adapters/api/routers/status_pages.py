"""A contract's customer status page setting and its tokens (docs/status-page.md): who
may read ``/status/{contract}`` (off, public, protected by a token in its address), set
by a provider-admin; the tokens read that page only and are revocable."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from slaledger.adapters.api.auth import ADMIN, Write
from slaledger.adapters.api.deps import ContractDep, CurrentUser, StoreDep, may_write
from slaledger.adapters.api.problems import forbidden
from slaledger.adapters.db.status_pages import StatusTokenView
from slaledger.domain.message import msg

router = APIRouter(prefix="/api/contracts/{contract_id}/status-page", tags=["status page"])
ADMIN_ONLY = [may_write(Write.STATUS_PAGES)]
Visibility = Literal["off", "public", "protected"]


class StatusPageIn(BaseModel):
    visibility: Visibility


class StatusPagePublic(BaseModel):
    contract: str
    visibility: Visibility
    #: the page's path (a protected page needs ``?token=`` after it); None when off
    path: str | None


class StatusTokenIn(BaseModel):
    name: str = Field(default="", max_length=200)


class StatusTokenPublic(BaseModel):
    id: int
    contract: str
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


class StatusTokenCreated(StatusTokenPublic):
    #: the token and the page's address with it: shown once, never stored
    token: str
    path: str


def _public(token: StatusTokenView) -> StatusTokenPublic:
    return StatusTokenPublic(
        id=token.id, contract=token.contract, name=token.name, prefix=token.prefix,
        created_at=token.created_at, revoked_at=token.revoked_at,
    )  # fmt: skip


def _page(key: str, visibility: str) -> StatusPagePublic:
    path = None if visibility == "off" else f"/status/{key}"
    return StatusPagePublic(contract=key, visibility=visibility, path=path)  # type: ignore[arg-type]


@router.get("", response_model=StatusPagePublic, summary="Who may read the status page")
def get_status_page(store: StoreDep, contract: ContractDep) -> StatusPagePublic:
    return _page(contract.key, store.status_visibility(contract.key))


@router.put(
    "", response_model=StatusPagePublic, dependencies=ADMIN_ONLY,
    summary="Set who may read the status page: off, public or protected (a token)",
)  # fmt: skip
def put_status_page(store: StoreDep, contract: ContractDep, body: StatusPageIn) -> StatusPagePublic:
    return _page(contract.key, store.set_status_visibility(contract.key, body.visibility))


@router.get(
    "/tokens", response_model=list[StatusTokenPublic],
    summary="The status page's tokens (their prefix, never the token); provider-admins only",
)  # fmt: skip
def list_status_tokens(
    store: StoreDep, contract: ContractDep, user: CurrentUser
) -> list[StatusTokenPublic]:
    if user.role != ADMIN:  # the contract is readable (else 404 above): say why not
        raise forbidden(
            msg("problem.forbidden.status-tokens", role=user.role, admin="provider-admin")
        )
    return [_public(t) for t in store.status_tokens(contract.key)]


@router.post(
    "/tokens", response_model=StatusTokenCreated, status_code=status.HTTP_201_CREATED,
    dependencies=ADMIN_ONLY, summary="A token that reads the status page only (shown once)",
)  # fmt: skip
def create_status_token(
    store: StoreDep, contract: ContractDep, body: StatusTokenIn
) -> StatusTokenCreated:
    token, secret = store.create_status_token(contract.key, name=body.name)
    return StatusTokenCreated(
        **_public(token).model_dump(), token=secret, path=f"/status/{contract.key}?token={secret}"
    )


@router.delete(
    "/tokens/{token_id}", response_model=StatusTokenPublic, dependencies=ADMIN_ONLY,
    summary="Revoke a status token: its address stops opening the page at once",
)  # fmt: skip
def revoke_status_token(store: StoreDep, contract: ContractDep, token_id: int) -> StatusTokenPublic:
    return _public(store.revoke_status_token(token_id, key=contract.key))
