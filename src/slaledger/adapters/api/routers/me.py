"""Who the token belongs to."""

from __future__ import annotations

from fastapi import APIRouter

from slaledger.adapters.api.deps import CurrentUser
from slaledger.adapters.api.schemas import Me

router = APIRouter(prefix="/api", tags=["auth"])


@router.get("/me", response_model=Me, summary="The caller: e-mail, role, customer")
def me(user: CurrentUser) -> Me:
    return Me(user=user.email, role=user.role, customer=user.customer)
