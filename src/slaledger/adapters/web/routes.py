"""The dashboard's pages: each handler reads the session, asks ``figures``/``calendars``
for the data and renders a template. Nothing is computed here."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.hardening import document_policy
from slaledger.adapters.db.logins import LoginThrottle
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.reports.statement import render as render_statement
from slaledger.adapters.web import cached_pages, calendars, contracts_page, figures
from slaledger.adapters.web.admin_routes import admin_router
from slaledger.adapters.web.admin_source import AdminSource
from slaledger.adapters.web.budget_panel import current_panel, month_of
from slaledger.adapters.web.budget_views import budget_charts
from slaledger.adapters.web.charts import Bar, bar_chart
from slaledger.adapters.web.claim_routes import add_claim_routes
from slaledger.adapters.web.claims_source import ClaimsSource
from slaledger.adapters.web.helpdesk_verdicts import add_helpdesk_verdict_routes
from slaledger.adapters.web.i18n import Formatter, pick_language
from slaledger.adapters.web.incident_routes import add_incident_routes, recent_months
from slaledger.adapters.web.messages import problem_text
from slaledger.adapters.web.page import FAVICON, HERE, PREFIX, STATEMENT_MEDIA, Clock, Page, Web
from slaledger.adapters.web.quotes import clause_quotes
from slaledger.adapters.web.second_factor import FactorGate, PendingLogin
from slaledger.adapters.web.security import (
    LANGUAGE_COOKIE,
    SESSION_SECONDS,
    SessionRecords,
    csrf_matches,
)
from slaledger.adapters.web.source import DashboardSource
from slaledger.adapters.web.statement_source import StatementSource
from slaledger.adapters.web.totp_routes import add_second_factor_routes, second_step
from slaledger.domain.periods import Month
from slaledger.services.figures_json import observed_percent
from slaledger.services.kpis import KpiView


def web_router(
    source: DashboardSource,
    *,
    secret: str,
    clock: Clock | None = None,
    admin: AdminSource | None = None,
    claims: ClaimsSource | None = None,
    throttle: LoginThrottle | None = None,
    factors: FactorGate | None = None,
    records: SessionRecords | None = None,
    secure_cookies: bool = False,
    session_seconds: int = SESSION_SECONDS,
) -> APIRouter:
    """The dashboard under ``/dashboard``; ``clock`` gives "now" (the demo replays a
    moment of its example year); ``admin``: the administration pages' storage (no such
    pages without it); ``claims``: the claims page's (none without it); ``throttle``:
    the sign-in throttle (adapters/db/logins.py; none without it); ``records``: the
    server-side sessions (in memory without it), ``session_seconds`` their longest
    life; ``secure_cookies``: Secure, ``__Host-`` cookies even on plain http (TLS proxy)."""
    web = Web(
        source,
        secret,
        clock or (lambda: datetime.now(UTC)),
        records=records,
        secure_cookies=secure_cookies,
        session_seconds=session_seconds,
    )
    web.throttle = throttle
    web.factors = factors  # the TOTP second factor (none without storage)
    web.pending = PendingLogin(secret, secure=secure_cookies) if factors is not None else None
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    add_second_factor_routes(router, web, admin)

    @router.get("/static/{name}")
    def static(name: str) -> Response:
        path = HERE / "static" / name
        if name not in {"dashboard.css", "countdown.js", FAVICON.name}:
            return Response(status_code=404)
        return FileResponse(path)

    @router.get("/lang/{language}")
    def language(language: str, next: str = PREFIX + "/") -> Response:
        response = RedirectResponse(_local(next), status_code=303)
        response.set_cookie(
            LANGUAGE_COOKIE, pick_language(language), max_age=365 * 86400, samesite="lax"
        )
        return response

    @router.get("/login")
    def login_form(request: Request, next: str = PREFIX + "/") -> Response:
        return Page(web, request).render("login.html", next=_local(next), failed=False, locked=0)

    # A form is read on the event loop (``await request.form()``); everything else —
    # the session's user from the database, the password's scrypt, rendering — runs
    # in the thread pool, so that a login flood never stalls other clients.
    @router.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        return await run_in_threadpool(_login, web, request, form)

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        form = await request.form()
        return await run_in_threadpool(_logout, web, request, form)

    @router.get("/", dependencies=[EXPENSIVE])
    def contracts(request: Request, number: str = Query("1", alias="page")) -> Response:
        page = Page(web, request)
        if page.user is None:
            return page.to_login()
        every, computed_at = cached_pages.health_rows(web, page.user)
        rows, shown = contracts_page.page_of(every, contracts_page.page_number(number))
        budgets = cached_pages.budget_cells(web, page.user, [r.record for r in rows])
        return page.render(
            "contracts.html", rows=rows, computed_at=computed_at, budgets=budgets,
            shown=shown, totals=contracts_page.totals(every),
        )  # fmt: skip

    @router.get("/incidents", dependencies=[EXPENSIVE])
    def incidents(request: Request) -> Response:
        page = Page(web, request)
        if page.user is None:
            return page.to_login()
        at = web.now()
        groups = [(r, figures.live_incidents(r, at)) for r in web.records(page.user)]
        return page.render("incidents.html", groups=groups, at=at)

    @router.get("/credits", dependencies=[EXPENSIVE])
    def credits(request: Request, month: str = "") -> Response:
        page = Page(web, request)
        if page.user is None:
            return page.to_login()
        at = web.now()
        chosen = page.month(month, Month(2000, 1)) if month else None
        if isinstance(chosen, Response):
            return chosen
        records, groups, computed_at = cached_pages.credits_groups(web, page.user, chosen)
        months = recent_months(records[0], at, chosen) if records else []
        totals = figures.totals_by_currency(groups)
        return page.render(
            "credits.html", groups=groups, at=at, months=months, chosen=chosen, totals=totals,
            money=figures.priced_credit, computed_at=computed_at,
        )  # fmt: skip

    @router.get("/contracts/{key}", dependencies=[EXPENSIVE])
    def contract(request: Request, key: str) -> Response:
        page = Page(web, request)
        record = page.contract(key)
        if isinstance(record, Response):
            return record
        assert page.user is not None
        at = web.now()
        row = figures.health(record, at, provider=page.user.is_provider)
        return page.render(
            "contract.html", row=row, formats=STATEMENT_MEDIA,
            budget=current_panel(record, at), budget_month=month_of(record, at),
        )  # fmt: skip

    @router.get("/contracts/{key}/sources")
    def sources(request: Request, key: str) -> Response:
        """The sources the service keeps in sync: last success, last error, lag."""
        page = Page(web, request)
        record = page.contract(key)
        if isinstance(record, Response):
            return record
        assert page.user is not None
        if not page.user.is_provider:
            return page.render("admin_forbidden.html", status=403)  # the provider's plumbing
        now = datetime.fromtimestamp(web.now(), UTC)
        rows = [
            (s, None if s.synced_until is None else (now - s.synced_until).total_seconds())
            for s in record.sources
        ]
        return page.render(
            "sources.html", record=record, rows=rows, zone=record.loaded.contract.timezone
        )

    @router.get("/contracts/{key}/statement", dependencies=[EXPENSIVE])
    def statement(request: Request, key: str, month: str = "", format: str = "html") -> Response:
        page = Page(web, request)
        if isinstance(web.source, StatementSource) and page.user is not None:
            return _stored_statement(page, web.source, key, month, format)
        record = page.contract(key)
        if isinstance(record, Response):
            return record
        if format not in STATEMENT_MEDIA:
            return page.not_found()
        chosen = page.month(month, figures.last_complete_month(record, web.now()))
        if isinstance(chosen, Response):
            return chosen
        language = page.fmt.language
        assert page.user is not None
        audience = "provider" if page.user.is_provider else "customer"
        built = figures.statement(record, chosen, audience=audience)
        body = render_statement(built, language=language, format=format)
        return _statement_response(key, chosen, language, format, body)

    def _stored_statement(
        page: Page, source: StatementSource, key: str, month: str, format: str
    ) -> Response:
        """The statement the store gives (and keeps rendered): the API's own."""
        assert page.user is not None
        if format not in STATEMENT_MEDIA:
            return page.not_found()
        # a month given is parsed (or refused) as every page does; none: the source's
        # last complete month, in the contract's zone
        asked = page.month(month, Month(1970, 1)) if month else None
        if isinstance(asked, Response):
            return asked
        language = page.fmt.language
        found = source.rendered_statement(
            page.user, key, asked, at=web.now(), language=language, format=format
        )
        if found is None:
            return page.not_found()
        chosen, body = found
        return _statement_response(key, chosen, language, format, body)

    def _statement_response(
        key: str, chosen: Month, language: str, format: str, body: bytes
    ) -> Response:
        name = f"{key}-{chosen}-{language}.{format}"
        headers = {"Content-Disposition": f'inline; filename="{name}"'}
        if format == "html":  # its stylesheet is inside: allowed by its digest
            headers["Content-Security-Policy"] = document_policy(body)
        return Response(body, media_type=STATEMENT_MEDIA[format], headers=headers)

    @router.get("/contracts/{key}/availability", dependencies=[EXPENSIVE])
    def availability(request: Request, key: str, month: str = "") -> Response:
        page = Page(web, request)
        record = page.contract(key)
        if isinstance(record, Response):
            return record
        last = page.month(month, figures.last_complete_month(record, web.now()))
        if isinstance(last, Response):
            return last
        points, computed_at = cached_pages.availability_points(web, record, last)
        chart = _availability_chart(points, page.fmt, key) if points else None
        months = recent_months(record, web.now(), last)
        burns = budget_charts(record, [month_of(record, web.now()), last], web.now(), page.fmt)
        return page.render(
            "availability.html",
            record=record,
            points=points,
            chart=chart,
            months=months,
            chosen=last,
            computed_at=computed_at,
            burns=burns,
        )

    @router.get("/contracts/{key}/availability/{month}", dependencies=[EXPENSIVE])
    def trace(request: Request, key: str, month: str) -> Response:
        page = Page(web, request)
        record = page.contract(key)
        if isinstance(record, Response):
            return record
        if not figures.has_availability(record):
            return page.not_found()
        chosen = page.month(month, figures.last_complete_month(record, web.now()))
        if isinstance(chosen, Response):
            return chosen
        figure = figures.availability(record, chosen)
        observed = observed_percent(figure.coverage) if figure.coverage else None
        quotes = clause_quotes(
            record.loaded.contract,
            figure.clause,
            page.fmt.language,
            date(chosen.year, chosen.month, 1),
        )
        return page.render(
            "trace.html",
            record=record,
            month=chosen,
            figure=figure,
            observed=observed,
            quotes=quotes,
        )

    @router.get("/contracts/{key}/kpis", dependencies=[EXPENSIVE])
    def kpis(request: Request, key: str, month: str = "") -> Response:
        page = Page(web, request)
        record = page.contract(key)
        if isinstance(record, Response):
            return record
        chosen = page.month(month, figures.last_complete_month(record, web.now()))
        if isinstance(chosen, Response):
            return chosen
        views = figures.kpis(record, chosen)
        charts = [_kpi_chart(view, page.fmt) for view in views]
        return page.render(
            "kpis.html",
            record=record,
            month=chosen,
            views=list(zip(views, charts, strict=True)),
            months=recent_months(record, web.now(), chosen),
            chosen=chosen,
        )

    @router.api_route(
        "/contracts/{key}/maintenance", methods=["GET", "POST"], dependencies=[EXPENSIVE]
    )
    async def maintenance(request: Request, key: str) -> Response:
        form = await request.form() if request.method == "POST" else None
        return await run_in_threadpool(_maintenance, web, request, key, form)

    @router.get("/contracts/{key}/obligations", dependencies=[EXPENSIVE])
    def obligations(request: Request, key: str) -> Response:
        page = Page(web, request)
        record = page.contract(key)
        if isinstance(record, Response):
            return record
        zone = ZoneInfo(record.loaded.contract.timezone)
        today = datetime.fromtimestamp(web.now(), tz=zone).date()
        schedule = calendars.obligations(record, today)
        return page.render("obligations.html", record=record, schedule=schedule, today=today)

    add_incident_routes(router, web, Page)
    add_helpdesk_verdict_routes(router, web, Page)
    if claims is not None:
        add_claim_routes(router, web, claims)
    if admin is not None:
        router.include_router(admin_router(web, admin))
    return router


