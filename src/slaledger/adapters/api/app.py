"""The application factory: the one place where the HTTP service is wired together
(storage, settings, clock, error handling, API routers, the dashboard)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse, RedirectResponse
from fastapi_offline import FastAPIOffline

from slaledger.adapters.api import access_log
from slaledger.adapters.api.busy import Gate, install_busy_handlers
from slaledger.adapters.api.hardening import HardeningMiddleware
from slaledger.adapters.api.ops import install_ops
from slaledger.adapters.api.ops.metrics import process_metrics
from slaledger.adapters.api.problems import GuardMiddleware, install_problem_handlers
from slaledger.adapters.api.routers import (
    budget,
    burn,
    claim_feed,
    claims,
    clock_budget,
    commercial,
    contract_events,
    contracts,
    credit_notes,
    fees,
    figures,
    forecast,
    helpdesk_verdicts,
    incidents,
    maintenance,
    me,
    obligations,
    observations,
    sources,
    statements,
)
from slaledger.adapters.api.scheduler import alerts_lifespan
from slaledger.adapters.api.settings import Settings
from slaledger.adapters.api.terms import TermsCache
from slaledger.adapters.db.engine import make_engine
from slaledger.adapters.db.logins import LoginThrottle
from slaledger.adapters.db.store import session_factory
from slaledger.adapters.db.web_sessions import StoreSessions
from slaledger.adapters.sync.registry import SourceRegistry
from slaledger.adapters.web.admin_source import StoreAdmin
from slaledger.adapters.web.busy_page import install_busy_page
from slaledger.adapters.web.claims_source import StoreClaims
from slaledger.adapters.web.page import FAVICON, PREFIX
from slaledger.adapters.web.routes import web_router
from slaledger.adapters.web.store_source import StoreSource

ROUTERS = (
    me.router,
    contracts.router,
    incidents.router,
    observations.router,
    maintenance.router,
    figures.router,
    budget.router,
    burn.router,
    forecast.router,
    clock_budget.router,
    statements.router,
    obligations.router,
    commercial.router,
    sources.router,
    contract_events.router,
    claims.router,
    helpdesk_verdicts.router,
    fees.router,
    credit_notes.router,
    claim_feed.router,
)
#: the documentation pages may load nothing from elsewhere: ReDoc's bundle asks for its
#: maker's logo from a CDN (cdn.redoc.ly), which the browser then never requests
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' blob:; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'"
)
DOCS_PATHS = frozenset({"/docs", "/redoc"})
DESCRIPTION = """IT service contracts as executable, auditable commitments.

Authenticate with `Authorization: Bearer TOKEN` (tokens: `sla tokens create`). Every
error is an RFC 9457 `application/problem+json` document. See docs/api.md."""


def _count_login(event: str) -> None:
    process_metrics().logins.labels(event).inc()


def utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    *,
    database_url: str,
    settings: Settings | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> FastAPI:
    """The service over the database at ``database_url`` (already migrated)."""
    settings = settings or Settings.from_env()
    access_log.install()  # feed tokens travel in query strings: never logged
    engine = make_engine(database_url, pool=settings.pool)
    sessions = session_factory(engine=engine)
    # Swagger UI and ReDoc from files in the package (fastapi-offline), not from a CDN:
    # /docs works on a machine without internet
    app = FastAPIOffline(
        title=settings.title,
        version="1",
        description=DESCRIPTION,
        lifespan=alerts_lifespan,
        favicon_url=PREFIX + "/static/favicon.svg",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    #: failed sign-ins counted in the database, on real time (docs/security.md)
    app.state.throttle = LoginThrottle(sessions, observe=_count_login)
    app.state.web_sessions = StoreSessions(
        sessions,
        idle=timedelta(seconds=settings.session_idle_seconds),
        longest=timedelta(seconds=settings.session_max_seconds),
    )
    app.state.clock = clock
    app.state.terms = TermsCache()
    app.state.gate = Gate(settings.max_expensive, settings.expensive_wait)
    # the file's sources and the stored ones (docs/sync.md); run once the scheduler starts
    app.state.sources = SourceRegistry(sessions, clock, sources_file=settings.sources_file)
    install_problem_handlers(app)
    install_busy_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(
        web_router(
            StoreSource(sessions, clock, file_sources=app.state.sources.file_kinds),
            secret=settings.secret,
            clock=clock,
            admin=StoreAdmin(sessions),
            claims=StoreClaims(sessions),
            throttle=app.state.throttle,
            records=app.state.web_sessions,
            secure_cookies=settings.secure_cookies,
            session_seconds=settings.session_max_seconds,
        )
    )
    install_busy_page(app, clock=clock)  # the dashboard's 503s as pages (wraps the above)

    @app.middleware("http")
    async def docs_policy(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if request.url.path in DOCS_PATHS:
            response.headers["Content-Security-Policy"] = DOCS_POLICY
        return response

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse(PREFIX + "/", status_code=307)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(FAVICON, media_type="image/svg+xml")

    app.add_middleware(GuardMiddleware, max_body_bytes=settings.max_upload_bytes)
    # security headers on every answer, cross-site writes refused (docs/security.md)
    app.add_middleware(HardeningMiddleware, secure=settings.secure_cookies)
    install_ops(app)  # /healthz, /readyz, /metrics, request ids (outermost middleware)
    return app
