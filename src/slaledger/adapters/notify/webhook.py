"""Alerts as a JSON POST to a webhook URL (httpx); any non-2xx answer is a failure."""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import urlsplit

import httpx

from slaledger.adapters.notify.texts import payload
from slaledger.services.alerts import Notice, NotifyError

SIGNATURE_HEADER = "X-SLALedger-Signature"


class WebhookNotifier:
    """POST each alert's JSON to ``url``. With a ``secret``, the body is signed:
    ``X-SLALedger-Signature: sha256=<hex HMAC-SHA256 of the body>``."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 10.0,
        secret: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"webhook URL: expected http(s)://host/path, found {url!r}")
        self.url = url
        self.timeout = timeout
        self.secret = secret
        self.transport = transport
        self._channel = "webhook:" + redacted(url)

    @property
    def channel(self) -> str:
        return self._channel

    def send(self, notice: Notice) -> None:
        body = json.dumps(payload(notice), ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "User-Agent": "slaledger-alerts"}
        if self.secret:
            digest = hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
            headers[SIGNATURE_HEADER] = f"sha256={digest}"
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
                response = client.post(self.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise NotifyError(f"{self._channel}: {type(exc).__name__}: {exc}") from exc
        if not response.is_success:
            raise NotifyError(f"{self._channel}: HTTP {response.status_code}")


def redacted(url: str) -> str:
    """The URL without credentials or query (they may hold secrets); a short digest of
    the full URL keeps two URLs that differ only there apart."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    shown = f"{parts.scheme}://{host}{port}{parts.path}"
    if parts.query or parts.username or parts.password or parts.fragment:
        shown += "#" + hashlib.sha256(url.encode()).hexdigest()[:8]
    return shown[:190]
