"""The sign-in's second step and the user's own account page (issue #20 parts 2, 4).

Password right and a second factor enrolled (or required of a provider role): no
session yet, a signed five-minute cookie (``PendingLogin``) and the code page — or,
when the service requires a factor not enrolled yet, the enrolment page (seed and QR
code shown once). A wrong code counts in the sign-in throttle like a wrong password
(the lock answers 429 with Retry-After); the session opens only after the right code.

``/dashboard/account``: the user's own API and feed tokens (revocable by their owner)
and its second factor (enrol, confirm with a first code, disable with a code).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from slaledger.adapters.db.errors import StoreError
from slaledger.adapters.web.admin_guard import field_text
from slaledger.adapters.web.admin_source import TOKEN_KINDS, AdminSource
from slaledger.adapters.web.page import PREFIX, Page, Web
from slaledger.adapters.web.second_factor import qr_svg
from slaledger.adapters.web.security import csrf_matches
from slaledger.adapters.web.source import WebUser
from slaledger.domain.second_factor import Step

NO_STORE = {"Cache-Control": "no-store"}


def second_step(web: Web, page: Page, user: WebUser, target: str) -> Response | None:
    """After the right password: the code or enrolment page (None: no second step)."""
    gate, pending = web.factors, web.pending
    if gate is None or pending is None:
        return None
    step = gate.step(user.id)
    if step is Step.NONE:
        return None
    if step is Step.CODE:
        response: Response = page.render("login_code.html", status=200, failed=False, locked=0)
    else:
        enrolment = gate.start(user.id)
        response = page.render(
            "login_enrol.html", secret=enrolment.secret, qr=qr_svg(enrolment.uri), failed=False
        )
    pending.write(response, page.request, user.id, target)
    response.headers.update(NO_STORE)
    return response


def add_second_factor_routes(router: APIRouter, web: Web, admin: AdminSource | None) -> None:
    @router.get("/login/code")
    @router.get("/login/enrol")
    def code_again() -> Response:
        """A reload of the code step (the form is posted): sign in again."""
        return RedirectResponse(f"{PREFIX}/login", status_code=303)

    @router.post("/login/code")
    async def login_code(request: Request) -> Response:
        form = await request.form()
        return await run_in_threadpool(_code, web, request, form, False)

    @router.post("/login/enrol")
    async def login_enrol(request: Request) -> Response:
        form = await request.form()
        return await run_in_threadpool(_code, web, request, form, True)

    @router.get("/account")
    def account(request: Request) -> Response:
        page = Page(web, request)
        if page.user is None:
            return page.to_login()
        return _account_page(web, admin, page)

    @router.post("/account/totp/{action}")
    async def totp_action(request: Request, action: str) -> Response:
        form = await request.form()
        return await run_in_threadpool(_totp_action, web, admin, request, form, action)

    @router.post("/account/tokens/{kind}/{token_id}/revoke")
    async def revoke_own(request: Request, kind: str, token_id: int) -> Response:
        form = await request.form()
        return await run_in_threadpool(_revoke_own, web, admin, request, form, kind, token_id)


def _code(web: Web, request: Request, form: FormData, enrolling: bool) -> Response:
    """The code posted after the password (``enrolling``: the first code of a factor
    the service requires). Throttled like the password; the session opens after it."""
    page = Page(web, request)
    gate, pending = web.factors, web.pending
    waiting = pending.read(request) if pending is not None else None
    if gate is None or pending is None or waiting is None:
        return RedirectResponse(f"{PREFIX}/login", status_code=303)  # start again
    if not csrf_matches(None if page.fresh else page.session, field_text(form.get("csrf"))):
        return page.render("forbidden.html", status=403)
    user_id, target = waiting
    user = web.source.user(user_id)
    if user is None:
        return RedirectResponse(f"{PREFIX}/login", status_code=303)
    address = request.client.host if request.client else ""
    throttle = web.throttle
    template = "login_enrol.html" if enrolling else "login_code.html"
    wait = throttle.wait(user.email, address) if throttle is not None else 0
    if throttle is not None and wait:
        throttle.refused(user.email, address, wait)
        response = page.render(template, status=429, failed=True, locked=wait, secret="")
        response.headers["Retry-After"] = str(wait)
        return response
    code = field_text(form.get("code"))
    codes: list[str] | None = None
    if enrolling:
        try:
            codes = gate.confirm(user_id, code)
        except StoreError:
            return RedirectResponse(f"{PREFIX}/login", status_code=303)
        ok = codes is not None
    else:
        ok = gate.verify(user_id, code).ok
    if not ok:
        locked = throttle.failed(user.email, address) if throttle is not None else 0
        status = 429 if locked else 401
        response = page.render(template, status=status, failed=True, locked=locked, secret="")
        if locked:
            response.headers["Retry-After"] = str(locked)
        return response
    if throttle is not None:
        throttle.succeeded(user.email)
    done: Response
    if codes is not None:  # enrolled at sign-in: its recovery codes, once, then go on
        done = page.render("recovery_codes.html", codes=codes, next=target)
        done.headers.update(NO_STORE)
    else:
        done = RedirectResponse(target, status_code=303)
    pending.clear(done, request)
    web.codec.open(done, user_id, request)  # a new session id, kept on the server
    return done


def _account_page(
    web: Web, admin: AdminSource | None, page: Page, status: int = 200, **context: object
) -> Response:
    assert page.user is not None
    tokens = admin.tokens(page.user.email) if admin is not None else []
    state = web.factors.state(page.user.id) if web.factors is not None else None
    response = page.render("account.html", status=status, tokens=tokens, factor=state, **context)
    response.headers.update(NO_STORE)
    return response


def _totp_action(
    web: Web, admin: AdminSource | None, request: Request, form: FormData, action: str
) -> Response:
    page = Page(web, request)
    if page.user is None:
        return page.to_login()
    if not csrf_matches(page.session, field_text(form.get("csrf"))):
        return page.render("forbidden.html", status=403)
    gate = web.factors
    if gate is None or action not in ("start", "confirm", "disable"):
        return page.not_found()
    code = field_text(form.get("code"))
    try:
        if action == "start":
            enrolment = gate.start(page.user.id)
            return _account_page(
                web, admin, page, secret=enrolment.secret, qr=qr_svg(enrolment.uri)
            )
        if action == "confirm":
            codes = gate.confirm(page.user.id, code)
            if codes is None:
                return _account_page(web, admin, page, status=422, problem="wrong-code")
            return _account_page(web, admin, page, codes=codes)
    except StoreError:
        return _account_page(web, admin, page, status=409, problem="state")
    verdict = gate.disable(page.user.id, code)
    if not verdict.ok:
        return _account_page(web, admin, page, status=422, problem="wrong-code")
    return _account_page(web, admin, page, disabled=True)


def _revoke_own(
    web: Web,
    admin: AdminSource | None,
    request: Request,
    form: FormData,
    kind: str,
    token_id: int,
) -> Response:
    page = Page(web, request)
    if page.user is None:
        return page.to_login()
    if not csrf_matches(page.session, field_text(form.get("csrf"))):
        return page.render("forbidden.html", status=403)
    if admin is None or kind not in TOKEN_KINDS:
        return page.not_found()
    try:
        admin.revoke_token(
            actor=page.user.email, kind=kind, token_id=token_id, owner=page.user.email
        )
    except StoreError:
        return page.not_found()  # another user's token: as if it did not exist
    return RedirectResponse(f"{PREFIX}/account", status_code=303)
