"""Contracts: list, read, upload a new version (refused on error-severity lint findings),
versions, lint findings, services."""

from __future__ import annotations

from typing import Annotated

import yaml
from fastapi import APIRouter, File, Query, Request, UploadFile, status

from slaledger.adapters.api.auth import Write, provider_only
from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import (
    ContractDep,
    CurrentUser,
    LanguageDep,
    LoadedDep,
    PagingDep,
    StoreDep,
    may_write,
)
from slaledger.adapters.api.pagination import Page
from slaledger.adapters.api.presenters import (
    contract_public,
    finding_public,
    version_public,
)
from slaledger.adapters.api.problems import invalid
from slaledger.adapters.api.schemas import (
    ContractPublic,
    ContractUploaded,
    FindingPublic,
    ServicePublic,
    VersionPublic,
)
from slaledger.adapters.api.terms import TermsCache
from slaledger.adapters.db.models import Contract
from slaledger.adapters.db.store import Store
from slaledger.domain.lint import lint_contract
from slaledger.domain.message import msg

router = APIRouter(prefix="/api/contracts", tags=["contracts"])


def _public(request: Request, store: Store, row: Contract) -> ContractPublic:
    cache: TermsCache = request.app.state.terms
    terms = cache.loaded(store, row).contract
    return contract_public(row, store.latest_version(row), terms.timezone, terms.language)


@router.get("", response_model=Page[ContractPublic], summary="Contracts the caller may see")
def list_contracts(
    request: Request, store: StoreDep, user: CurrentUser, paging: PagingDep
) -> Page[ContractPublic]:
    rows = store.contracts(customer_id=user.customer_id if user.is_viewer else None)
    if user.is_viewer and user.customer_id is None:
        rows = []
    rows = [row for row in rows if user.may_read(row)]  # a token's contracts only
    items = [_public(request, store, row) for row in paging.slice(rows)]
    return paging.page(request, items, len(rows))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ContractUploaded,
    summary="Upload a contract file (YAML): a new contract or a new version",
    responses={
        409: {"description": "a new version names another customer, not confirmed"},
        422: {"description": "the file does not load, or lints with errors"},
    },
    dependencies=[EXPENSIVE, may_write(Write.CONTRACTS)],
)
def upload_contract(
    request: Request,
    store: StoreDep,
    file: Annotated[UploadFile, File(description="the contract file, YAML")],
    accept_lint_errors: Annotated[
        bool,
        Query(
            description="store the file although the linter finds errors in it (the "
            "errors are recorded in the audit log with the version); default: refused"
        ),
    ] = False,
    customer: Annotated[
        str | None,
        Query(
            description="the customer account a new contract belongs to (default: its "
            "customer party's name)",
            min_length=1,
            max_length=200,
        ),
    ] = None,
    confirm_customer_change: Annotated[
        bool,
        Query(description="store a new version even if it names another customer"),
    ] = False,
) -> ContractUploaded:
    data = file.file.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid(
            "file", msg("problem.expected.utf8-yaml"), "bytes that are not UTF-8"
        ) from None
    try:
        version = store.upload_contract(
            text,
            file_name=file.filename or "contract.yaml",
            accept_lint_errors=accept_lint_errors,
            customer=customer,
            confirm_customer_change=confirm_customer_change,
        )
    except yaml.YAMLError as exc:
        # the YAML reader lets a few errors through (control characters): same answer
        raise invalid("file", msg("problem.expected.yaml"), " ".join(str(exc).split())) from None
    loaded = store.loaded_contract(version.contract.key)
    findings = lint_contract(loaded.contract, loaded.lines)
    return ContractUploaded(
        contract=_public(request, store, version.contract),
        version=version_public(version),
        findings=[finding_public(f) for f in findings],
    )


@router.get("/{contract_id}", response_model=ContractPublic, summary="One contract")
def get_contract(request: Request, store: StoreDep, contract: ContractDep) -> ContractPublic:
    return _public(request, store, contract)


@router.get(
    "/{contract_id}/versions",
    response_model=Page[VersionPublic],
    summary="The uploaded versions of a contract, oldest first",
)
def list_versions(
    request: Request, contract: ContractDep, paging: PagingDep
) -> Page[VersionPublic]:
    versions = [version_public(v) for v in contract.versions]
    return paging.page(request, paging.slice(versions), len(versions))


@router.get(
    "/{contract_id}/lint",
    response_model=list[FindingPublic],
    summary="Lint findings of the latest version (the provider's: refused to customer viewers)",
)
def lint(loaded: LoadedDep, user: CurrentUser, language: LanguageDep) -> list[FindingPublic]:
    """Messages in the Accept-Language's fr or en (English by default)."""
    # after the contract: another customer's viewer gets its 404 first, as on every route
    provider_only(user, msg("problem.what.lint"))
    return [finding_public(f, language) for f in lint_contract(loaded.contract, loaded.lines)]


@router.get(
    "/{contract_id}/services",
    response_model=list[ServicePublic],
    tags=["services"],
    summary="The contract's services",
)
def list_services(request: Request, store: StoreDep, contract: ContractDep) -> list[ServicePublic]:
    return _public(request, store, contract).services
