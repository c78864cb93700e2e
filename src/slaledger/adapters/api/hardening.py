"""Browser-facing hardening of every response and every state-changing request
(issue #20 part 3, docs/security.md).

Every response carries ``X-Content-Type-Options: nosniff``, ``Referrer-Policy:
same-origin``, ``X-Frame-Options: DENY`` and, unless a route set its own, a strict
``Content-Security-Policy`` (no inline script nor style, nothing from elsewhere, no
framing); over TLS (the request's scheme is https, or ``secure`` is set: a TLS proxy in
front) also ``Strict-Transport-Security``.

A POST, PUT, PATCH or DELETE whose ``Origin`` (or, absent, ``Referer``) names another
site than the one addressed (``Host``) is refused 403 with a problem document, before
it reaches any route: a page elsewhere cannot make a signed-in browser write. A request
with neither header (an API client with its token, curl) passes: it carries no ambient
credential a forger could borrow.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from slaledger.adapters.api.problems import problem_response, title
from slaledger.adapters.i18n.accept import accepted_language
from slaledger.domain.message import msg

#: the dashboard's pages: their scripts and stylesheets are files under /dashboard/static;
#: the SVG charts are inline markup whose colours are attributes, which CSP allows
STRICT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _site(scheme: str, netloc: str) -> tuple[str, int] | None:
    """(host, port) of an address's authority, the scheme's default port filled in."""
    try:
        parts = urlsplit(f"{scheme}://{netloc}")
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname.lower(), port or DEFAULT_PORTS.get(scheme, 0)


def foreign_origin(scope: Scope) -> str | None:
    """The other site a write request comes from (its Origin or Referer), or None when
    it comes from this site or names none."""
    claimed = _header(scope, b"origin") or _header(scope, b"referer")
    if not claimed:
        return None
    if claimed == "null":
        return claimed  # a sandboxed or privacy-stripped context: not this site
    source = urlsplit(claimed)
    scheme = str(scope.get("scheme", "http"))
    own = _site(scheme, _header(scope, b"host") or "")
    # behind a TLS proxy the request is http while the browser's origin is https: the
    # same host under either scheme is this site
    found = _site(source.scheme or scheme, source.netloc)
    if own is None or found is None:
        return claimed
    if found[0] != own[0]:
        return claimed
    same_port = found[1] == own[1] or {found[1], own[1]} <= set(DEFAULT_PORTS.values())
    return None if same_port else claimed


class HardeningMiddleware:
    """Adds the security headers to every answer and refuses cross-site writes."""

    def __init__(self, app: ASGIApp, *, secure: bool = False) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = self.secure or scope.get("scheme") == "https"
        extra = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"),
        ]
        if tls:
            extra.append((b"strict-transport-security", HSTS.encode()))

        async def hardened_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {bytes(k).lower() for k, _ in headers}
                headers += [(k, v) for k, v in extra if k not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", STRICT_POLICY.encode()))
                message = {**message, "headers": headers}
            await send(message)

        if scope.get("method") in WRITE_METHODS:
            other = foreign_origin(scope)
            if other is not None:
                refused = problem_response(
                    403,
                    "cross-origin",
                    title(403),
                    msg("problem.cross-origin", method=str(scope["method"]), origin=other[:200]),
                    str(scope.get("path", "")),
                    language=accepted_language(_header(scope, b"accept-language")),
                )
                await refused(scope, receive, hardened_send)
                return
        await self.app(scope, receive, hardened_send)


_STYLE = re.compile(rb"<style>(.*?)</style>", re.DOTALL)


def document_policy(body: bytes | str) -> str:
    """The strict policy for a standalone HTML document (a statement: one file that
    prints alone, its stylesheet inside), allowing exactly its ``<style>`` elements by
    their digest and no script at all."""
    raw = body.encode() if isinstance(body, str) else body
    digests = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode() + "'"
        for m in _STYLE.finditer(raw)
    )
    style = f"style-src {digests}" if digests else "style-src 'self'"
    return STRICT_POLICY.replace("style-src 'self'", style)