def _login(web: Web, request: Request, form: FormData) -> Response:
    page = Page(web, request)
    if not csrf_matches(None if page.fresh else page.session, _text(form.get("csrf"))):
        return page.render("forbidden.html", status=403)
    email, address = _text(form.get("email")), request.client.host if request.client else ""
    target = _local(_text(form.get("next")) or PREFIX + "/")
    throttle = web.throttle
    wait = throttle.wait(email, address) if throttle is not None else 0
    if throttle is not None and wait:  # locked: the password is not even checked
        throttle.refused(email, address, wait)
        return _locked(page, target, wait)
    user = web.source.authenticate(email, _text(form.get("password")))
    if user is None:
        if throttle is not None:
            throttle.failed(email, address)  # a lock it starts holds from the next try
        return page.render("login.html", status=401, next=target, failed=True, locked=0)
    second = second_step(web, page, user, target)
    if second is not None:  # no session before the code: the throttle still counts
        return second
    if throttle is not None:
        throttle.succeeded(email)
    response = RedirectResponse(target, status_code=303)
    web.codec.open(response, user.id, request)  # a new session id, kept on the server
    return response


def _locked(page: Page, target: str, wait: int) -> Response:
    """429: this account (or address) may not sign in for ``wait`` seconds; the same
    answer whether or not the account exists."""
    response = page.render("login.html", status=429, next=target, failed=True, locked=wait)
    response.headers["Retry-After"] = str(wait)
    return response


