"""Every contract's stored figures at once, for the pages that list contracts (the
contracts page, the credits page): a handful of queries for all contracts — their
parties, latest versions, opening dates, stored months and possibly open incidents —
instead of a dozen per contract. Months not stored yet are computed and stored contract
by contract (``figure_cache.cached_figures``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from slaledger.adapters.db import figure_cache, loaders
from slaledger.adapters.db.models import (
    Contract,
    ContractVersion,
    Customer,
    Provider,
    Service,
)
from slaledger.adapters.db.open_candidates import open_candidates
from slaledger.adapters.db.store import Store
from slaledger.bootstrap import contract_calendars
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.periods import Month
from slaledger.services.availability import Observations
from slaledger.services.month_figures import MonthInputs, incident_views


@dataclass(frozen=True)
class ContractFigures:
    contract_id: int
    key: str
    customer: str
    provider: str
    loaded: LoadedContract
    opened: date | None
    cached: figure_cache.Cached
    #: incidents open at the instant asked (None: not asked)
    live: int | None


def contracts_figures(
    store: Store,
    *,
    may_see: Callable[[str], bool],
    months_of: Callable[[LoadedContract], Sequence[Month]],
    at: int,
    live: bool = False,
) -> list[ContractFigures]:
    """The contracts whose customer ``may_see``, in key order, each with the figures of
    the months ``months_of`` names for its terms and, when ``live``, its open incidents."""
    session = store.session
    rows = [
        r
        for r in session.execute(
            select(Contract.id, Contract.key, Customer.name, Provider.name)
            .join(Customer, Customer.id == Contract.customer_id)
            .join(Provider, Provider.id == Contract.provider_id)
            .order_by(Contract.key)
        )
        if may_see(r[2])
    ]
    ids = [r[0] for r in rows]
    if not ids:
        return []
    latest: dict[int, tuple[int, int, str, str]] = {}
    for cid, vid, number, sha, name in session.execute(
        select(
            ContractVersion.contract_id, ContractVersion.id, ContractVersion.number,
            ContractVersion.sha256, ContractVersion.file_name,
        ).where(ContractVersion.contract_id.in_(ids))
    ):  # fmt: skip
        if cid not in latest or number > latest[cid][0]:
            latest[cid] = (number, vid, sha, name)
    openings: defaultdict[int, list[str]] = defaultdict(list)
    for cid, opened_on in session.execute(
        select(Service.contract_id, Service.opened_on).where(Service.contract_id.in_(ids))
    ):
        if opened_on:
            openings[cid].append(opened_on)
    loaded = {
        cid: loaders.parsed_version(session, vid, sha, name)
        for cid, (_, vid, sha, name) in latest.items()
    }
    moment = figure_cache.instant(at)
    wanted = {cid: (latest[cid][2], list(months_of(loaded[cid]))) for cid in loaded}
    stored = figure_cache.stored_months(session, wanted, moment)
    counts = _live_counts(store, rows, loaded, at) if live else {}
    found = []
    for cid, key, customer, provider in rows:
        if cid not in loaded:
            continue
        months = wanted[cid][1]
        known = stored[cid]
        cached = (
            figure_cache.Cached(dict(known[0]), dict(known[1]))
            if all(m in known[0] for m in months)
            else figure_cache.cached_figures(store, key, months, at=at, known=known)
        )
        opened = min(openings[cid]) if openings[cid] else None
        found.append(
            ContractFigures(
                contract_id=cid, key=key, customer=customer, provider=provider, loaded=loaded[cid],
                opened=None if opened is None else date.fromisoformat(opened),
                cached=cached, live=counts.get(cid, 0) if live else None,
            )
        )  # fmt: skip
    return found


def _live_counts(
    store: Store,
    rows: Sequence[tuple[int, str, str, str]],
    loaded: dict[int, LoadedContract],
    at: int,
) -> dict[int, int]:
    """Incidents open at ``at`` per contract id: the incidents that may be open
    (notified by then, neither restored nor closed: ``open_candidates``, kept while no
    write changed them), then their logs evaluated."""
    ids = {r[0] for r in rows}
    candidates = open_candidates(store.session, ids, figure_cache.instant(at))
    counts: dict[int, int] = {}
    for cid, key, _, _ in rows:
        if not candidates.get(cid) or cid not in loaded:
            continue
        terms = loaded[cid].contract
        inputs = MonthInputs(
            contract=terms,
            calendars=contract_calendars(terms),
            observations=Observations(),
            incidents=store.incident_table(key, keys=candidates[cid]),
        )
        counts[cid] = sum(1 for view in incident_views(inputs, at) if view.open)
    return counts
