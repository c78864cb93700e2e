"""The customer status pages (``/status/{contract}``): the page, its Atom feed and its
badge, public or behind a token in the address (``?token=sls_...``) as the contract's
setting says (docs/status-page.md). No session, no cookie: the language is ``?lang=``,
else the browser's Accept-Language. The figures come from ``services.status_page``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment

from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.i18n.accept import accepted_language
from slaledger.adapters.web import figures
from slaledger.adapters.web.i18n import LANGUAGES, Formatter
from slaledger.adapters.web.page import PREFIX, environment
from slaledger.adapters.web.status_badge import badge
from slaledger.adapters.web.status_feed import atom_feed
from slaledger.adapters.web.status_source import ALLOWED, MISSING, StatusSource
from slaledger.bootstrap import contract_calendars
from slaledger.services.status_page import DAYS, StatusView, status_view

STATUS_PREFIX = "/status"


def status_language(request: Request) -> str:
    """``?lang=`` when it names a language of the pages, else the first of the
    browser's Accept-Language (by its q-values) that does, else English."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    return accepted_language(request.headers.get("accept-language"))


def status_router(source: StatusSource, clock: Callable[[], datetime]) -> APIRouter:
    router = APIRouter(prefix=STATUS_PREFIX, include_in_schema=False)
    env = environment()

    def now() -> int:
        return int(clock().astimezone(UTC).timestamp())

    def view_or_answer(
        request: Request, key: str, token: str | None, *, bar_days: int = DAYS
    ) -> tuple[StatusView, str, Formatter] | Response:
        """The page's view (``bar_days`` of bars: the feed and the badge need one), its
        provider and the reader's formatter; or the refusal to answer."""
        fmt = Formatter(status_language(request))
        access = source.access(key, token)
        record = source.record(key) if access == ALLOWED else None
        if record is None:
            status = 404 if access in (MISSING, ALLOWED) else 403
            return _refusal(env, fmt, status)
        at = now()
        view = status_view(
            contract=record.loaded.contract,
            observations=record.observations,
            calendars=contract_calendars(record.loaded.contract),
            at=at,
            incidents=figures.incidents(record, at),
            opened=record.opened,
            bar_days=bar_days,
        )
        return view, record.provider, fmt

    @router.get("/{key}", dependencies=[EXPENSIVE])
    def page(request: Request, key: str, token: str | None = None) -> Response:
        found = view_or_answer(request, key, token)
        if isinstance(found, Response):
            return found
        view, _provider, fmt = found
        keep = {"token": token} if token else {}
        links = {
            code: f"{STATUS_PREFIX}/{key}?{urlencode({**keep, 'lang': code})}" for code in LANGUAGES
        }
        query = urlencode({**keep, "lang": fmt.language})
        html = env.get_template("status.html").render(
            _=fmt.gettext, fmt=fmt, lang=fmt.language, prefix=PREFIX, view=view,
            links=links, feed=f"{STATUS_PREFIX}/{key}/feed.atom?{query}",
            badge=f"{STATUS_PREFIX}/{key}/badge.svg?{query}",
        )  # fmt: skip
        return _private(HTMLResponse(html), token)

    @router.get("/{key}/feed.atom", dependencies=[EXPENSIVE])
    def feed(request: Request, key: str, token: str | None = None) -> Response:
        found = view_or_answer(request, key, token, bar_days=1)
        if isinstance(found, Response):
            return found
        view, provider, fmt = found
        base = str(request.base_url).rstrip("/")
        lang = urlencode({"lang": fmt.language})
        body = atom_feed(
            view, fmt=fmt, author=provider,
            page_url=f"{base}{STATUS_PREFIX}/{key}?{lang}",
            feed_url=f"{base}{STATUS_PREFIX}/{key}/feed.atom?{lang}",
        )  # fmt: skip
        return _private(Response(body, media_type="application/atom+xml; charset=utf-8"), token)

    @router.get("/{key}/badge.svg", dependencies=[EXPENSIVE])
    def badge_svg(request: Request, key: str, token: str | None = None) -> Response:
        found = view_or_answer(request, key, token, bar_days=1)
        if isinstance(found, Response):
            return found
        view, _provider, fmt = found
        first = view.services[0].month if view.services else None
        value = "–"
        met = None
        if first is not None and first.shown is not None:
            value, met = fmt.percent(first.shown), first.met
        elif first is not None:
            value = fmt.gettext("no data")
        body = badge(fmt.gettext("availability"), value, met)
        return _private(Response(body, media_type="image/svg+xml"), token)

    return router


def _private(response: Response, token: str | None) -> Response:
    """A protected page is kept by no shared cache; a public one for a minute."""
    response.headers["Cache-Control"] = "private, no-store" if token else "public, max-age=60"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token stays in its address
    response.headers["Vary"] = "Accept-Language"
    return response


def _refusal(env: Environment, fmt: Formatter, status: int) -> Response:
    html = env.get_template("status_refused.html").render(
        _=fmt.gettext, fmt=fmt, lang=fmt.language, prefix=PREFIX, status=status
    )
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})
