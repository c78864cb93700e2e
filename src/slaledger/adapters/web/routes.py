"""The dashboard's pages: each handler reads the session, asks ``figures``/``calendars``
for the data and renders a template. Nothing is computed here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.params import FIRST_YEAR, LAST_YEAR
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.reports.statement import render as render_statement
from slaledger.adapters.web import calendars, figures
from slaledger.adapters.web.admin_source import AdminSource
from slaledger.adapters.web.charts import Bar, bar_chart
from slaledger.adapters.web.flash import OneTimeSecrets
from slaledger.adapters.web.i18n import LANGUAGES, Formatter, pick_language
from slaledger.adapters.web.incident_routes import add_incident_routes, recent_months
from slaledger.adapters.web.messages import problem_text
from slaledger.adapters.web.security import (
    LANGUAGE_COOKIE,
    Session,
    SessionCodec,
    csrf_matches,
)
from slaledger.adapters.web.source import ContractRecord, DashboardSource, WebUser
from slaledger.domain.periods import Month
from slaledger.services.kpis import KpiView

HERE = Path(__file__).resolve().parent
#: the icon of every page (and of /favicon.ico, which browsers ask for by themselves)
FAVICON = HERE / "static" / "favicon.svg"
STATEMENT_MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
}
PREFIX = "/dashboard"
Clock = Callable[[], datetime]


def environment() -> Environment:
    """The pages' templates, autoescaped."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["todatetime"] = lambda epoch: datetime.fromtimestamp(int(epoch), tz=UTC)
    return env


class _Page:
    """One request: its session, user, language and the template renderer."""

    def __init__(self, web: Web, request: Request) -> None:
        self.web, self.request = web, request
        self.session = web.codec.read(request)
        self.fresh = self.session is None
        self.changed = False  # the session changed (a flash taken): write it again
        if self.session is None:
            self.session = Session.fresh()
        self.user = web.source.user(self.session.user_id) if self.session.user_id else None
        if self.user is not None and self.user.stamp != self.session.stamp:
            self.user = None  # the password was reset since this session was opened
        self.fmt = Formatter(pick_language(request.cookies.get(LANGUAGE_COOKIE)))

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        assert self.session is not None
        page = self.web.env.get_template(template).render(
            _=self.fmt.gettext,
            fmt=self.fmt,
            user=self.user,
            csrf=self.session.csrf,
            lang=self.fmt.language,
            languages=LANGUAGES,
            here=self.request.url.path,
            prefix=PREFIX,
            now=self.web.now(),
            **context,
        )
        response = HTMLResponse(page, status_code=status)
        if self.fresh or self.changed:
            self.web.codec.write(response, self.session, self.request)
        return response

    def take_flash(self) -> dict[str, str]:
        """What the form that redirected here asked this page to say (empty: nothing),
        taken out of the session: a reload says nothing again."""
        assert self.session is not None
        found = self.session.flash
        if not found:
            return {}
        self.session = replace(self.session, flash=None)
        self.changed = True
        return found

    def redirect(self, target: str, flash: dict[str, str] | None = None) -> RedirectResponse:
        """303 to ``target`` (POST/redirect/GET), with ``flash`` for that page."""
        assert self.session is not None
        response = RedirectResponse(target, status_code=303)
        self.web.codec.write(response, replace(self.session, flash=flash), self.request)
        return response

    def contract(self, key: str) -> ContractRecord | Response:
        """The contract this user may see, or the answer to give instead: the login page
        for a visitor, 404 for a contract that does not exist or is another customer's."""
        if self.user is None:
            return self.to_login()
        record = self.web.source.contract(self.user, key)
        return self.not_found() if record is None else record

    def to_login(self) -> RedirectResponse:
        target = quote(self.request.url.path)
        return RedirectResponse(f"{PREFIX}/login?next={target}", status_code=303)

    def not_found(self) -> HTMLResponse:
        return self.render("not_found.html", status=404)

    def bad_month(self, found: str, parameter: str = "month") -> HTMLResponse:
        """A month in the address that is not one: say which parameter, what a month
        looks like and what was found (400)."""
        return self.render("bad_month.html", status=400, found=found, parameter=parameter)

    def month(self, text: str, default: Month) -> Month | HTMLResponse:
        """The month the address asks for (``default`` when none), or the 400 page."""
        if not text:
            return default
        try:
            chosen = Month.parse(text)
        except ValueError:
            return self.bad_month(text)
        if not FIRST_YEAR <= chosen.year <= LAST_YEAR:
            return self.bad_month(text)
        return chosen


class Web:
    def __init__(self, source: DashboardSource, secret: str, clock: Clock) -> None:
        self.source, self.codec, self.clock = source, SessionCodec(secret), clock
        self.env = environment()
        #: secrets a page shows once after a redirect (new tokens), by reference
        self.secrets: OneTimeSecrets[Any] = OneTimeSecrets()

    def now(self) -> int:
        return int(self.clock().timestamp())

    def records(self, user: WebUser) -> list[ContractRecord]:
        found = (self.source.contract(user, key) for key in self.source.contract_keys(user))
        return [record for record in found if record is not None]


