"""Who may open the administration pages: provider-admins only (a visitor is sent to the
login page, anyone else gets 403), and a posted form must carry the session's CSRF
token."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from slaledger.adapters.web.page import Page, Web
from slaledger.adapters.web.security import csrf_matches

ADMIN_ROLE = "provider-admin"


def admin_page(web: Web, request: Request) -> Page | Response:
    """The request's page when a provider-admin asks; the login page for a visitor, 403
    for anyone else."""
    page = Page(web, request)
    if page.user is None:
        return page.to_login()
    if page.user.role != ADMIN_ROLE:
        return page.render("admin_forbidden.html", status=403)
    return page


def posted(web: Web, request: Request, form: FormData) -> Page | Response:
    """As ``admin_page``, and the form's CSRF token must be the session's."""
    page = admin_page(web, request)
    if isinstance(page, Response):
        return page
    if not csrf_matches(page.session, field_text(form.get("csrf"))):
        return page.render("forbidden.html", status=403)
    return page


def field_text(value: object) -> str:
    """A form field's text ("" when absent or a file)."""
    return value if isinstance(value, str) else ""
