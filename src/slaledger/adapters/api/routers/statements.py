"""Monthly statements: JSON, HTML or PDF, in French or English (services/statements.py
builds them, fed from storage by adapters/db/statements.py; adapters/reports/statement
renders them; adapters/db/statement_cache.py keeps a complete month's rendering until
the audit chain moves)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from slaledger.adapters.api.auth import VIEWER
from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import ContractDep, CurrentUser, LoadedDep, StoreDep
from slaledger.adapters.api.hardening import document_policy
from slaledger.adapters.api.params import MONTH_PATTERN, FeeQuery, fee_param, parse_month
from slaledger.adapters.db.statement_cache import rendered_statement

router = APIRouter(
    prefix="/api/contracts/{contract_id}", tags=["statements"], dependencies=[EXPENSIVE]
)
MEDIA = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


@router.get(
    "/statements/{month}",
    summary="The statement of a month (JSON, HTML or PDF; French or English)",
    response_class=Response,
    responses={
        200: {
            "content": {
                "application/json": {},
                "text/html": {},
                "application/pdf": {},
            }
        }
    },
)
def statement(
    user: CurrentUser,
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    month: Annotated[str, Path(pattern=MONTH_PATTERN, description="YYYY-MM")],
    format: Annotated[Literal["json", "html", "pdf"], Query()] = "json",
    lang: Annotated[
        Literal["fr", "en"] | None, Query(description="default: the contract's")
    ] = None,
    fee: FeeQuery = None,
) -> Response:
    language = lang or ("fr" if loaded.contract.language == "fr" else "en")
    # a customer's statement leaves out the linter's findings (the provider's notes)
    audience = "customer" if user.role == VIEWER else "provider"
    body = rendered_statement(
        store,
        contract,
        month=parse_month(month),
        loaded=loaded,
        fee=fee_param(fee),
        audience=audience,
        language=language,
        format=format,
    )
    name = f"{contract.key}-{month}-{language}.{format}"
    headers = {"Content-Disposition": f'inline; filename="{name}"'}
    if format == "html":  # its stylesheet is inside: allowed by its digest
        headers["Content-Security-Policy"] = document_policy(body)
    return Response(body, media_type=MEDIA[format], headers=headers)