def web_router(
    source: DashboardSource,
    *,
    secret: str,
    clock: Clock | None = None,
    admin: AdminSource | None = None,
) -> APIRouter:
    """The dashboard under ``/dashboard``; ``clock`` gives "now" (the demo replays a
    moment of its example year); ``admin``: the administration pages' storage (no such
    pages without it)."""
    web = Web(source, secret, clock or (lambda: datetime.now(UTC)))
    router = APIRouter(prefix=PREFIX, include_in_schema=False)

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
        return _Page(web, request).render("login.html", next=_local(next), failed=False)

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
    def contracts(request: Request) -> Response:
        page = _Page(web, request)
        if page.user is None:
            return page.to_login()
        provider = page.user.is_provider
        rows = [figures.health(r, web.now(), provider=provider) for r in web.records(page.user)]
        return page.render("contracts.html", rows=rows)

    @router.get("/incidents", dependencies=[EXPENSIVE])
    def incidents(request: Request) -> Response:
        page = _Page(web, request)
        if page.user is None:
            return page.to_login()
        at = web.now()
        groups = [(r, figures.live_incidents(r, at)) for r in web.records(page.user)]
        return page.render("incidents.html", groups=groups, at=at)

    @router.get("/credits", dependencies=[EXPENSIVE])
    def credits(request: Request, month: str = "") -> Response:
        page = _Page(web, request)
        if page.user is None:
            return page.to_login()
        at = web.now()
        records = web.records(page.user)
        chosen = page.month(month, Month(2000, 1)) if month else None
        if isinstance(chosen, Response):
            return chosen
        groups = []
        for record in records:
            last = chosen or figures.last_complete_month(record, at)
            history = figures.credits_history(record, last)
            shown = [(m, c) for m, c in history if c.credit.owed or c.credit.undetermined]
            groups.append((record, shown))
        months = recent_months(records[0], at, chosen) if records else []
        return page.render("credits.html", groups=groups, at=at, months=months, chosen=chosen)

    @router.get("/contracts/{key}", dependencies=[EXPENSIVE])
    def contract(request: Request, key: str) -> Response:
        page = _Page(web, request)
        record = page.contract(key)
        if isinstance(record, Response):
            return record
        assert page.user is not None
        row = figures.health(record, web.now(), provider=page.user.is_provider)
        return page.render("contract.html", row=row, formats=STATEMENT_MEDIA)

    @router.get("/contracts/{key}/statement", dependencies=[EXPENSIVE])
    def statement(request: Request, key: str, month: str = "", format: str = "html") -> Response:
        page = _Page(web, request)
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
        name = f"{key}-{chosen}-{language}.{format}"
        disposition = f'inline; filename="{name}"'
        return Response(
            body, media_type=STATEMENT_MEDIA[format], headers={"Content-Disposition": disposition}
        )

    @router.get("/contracts/{key}/availability", dependencies=[EXPENSIVE])
    def availability(request: Request, key: str, month: str = "") -> Response:
        page = _Page(web, request)
        record = page.contract(key)
        if isinstance(record, Response):
            return record
        last = page.month(month, figures.last_complete_month(record, web.now()))
        if isinstance(last, Response):
            return last
        points = figures.availability_history(record, last)
        chart = _availability_chart(points, page.fmt, key) if points else None
        months = recent_months(record, web.now(), last)
        return page.render(
            "availability.html",
            record=record,
            points=points,
            chart=chart,
            months=months,
            chosen=last,
        )

    @router.get("/contracts/{key}/availability/{month}", dependencies=[EXPENSIVE])
    def trace(request: Request, key: str, month: str) -> Response:
        page = _Page(web, request)
        record = page.contract(key)
        if isinstance(record, Response):
            return record
        if not figures.has_availability(record):
            return page.not_found()
        chosen = page.month(month, figures.last_complete_month(record, web.now()))
        if isinstance(chosen, Response):
            return chosen
        figure = figures.availability(record, chosen)
        return page.render("trace.html", record=record, month=chosen, figure=figure)

    @router.get("/contracts/{key}/kpis", dependencies=[EXPENSIVE])
    def kpis(request: Request, key: str, month: str = "") -> Response:
        page = _Page(web, request)
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
        page = _Page(web, request)
        record = page.contract(key)
        if isinstance(record, Response):
            return record
        zone = ZoneInfo(record.loaded.contract.timezone)
        today = datetime.fromtimestamp(web.now(), tz=zone).date()
        schedule = calendars.obligations(record, today)
        return page.render("obligations.html", record=record, schedule=schedule, today=today)

    add_incident_routes(router, web, _Page)
    if admin is not None:
        # imported here: the admin pages build on this module's page and session helpers
        from slaledger.adapters.web.admin_routes import admin_router

        router.include_router(admin_router(web, admin))
    return router


def _login(web: Web, request: Request, form: FormData) -> Response:
    page = _Page(web, request)
    if not csrf_matches(None if page.fresh else page.session, _text(form.get("csrf"))):
        return page.render("forbidden.html", status=403)
    user = web.source.authenticate(_text(form.get("email")), _text(form.get("password")))
    target = _local(_text(form.get("next")) or PREFIX + "/")
    if user is None:
        return page.render("login.html", status=401, next=target, failed=True)
    response = RedirectResponse(target, status_code=303)
    web.codec.write(response, Session.fresh(user.id, user.stamp), request)  # a new session id
    return response


def _logout(web: Web, request: Request, form: FormData) -> Response:
    page = _Page(web, request)
    if not csrf_matches(page.session, _text(form.get("csrf"))):
        return page.render("forbidden.html", status=403)
    response = RedirectResponse(f"{PREFIX}/login", status_code=303)
    web.codec.write(response, Session.fresh(), request)
    return response


def _maintenance(web: Web, request: Request, key: str, form: FormData | None) -> Response:
    """The maintenance page; ``form``: the "may I?" question posted (None on GET)."""
    page = _Page(web, request)
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
            f"{fmt.percent(p.figure.shown)}",
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