def _logout(web: Web, request: Request, form: FormData) -> Response:
    page = Page(web, request)
    if not csrf_matches(page.session, _text(form.get("csrf"))):
        return page.render("forbidden.html", status=403)
    response = RedirectResponse(f"{PREFIX}/login", status_code=303)
    assert page.session is not None
    web.codec.end(response, page.session, request)  # a copy of the cookie opens nothing
    return response


def _maintenance(web: Web, request: Request, key: str, form: FormData | None) -> Response:
    """The maintenance page; ``form``: the "may I?" question posted (None on GET)."""
    page = Page(web, request)
    record = page.contract(key)
    if isinstance(record, Response):
        return record
    zone = ZoneInfo(record.loaded.contract.timezone)
    local_now = datetime.fromtimestamp(web.now(), tz=zone)
    verdict, asked, problems = None, {}, []
    if form is not None:
        if page.user is None or not page.user.is_provider:
            return page.render("forbidden.html", status=403)  # the provider's tool
        if not csrf_matches(page.session, _text(form.get("csrf"))):
            return page.render("forbidden.html", status=403)
        asked = {name: _text(form.get(name)) for name in ("kind", "start", "end", "announced")}
        fields = {
            "kind": asked["kind"],
            "start": _local_instant(asked["start"], zone),
            "end": _local_instant(asked["end"], zone),
            "announced_at": _local_instant(asked["announced"], zone),
            "agreed_by_customer": "yes" if form.get("agreed") == "on" else "no",
        }
        try:
            verdict = calendars.may_i(record, fields)
        except InputError as exc:
            problems = [problem_text(p, page.fmt) for p in exc.problems]
    return page.render(
        "maintenance.html",
        status=422 if problems else 200,
        record=record,
        zone=str(zone),
        kinds=calendars.maintenance_kinds(record),
        slots=calendars.recurring(record, local_now.year),
        year=local_now.year,
        verdict=verdict,
        asked=asked,
        problems=problems,
        default_announced=local_now.strftime("%Y-%m-%dT%H:%M"),
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _local(target: str) -> str:
    """Only addresses of the dashboard itself: no open redirect."""
    return target if target.startswith(PREFIX + "/") and "//" not in target else PREFIX + "/"


def _local_instant(text: str, zone: ZoneInfo) -> str:
    """A datetime-local field ("2025-03-15T22:00") read in the contract's zone, as an
    instant with its offset ("2025-03-15T22:00+01:00"); any other text is kept for the
    reader to refuse, naming the field."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return text
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")


def _float(value: Fraction | None) -> float | None:
    """A bar's height; None (no bar) for a month without data."""
    return None if value is None else float(value)


def _availability_chart(points: list[figures.AvailabilityPoint], fmt: Formatter, key: str) -> Any:
    values = [_float(p.figure.availability) for p in points]
    rolling = [_float(p.rolling.availability) for p in points]
    target = points[-1].figure.target
    shown = [v for v in (*values, *rolling) if v is not None]
    low = min([*shown, float(target) if target is not None else 100.0])
    low = max(0.0, min(low, 99.0) - 0.5)
    bars = [
        Bar(
            label=fmt.month(p.month.year, p.month.month),
            value=v,
            title=f"{fmt.month(p.month.year, p.month.month)}{fmt.colon} "
            f"{fmt.availability(p.figure)}",
            href=f"{PREFIX}/contracts/{key}/availability/{p.month}",
            good=p.figure.met,
        )
        for p, v in zip(points, values, strict=True)
    ]
    axis = [(low, fmt.percent(low, 1)), (100.0, fmt.percent(100, 0))]
    return bar_chart(
        bars,
        target=float(target) if target is not None else None,
        line=rolling,
        low=low,
        high=100.0,
        axis=axis,
        caption=fmt.gettext("Availability per month and rolling 12 months"),
    )


def _kpi_chart(view: KpiView, fmt: Formatter) -> Any:
    def show(value: float | None) -> str:
        if view.unit == "percent":
            return fmt.percent(value)
        return fmt.duration(value)

    bars = [
        Bar(label=p.month, value=p.value, title=f"{p.month}{fmt.colon} {show(p.value)}", good=p.met)
        for p in view.series
    ]
    values = [p.value for p in view.series if p.value is not None]
    if view.limit is not None:
        values.append(view.limit)
    low = 0.0 if view.unit != "percent" else max(0.0, min(values, default=99.0) - 0.5)
    high = max(values, default=1.0) * (1.1 if view.unit != "percent" else 1.0)
    if view.unit == "percent":
        high = 100.0
    axis = [(low, show(low)), (high, show(high))]
    return bar_chart(
        bars, target=view.limit, low=low, high=high, axis=axis, caption=f"{view.kpi} {view.name}"
    )
