"""The administration pages, for provider-admin users only (anyone else: 403): contract
upload and versions, API and feed tokens, the alert settings (``admin_alerts.py``). Each
handler translates the form to one call of ``AdminSource`` (the store functions the API
and ``sla`` use) and renders a template; a form that succeeds in changing something
answers 303 (POST/redirect/GET), but the upload, whose answer is its report."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from slaledger.adapters.db.errors import ContractRejected, CustomerChanged, NotFound, StoreError
from slaledger.adapters.files.limits import MAX_DOCUMENT_BYTES
from slaledger.adapters.web.admin_alerts import add_alert_routes
from slaledger.adapters.web.admin_guard import admin_page, field_text, posted
from slaledger.adapters.web.admin_source import TOKEN_KINDS, AdminSource
from slaledger.adapters.web.messages import problem_text
from slaledger.adapters.web.page import PREFIX, Page, Web

#: the flash of a token just created (its secret waits in ``Web.secrets``)
TOKEN_CREATED = "token-created"


def admin_router(
    web: Web, admin: AdminSource, *, environ: Callable[[], Mapping[str, str]] = lambda: os.environ
) -> APIRouter:
    """The pages under ``/dashboard/admin`` (included by ``web_router``); ``environ``
    gives the variables the settings page shows (the process's environment)."""
    router = APIRouter(prefix="/admin")

    @router.get("/")
    def index(request: Request) -> Response:
        page = admin_page(web, request)
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
        page = admin_page(web, request)
        if isinstance(page, Response):
            return page
        rows = admin.versions(key)
        if rows is None:
            return page.not_found()
        return page.render("admin_versions.html", key=key, versions=rows)

    @router.get("/tokens")
    def tokens(request: Request, user: str = "") -> Response:
        page = admin_page(web, request)
        if isinstance(page, Response):
            return page
        flash = page.take_flash()
        created, secret, gone = None, None, False
        if flash.get("message") == TOKEN_CREATED:
            # right after the creation's redirect: the secret, this once only
            kept = web.secrets.take(flash.get("secret", ""))
            if kept is None:
                gone = True
            else:
                created, secret = kept
        response = _tokens_page(
            page, admin, user=user, created=created, secret=secret, secret_gone=gone
        )
        response.headers["Cache-Control"] = "no-store"  # never a secret from a cache
        return response

    @router.post("/tokens")
    async def create_token(request: Request) -> Response:
        form = await request.form()
        return await run_in_threadpool(_create_token, web, admin, request, form)

    @router.post("/tokens/api/{token_id}/rotate")
    async def rotate_token(request: Request, token_id: int) -> Response:
        form = await request.form()
        return await run_in_threadpool(_rotate_token, web, admin, request, form, token_id)

    @router.post("/tokens/{kind}/{token_id}/revoke")
    async def revoke_token(request: Request, kind: str, token_id: int) -> Response:
        form = await request.form()
        return await run_in_threadpool(_revoke_token, web, admin, request, form, kind, token_id)

    add_alert_routes(router, web, admin, environ)
    return router


async def _file_bytes(form: FormData | None) -> bytes | None:
    """The uploaded contract file's bytes (read on the event loop), at most one byte
    more than the limit; None when no file was sent."""
    upload = form.get("file") if form is not None else None
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return await upload.read(MAX_DOCUMENT_BYTES.value() + 1)


def _upload(
    web: Web,
    admin: AdminSource,
    request: Request,
    form: FormData | None,
    data: bytes | None,
) -> Response:
    page = admin_page(web, request) if form is None else posted(web, request, form)
    if isinstance(page, Response):
        return page
    if form is None:
        return page.render("admin_upload.html", asked={})
    assert page.user is not None
    upload = form.get("file")
    file_name = upload.filename if isinstance(upload, UploadFile) and upload.filename else ""
    asked = {
        "customer": field_text(form.get("customer")).strip(),
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
    limit = MAX_DOCUMENT_BYTES.value()
    if len(data) > limit:
        too_large = fmt.gettext(
            "{file}: expected at most {limit} bytes (the limit {variable}; set it higher to allow more), found more than {limit} bytes."  # noqa: E501
        ).format(file=file_name, limit=fmt.number(limit, 0), variable=MAX_DOCUMENT_BYTES.variable)
        return refused(413, problem=too_large)
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
        return refused(422, problem=page.fmt.say(exc.message))
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
    page = posted(web, request, form)
    if isinstance(page, Response):
        return page
    assert page.user is not None
    kind, user = field_text(form.get("kind")), field_text(form.get("user")).strip()
    name, contract = field_text(form.get("name")).strip(), field_text(form.get("contract")).strip()
    if kind not in TOKEN_KINDS:
        problem = page.fmt.gettext("Kind: expected an API token or a feed token.")
        return _tokens_page(page, admin, status=422, problem=problem)
    if kind == "feed" and not contract:
        problem = page.fmt.gettext("A feed token reads one contract's feed: choose it.")
        return _tokens_page(page, admin, status=422, problem=problem)
    days_text = field_text(form.get("days")).strip()
    if days_text and not days_text.isdigit():
        problem = page.fmt.gettext("Days: expected a whole number of days, found %(found)s.")
        return _tokens_page(page, admin, status=422, problem=problem % {"found": days_text})
    try:
        row, secret = admin.create_token(
            actor=page.user.email,
            kind=kind,
            user=user,
            name=name,
            contract=contract if kind == "feed" else None,
            scope=field_text(form.get("scope")) or "write",
            days=int(days_text) if days_text else None,
            contracts=tuple(field_text(v) for v in form.getlist("contracts") if field_text(v)),
        )
    except StoreError as exc:
        return _tokens_page(page, admin, status=422, problem=page.fmt.say(exc.message))
    # POST/redirect/GET: the secret waits in memory (never stored, never in an address
    # or a cookie) for the page the redirect opens, which shows it once
    reference = web.secrets.put((row, secret))
    return page.redirect(
        _tokens_address(user), flash={"message": TOKEN_CREATED, "secret": reference}
    )


def _rotate_token(
    web: Web, admin: AdminSource, request: Request, form: FormData, token_id: int
) -> Response:
    page = posted(web, request, form)
    if isinstance(page, Response):
        return page
    assert page.user is not None
    grace = field_text(form.get("grace")).strip() or "0"
    if not grace.isdigit():
        problem = page.fmt.gettext("Grace: expected a whole number of seconds, found %(found)s.")
        return _tokens_page(page, admin, status=422, problem=problem % {"found": grace})
    try:
        row, secret = admin.rotate_token(
            actor=page.user.email, token_id=token_id, grace_seconds=int(grace)
        )
    except NotFound:
        return page.not_found()
    except StoreError as exc:
        return _tokens_page(page, admin, status=422, problem=page.fmt.say(exc.message))
    reference = web.secrets.put((row, secret))
    return page.redirect(
        _tokens_address(field_text(form.get("user"))),
        flash={"message": TOKEN_CREATED, "secret": reference},
    )


def _revoke_token(
    web: Web, admin: AdminSource, request: Request, form: FormData, kind: str, token_id: int
) -> Response:
    page = posted(web, request, form)
    if isinstance(page, Response):
        return page
    assert page.user is not None
    if kind not in TOKEN_KINDS:
        return page.not_found()
    try:
        admin.revoke_token(actor=page.user.email, kind=kind, token_id=token_id)
    except StoreError:
        return page.not_found()
    return RedirectResponse(_tokens_address(field_text(form.get("user"))), status_code=303)


def _tokens_address(user: str) -> str:
    """The token page, showing ``user``'s tokens only when given."""
    return f"{PREFIX}/admin/tokens" + (f"?{urlencode({'user': user})}" if user else "")
