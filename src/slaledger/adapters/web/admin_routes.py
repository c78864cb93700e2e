"""The administration pages, for provider-admin users only (anyone else: 403): contract
upload and versions, API and feed tokens, the alert settings. Each handler translates
the form to one call of ``AdminSource`` (the store functions the API and ``sla`` use)
and renders a template."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from slaledger.adapters.db.errors import ContractRejected, CustomerChanged, StoreError
from slaledger.adapters.web.admin_settings import settings_view
from slaledger.adapters.web.admin_source import TOKEN_KINDS, AdminSource
from slaledger.adapters.web.messages import problem_text
from slaledger.adapters.web.page import PREFIX, Page, Web
from slaledger.adapters.web.security import csrf_matches

ADMIN_ROLE = "provider-admin"
#: a contract file larger than this is refused before it is read (the service's own
#: body limit still applies on top)
MAX_CONTRACT_BYTES = 2 * 1024 * 1024


def admin_router(
    web: Web, admin: AdminSource, *, environ: Callable[[], Mapping[str, str]] = lambda: os.environ
) -> APIRouter:
    """The pages under ``/dashboard/admin`` (included by ``web_router``); ``environ``
    gives the variables the settings page shows (the process's environment)."""
    router = APIRouter(prefix="/admin")

    @router.get("/")
    def index(request: Request) -> Response:
        page = _admin_page(web, request)
        if isinstance(page, Response):
            return page
        return page.render("admin_index.html", keys=admin.contract_keys())

    @router.api_route("/contracts/upload", methods=["GET", "POST"])
    async def upload(request: Request) -> Response:
        if request.method != "POST":
            return await run_in_threadpool(_upload, web, admin, request, None, None)
        async with request.form() as form:  # closes the uploaded file's spool
            data = await _file_bytes(form)
            return await run_in_threadpool(_upload, web, admin, request, form, data)

    @router.get("/contracts/{key}/versions")
    def versions(request: Request, key: str) -> Response:
        page = _admin_page(web, request)
        if isinstance(page, Response):
            return page
        rows = admin.versions(key)
        if rows is None:
            return page.not_found()
        return page.render("admin_versions.html", key=key, versions=rows)

    @router.get("/tokens")
    def tokens(request: Request, user: str = "") -> Response:
        page = _admin_page(web, request)
        if isinstance(page, Response):
            return page
        return _tokens_page(page, admin, user=user)

    @router.post("/tokens")
    async def create_token(request: Request) -> Response:
        form = await request.form()
        return await run_in_threadpool(_create_token, web, admin, request, form)

    @router.post("/tokens/{kind}/{token_id}/revoke")
    async def revoke_token(request: Request, kind: str, token_id: int) -> Response:
        form = await request.form()
        return await run_in_threadpool(_revoke_token, web, admin, request, form, kind, token_id)

    @router.get("/alerts")
    def alerts(request: Request) -> Response:
        page = _admin_page(web, request)
        if isinstance(page, Response):
            return page
        return page.render("admin_alerts.html", view=settings_view(environ()))

    return router


def _admin_page(web: Web, request: Request) -> Page | Response:
    """The request's page when a provider-admin asks; the login page for a visitor, 403
    for anyone else."""
    page = Page(web, request)
    if page.user is None:
        return page.to_login()
    if page.user.role != ADMIN_ROLE:
        return page.render("admin_forbidden.html", status=403)
    return page


def _posted(web: Web, request: Request, form: FormData) -> Page | Response:
    """As ``_admin_page``, and the form's CSRF token must be the session's."""
    page = _admin_page(web, request)
    if isinstance(page, Response):
        return page
    if not csrf_matches(page.session, _text(form.get("csrf"))):
        return page.render("forbidden.html", status=403)
    return page


async def _file_bytes(form: FormData | None) -> bytes | None:
    """The uploaded contract file's bytes (read on the event loop), at most one byte
    more than the limit; None when no file was sent."""
    upload = form.get("file") if form is not None else None
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return await upload.read(MAX_CONTRACT_BYTES + 1)


def _upload(
    web: Web,
    admin: AdminSource,
    request: Request,
    form: FormData | None,
    data: bytes | None,
) -> Response:
    page = _admin_page(web, request) if form is None else _posted(web, request, form)
    if isinstance(page, Response):
        return page
    if form is None:
        return page.render("admin_upload.html", asked={})
    assert page.user is not None
    upload = form.get("file")
    file_name = upload.filename if isinstance(upload, UploadFile) and upload.filename else ""
    asked = {
        "customer": _text(form.get("customer")).strip(),
        "accept": form.get("accept_lint_errors") == "on",
        "confirm": form.get("confirm_customer_change") == "on",
    }

    def refused(status: int, **context: object) -> Response:
        return page.render(
            "admin_upload.html", status=status, asked=asked, file_name=file_name, **context
        )

    fmt = page.fmt
    if data is None:
        return refused(422, problem=fmt.gettext("Choose a contract file (YAML)."))
    if len(data) > MAX_CONTRACT_BYTES:
        return refused(413, problem=fmt.gettext("The file is too large for a contract file."))
    if not file_name.lower().endswith((".yaml", ".yml")):
        return refused(422, problem=fmt.gettext("Expected a file ending in .yaml or .yml."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return refused(422, problem=fmt.gettext("Expected a UTF-8 text file (YAML)."))
    try:
        uploaded = admin.upload(
            text,
            actor=page.user.email,
            file_name=file_name,
            accept_lint_errors=bool(asked["accept"]),
            customer=str(asked["customer"]) or None,
            confirm_customer_change=bool(asked["confirm"]),
        )
    except CustomerChanged as exc:
        return refused(409, customer_change=(exc.before, exc.after))
    except ContractRejected as exc:
        problems = [problem_text(p, fmt) for p in exc.problems]
        return refused(422, problems=problems, findings=exc.findings)
    except StoreError as exc:  # a control character, an unknown customer...
        return refused(422, problem=str(exc))
    return page.render("admin_upload.html", asked={}, uploaded=uploaded)


def _tokens_page(
    page: Page,
    admin: AdminSource,
    *,
    user: str = "",
    status: int = 200,
    **context: object,
) -> Response:
    return page.render(
        "admin_tokens.html",
        status=status,
        tokens=admin.tokens(user or None),
        users=admin.user_emails(),
        keys=admin.contract_keys(),
        chosen=user,
        kinds=TOKEN_KINDS,
        **context,
    )


def _create_token(web: Web, admin: AdminSource, request: Request, form: FormData) -> Response:
    page = _posted(web, request, form)
    if isinstance(page, Response):
        return page
    assert page.user is not None
    kind, user = _text(form.get("kind")), _text(form.get("user")).strip()
    name, contract = _text(form.get("name")).strip(), _text(form.get("contract")).strip()
    if kind not in TOKEN_KINDS:
        problem = page.fmt.gettext("Kind: expected an API token or a feed token.")
        return _tokens_page(page, admin, status=422, problem=problem)
    if kind == "feed" and not contract:
        problem = page.fmt.gettext("A feed token reads one contract's feed: choose it.")
        return _tokens_page(page, admin, status=422, problem=problem)
    try:
        row, secret = admin.create_token(
            actor=page.user.email,
            kind=kind,
            user=user,
            name=name,
            contract=contract if kind == "feed" else None,
        )
    except StoreError as exc:
        return _tokens_page(page, admin, status=422, problem=str(exc))
    # the secret is shown on this answer only (never stored, never in an address)
    return _tokens_page(page, admin, user=user, created=row, secret=secret)


def _revoke_token(
    web: Web, admin: AdminSource, request: Request, form: FormData, kind: str, token_id: int
) -> Response:
    page = _posted(web, request, form)
    if isinstance(page, Response):
        return page
    assert page.user is not None
    if kind not in TOKEN_KINDS:
        return page.not_found()
    try:
        admin.revoke_token(actor=page.user.email, kind=kind, token_id=token_id)
    except StoreError:
        return page.not_found()
    chosen = _text(form.get("user"))
    target = f"{PREFIX}/admin/tokens" + (f"?{urlencode({'user': chosen})}" if chosen else "")
    return RedirectResponse(target, status_code=303)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
