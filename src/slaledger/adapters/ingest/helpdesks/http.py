"""HTTP for the connectors: httpx with retries, rate limits and clear refusals.

- 429 and 503 wait for ``Retry-After`` (seconds or an HTTP date), up to ``max_wait``
  seconds a time, then retry; other 5xx and network errors retry with a doubling
  delay; after ``retries`` attempts the request is refused.
- 401 and 403 are refused at once, naming the URL: an expired or revoked token is not
  a transient error, and retrying would hide it.
- Every refusal is an InputError whose "file" is the request, so the CLI prints it
  like a bad file and nothing is imported.

- ``pages`` is the one pager of the connectors that page by offset (Jira's ``startAt``,
  ServiceNow's ``sysparm_offset``, GLPI's ``range``) or by page number (Zammad), with a
  count or until a short page; ``link_pages`` follows ``Link: rel="next"`` (Freshdesk,
  Freshservice); Jira Cloud's ``nextPageToken`` stays in ``jira.py``, its only user.

``sleep`` and ``transport`` are injectable (tests wait no real time; an in-memory
transport is possible, though the tests use a real server on loopback).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.ingest.helpdesks.common import refused
from slaledger.domain.message import Number, Text, msg

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


class HelpdeskHttp:
    def __init__(
        self,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | tuple[str, str] | None = None,
        retries: int = 4,
        max_wait: float = 120.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.client = httpx.Client(
            base_url=base_url.rstrip("/") + "/",
            headers=dict(headers or {}),
            auth=auth,
            timeout=timeout,
            transport=transport,
            follow_redirects=True,
        )
        self.retries = retries
        self.max_wait = max_wait
        self.sleep = sleep
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> HelpdeskHttp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        url = path.lstrip("/") if not path.startswith("http") else path
        delay = 1.0
        for attempt in range(1, self.retries + 1):
            self.requests += 1
            where = f"GET {self.client.base_url.join(url)}"
            try:
                response = self.client.get(url, params=params, headers=headers)
            except httpx.TransportError as exc:
                if attempt == self.retries:
                    raise refused(
                        where, msg("input.ingest.an-answer"), f"{type(exc).__name__}: {exc}"
                    ) from None
                self.sleep(delay)
                delay *= 2
                continue
            if response.status_code in (401, 403):
                raise refused(
                    where,
                    msg("input.ingest.accepted-token"),
                    msg(
                        "input.found.credentials-refused",
                        status=f"{response.status_code} {response.reason_phrase}",
                    ),
                )
            if response.status_code in RETRY_STATUSES and attempt < self.retries:
                wait = retry_after(response, default=delay)
                if wait > self.max_wait:
                    raise refused(
                        where,
                        msg(
                            "input.ingest.answer-within",
                            seconds=Number(Decimal(f"{self.max_wait:g}")),
                        ),
                        msg(
                            "input.found.retry-after",
                            status=str(response.status_code),
                            seconds=Number(Decimal(f"{wait:g}")),
                        ),
                    )
                self.sleep(wait)
                delay *= 2
                continue
            if response.is_error:
                raise refused(
                    where,
                    msg("input.ingest.successful-answer"),
                    f"{response.status_code} {response.reason_phrase}: {response.text[:200]!r}",
                )
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def json(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[Any, httpx.Response]:
        response = self.get(path, params, headers)
        try:
            return response.json(), response
        except ValueError:
            raise refused(
                f"GET {response.url}", msg("input.ingest.json-answer"), repr(response.text[:200])
            ) from None


#: what one page read gives the pager: its rows, the count of the whole list when the
#: helpdesk says it (else None), and where the page was read (for refusals)
Page = tuple[Sequence[Any], int | None, str]


def pages(
    read: Callable[[int], Page], *, size: int, first: int = 0, numbered: bool = False
) -> Iterator[tuple[Sequence[Any], str]]:
    """Every page of a list paged by offset (``numbered=False``: ``read`` is given the
    index of the first row wanted) or by page number (``read`` is given 1, 2...).

    The pages end at an empty page, at the count the helpdesk gave, or -- without a
    count -- at a page shorter than ``size``. A count that changes between pages refuses
    the read (``changed_while_read``): rows moved while it was paged, and some would be
    missed or read twice. The caller may stop early by leaving the loop."""
    position, total = first, None
    while True:
        rows, count, where = read(position)
        if total is not None and count is not None and count != total:
            raise changed_while_read(
                where, msg("input.found.in-all-then", total=total, count=count)
            )
        total = count if count is not None else total
        if rows:
            yield rows, where
        position += 1 if numbered else len(rows)
        if not rows or (total is None and len(rows) < size):
            return
        if total is not None and not numbered and position >= total:
            return


def link_pages(
    http: HelpdeskHttp, path: str, params: Mapping[str, Any] | None
) -> Iterator[tuple[Any, httpx.Response]]:
    """Each page of a list paged by the ``Link`` header (RFC 8288 ``rel="next"``, as
    Freshdesk and Freshservice page): the first with ``params``, the next ones as the
    header names them."""
    following: str | None = path
    while following:
        answer, response = http.json(following, params)
        yield answer, response
        found = _NEXT.search(response.headers.get("Link", ""))
        following, params = (found.group(1) if found else None), None


def retry_after(response: httpx.Response, *, default: float) -> float:
    """Seconds to wait from ``Retry-After`` (a number or an HTTP date), else ``default``."""
    text = response.headers.get("Retry-After", "").strip()
    if not text:
        return default
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return default
    return max(0.0, moment.timestamp() - time.time())


def changed_while_read(where: str, what: Text) -> InputError:
    return refused(
        where, msg("input.ingest.same-pages"), msg("input.found.changed-while-read", what=what)
    )
