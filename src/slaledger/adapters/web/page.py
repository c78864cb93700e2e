"""One dashboard request (``Page``: its session, user, language, renderer) and the
dashboard's shared state (``Web``), used by every route module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from slaledger.adapters.api.params import FIRST_YEAR, LAST_YEAR
from slaledger.adapters.db.web_sessions import MemorySessions
from slaledger.adapters.readable import UnknownZoneError, zone_named
from slaledger.adapters.web.flash import OneTimeSecrets
from slaledger.adapters.web.i18n import LANGUAGES, Formatter, pick_language
from slaledger.adapters.web.security import (
    LANGUAGE_COOKIE,
    SESSION_SECONDS,
    Session,
    SessionCodec,
    SessionRecords,
)
from slaledger.adapters.web.source import ContractRecord, DashboardSource, WebUser
from slaledger.domain.periods import Month

if TYPE_CHECKING:
    from slaledger.adapters.db.logins import LoginThrottle
    from slaledger.adapters.web.second_factor import FactorGate, PendingLogin

HERE = Path(__file__).resolve().parent
#: the icon of every page (and of /favicon.ico, which browsers ask for by themselves)
FAVICON = HERE / "static" / "favicon.svg"
STATEMENT_MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
}
PREFIX = "/dashboard"
#: the viewer's time zone, once asked with ``?tz=`` (an empty ``?tz=`` forgets it)
ZONE_COOKIE = "sla_tz"
ZONE_PARAMETER = "tz"
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


class Page:
    """One request: its session, user, language and the template renderer."""

    def __init__(self, web: Web, request: Request) -> None:
        self.web, self.request = web, request
        self.session = web.codec.read(request)
        self.fresh = self.session is None
        self.changed = False  # the session changed (a flash taken): write it again
        if self.session is None:
            self.session = Session.fresh()
        # a session ended on the server (logout, new password, revoked) has no user;
        # a deactivated user is none either
        self.user = web.source.user(self.session.user_id) if self.session.user_id else None
        self.zone_asked = request.query_params.get(ZONE_PARAMETER)
        #: the ``?tz=`` found when it names no zone (the page answers 400)
        self.bad_zone: str | None = None
        self.fmt = Formatter(
            pick_language(request.cookies.get(LANGUAGE_COOKIE)), self._viewer_zone()
        )

    def _viewer_zone(self) -> str | None:
        """The zone asked (validated against the tz database), else the one remembered."""
        asked = self.zone_asked
        if asked is None:
            asked = self.request.cookies.get(ZONE_COOKIE) or ""
            remembered = True
        else:
            remembered = False
        if not asked.strip():
            return None
        try:
            return str(zone_named(asked))
        except UnknownZoneError:
            if not remembered:
                self.bad_zone = asked
            return None

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        assert self.session is not None
        if self.bad_zone is not None:
            template, status, context = "bad_zone.html", 400, {"found": self.bad_zone}
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
            viewer_zone=self.fmt.viewer_zone,
            zone_parameter=ZONE_PARAMETER,
            zone_keep=[
                (k, v) for k, v in self.request.query_params.multi_items() if k != ZONE_PARAMETER
            ],
            **context,
        )
        response = HTMLResponse(page, status_code=status)
        if self.zone_asked is not None and self.bad_zone is None:
            if self.fmt.viewer_zone is None:
                response.delete_cookie(ZONE_COOKIE)
            else:
                response.set_cookie(
                    ZONE_COOKIE, self.fmt.viewer_zone, max_age=365 * 86400, samesite="lax"
                )
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
    def __init__(
        self,
        source: DashboardSource,
        secret: str,
        clock: Clock,
        *,
        records: SessionRecords | None = None,
        secure_cookies: bool = False,
        session_seconds: int = SESSION_SECONDS,
    ) -> None:
        self.source, self.clock = source, clock
        self.codec = SessionCodec(
            secret,
            records if records is not None else MemorySessions(),
            secure=secure_cookies,
            max_age=session_seconds,
        )
        self.env = environment()
        #: secrets a page shows once after a redirect (new tokens), by reference
        self.secrets: OneTimeSecrets[Any] = OneTimeSecrets()
        #: the sign-in throttle (adapters/db/logins.py), when the dashboard has storage
        self.throttle: LoginThrottle | None = None
        #: the TOTP second factor (second_factor.py), when the dashboard has storage
        self.factors: FactorGate | None = None
        self.pending: PendingLogin | None = None

    def now(self) -> int:
        return int(self.clock().timestamp())

    def records(self, user: WebUser) -> list[ContractRecord]:
        found = (self.source.contract(user, key) for key in self.source.contract_keys(user))
        return [record for record in found if record is not None]
