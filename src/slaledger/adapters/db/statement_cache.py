"""Rendered statements of complete months, kept while nothing they read has changed.

A statement of a complete month is a function of what the store holds (every table it
reads is covered by the audit chain: a write appends an entry, ``audit_data``), of the
day it is issued on, and of what the reader asked (audience, language, format, fee).
So the rendered bytes are kept in memory under the chain's last entry (its sequence
number and hash: two databases never share one), the issue day and the request: the
same request answers the same bytes until any write lands or the day changes. A
statement is kept only when the chain did not move while it was read (its anchor, read
after its inputs, is the entry read before them), so a concurrent write can never leave
a statement filed under an entry it does not match.
The current month's statement reads the clock and is never kept. Per process: each
worker keeps its own (a few hundred kilobytes a statement).
"""

from __future__ import annotations

import time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from slaledger.adapters.db.lru import Lru
from slaledger.adapters.db.models import AuditEntry, Contract
from slaledger.adapters.db.statements import stored_statement
from slaledger.adapters.db.store import Store
from slaledger.adapters.reports.statement import render
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.contract.values import Money
from slaledger.domain.periods import Month

#: (database, contract, month, audience, language, format, fee, chain's last entry, day)
Key = tuple[str, int, str, str, str, str, str, tuple[int, str], str]
_RENDERED: Lru[Key, bytes] = Lru(128)


def rendered_statement(
    store: Store,
    contract: Contract,
    *,
    month: Month,
    loaded: LoadedContract,
    fee: Money | None,
    audience: str,
    language: str,
    format: str,
) -> bytes:
    """The statement of ``month`` rendered in ``language`` and ``format``: the kept
    bytes when the chain has not moved since they were rendered, else rendered now (and
    kept when the month is complete). Gives the store's connection back before
    rendering, as ``stored_statement(release=True)`` does."""
    zone = loaded.contract.timezone
    complete = month.end(zone) <= int(time.time())  # build_statement's own clock
    last = last_entry(store)
    issued = store.clock().astimezone(ZoneInfo(zone)).date().isoformat()
    database = str(store.session.get_bind().engine.url)
    key: Key = (
        database, contract.id, str(month), audience, language, format, repr(fee), last, issued,
    )  # fmt: skip
    if complete:
        kept = _RENDERED.get(key)
        if kept is not None:
            store.release()
            return kept
    built = stored_statement(
        store, contract, month=month, loaded=loaded, fee=fee, audience=audience, release=True
    )
    body = render(built, language=language, format=format)
    anchored = (0, "") if built.anchor is None else (built.anchor.seq, built.anchor.hash)
    if complete and anchored == last:
        _RENDERED.put(key, body)
    return body


def last_entry(store: Store) -> tuple[int, str]:
    """The audit chain's last entry, its sequence number and hash ((0, ""): empty)."""
    found = store.session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return (0, "") if found is None else (int(found.seq), str(found.hash))


def forget() -> None:
    """Drop every kept statement (tests)."""
    _RENDERED.clear()
