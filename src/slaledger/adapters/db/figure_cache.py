"""The figure cache: each complete month's figures of a contract, stored as JSON
(``services.figure_codec``) with the contract version they were computed with and a
fingerprint of their inputs; writes mark the months they change (``figure_marks``).

``cached_figures`` answers the months asked: a stored month is read when it is clean,
of the contract's latest version, and no input dated after the evaluation instant has
become visible since (``stale_after``); any other month is computed, stored and
returned. ``refresh`` computes the dirty and missing months of every contract (the
scheduler's job). Only complete months are stored (their end is before "now"): the
current month is always computed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from slaledger.adapters.db import figure_marks, loaders
from slaledger.adapters.db.lru import Lru
from slaledger.adapters.db.models import FigureCache, Incident, IncidentEvent
from slaledger.adapters.db.store import Store
from slaledger.bootstrap import contract_calendars, min_coverage
from slaledger.domain.periods import Month
from slaledger.services import figure_codec
from slaledger.services.month_figures import MonthFigures, MonthInputs, month_figures, summary

GENERATION = figure_marks.GENERATION_MONTH
#: decoded payloads kept in memory, by (row id, generation): a page reading a clean
#: month decodes it once per process
_DECODED: Lru[tuple[int, int], MonthFigures] = Lru(4096)


@dataclass(frozen=True)
class Cached:
    """The months' figures and, for each, when they were computed."""

    figures: dict[Month, MonthFigures]
    computed_at: dict[Month, datetime]
    #: months computed by this call (not read from the cache)
    computed: tuple[Month, ...] = ()

    @property
    def oldest(self) -> datetime | None:
        return min(self.computed_at.values()) if self.computed_at else None


def instant(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def inputs_of(store: Store, key: str, *, now: datetime) -> MonthInputs:
    """A contract's inputs as the dashboard's records hold them."""
    row = store.contract(key)
    loaded = store.loaded_contract(key)
    return MonthInputs(
        contract=loaded.contract,
        calendars=contract_calendars(loaded.contract),
        observations=store.observations(key, now=now),
        incidents=store.incident_table(key),
        fee=None,
        opened=loaders.opening_date(row),
    )


def cached_figures(store: Store, key: str, months: Sequence[Month], *, at: int) -> Cached:
    """The months' figures as of ``at`` (epoch seconds): stored ones when valid, the
    others computed now and stored (complete months only). Commits nothing: the caller's
    transaction does."""
    session = store.session
    contract = store.contract(key)
    digest = store.latest_digest(contract)
    version = "" if digest is None else digest[0]
    zone = store.loaded_contract(key).contract.timezone
    found: dict[Month, MonthFigures] = {}
    stamps: dict[Month, datetime] = {}
    labels = {str(m): m for m in months}
    rows = session.execute(
        select(
            FigureCache.id, FigureCache.month, FigureCache.generation, FigureCache.computed_at,
            FigureCache.stale_after,
        ).where(
            FigureCache.contract_id == contract.id,
            FigureCache.service == "",
            FigureCache.month.in_(list(labels)),
            FigureCache.dirty.is_(False),
            FigureCache.version_sha256 == version,
        )
    ).all()  # fmt: skip
    moment = instant(at)
    for row in rows:
        if row.stale_after is not None and row.stale_after <= moment:
            continue
        figures = _decoded(session, row.id, row.generation)
        if figures is not None and row.computed_at is not None:
            found[labels[row.month]] = figures
            stamps[labels[row.month]] = row.computed_at
    missing = [m for m in months if m not in found]
    if not missing:
        return Cached(found, stamps)
    generation = _generation(session, contract.id)
    inputs = inputs_of(store, key, now=moment)
    made = {m: summary(f) for m, f in month_figures(inputs=inputs, months=missing, at=at).items()}
    now = store.clock()
    complete = [m for m in missing if m.end(zone) <= at]
    if complete:
        stale_after = _next_event(session, contract.id, moment)
        _store(
            session, contract.id, version, {m: made[m] for m in complete},
            generation=generation, computed_at=now, stale_after=stale_after,
            fingerprint=fingerprint(store, key, version),
        )  # fmt: skip
    found.update(made)
    stamps.update({m: now for m in missing})
    return Cached(found, stamps, tuple(missing))


def _decoded(session: Session, row_id: int, generation: int) -> MonthFigures | None:
    known = _DECODED.get((row_id, generation))
    if known is not None:
        return known
    text = session.scalar(select(FigureCache.payload).where(FigureCache.id == row_id))
    if text is None:
        return None
    figures = figure_codec.loads(text)
    if not isinstance(figures, MonthFigures):
        return None
    return _DECODED.put((row_id, generation), figures)


def _generation(session: Session, contract_id: int) -> int:
    """The contract's generation, its row created when missing."""
    found = session.scalar(
        select(FigureCache.generation).where(
            FigureCache.contract_id == contract_id, FigureCache.month == GENERATION
        )
    )
    if found is not None:
        return found
    figure_marks.mark(session, contract_id, "9999-99", "9999-99")  # creates the row
    return _generation(session, contract_id)


def _next_event(session: Session, contract_id: int, moment: datetime) -> datetime | None:
    """The first incident event of the contract dated after ``moment``: once "now"
    passes it, the clocks read it and the month is computed again."""
    return session.scalar(
        select(func.min(IncidentEvent.at))
        .join(Incident, Incident.id == IncidentEvent.incident_id)
        .where(Incident.contract_id == contract_id, IncidentEvent.at > moment)
    )


def _store(
    session: Session,
    contract_id: int,
    version: str,
    figures: dict[Month, MonthFigures],
    *,
    generation: int,
    computed_at: datetime,
    stale_after: datetime | None,
    fingerprint: str,
) -> bool:
    """Store the months unless a write marked the contract since ``generation`` was
    read (then the next read computes them again); True when stored."""
    claimed = session.execute(
        update(FigureCache)
        .where(
            FigureCache.contract_id == contract_id,
            FigureCache.month == GENERATION,
            FigureCache.generation == generation,
        )
        .values(generation=FigureCache.generation)  # locks the row until commit
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    table = FigureCache.__table__
    maker: Any = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for month, value in figures.items():
        values = {
            "contract_id": contract_id,
            "service": "",
            "month": str(month),
            "version_sha256": version,
            "fingerprint": fingerprint,
            "payload": figure_codec.dumps(value),
            "computed_at": computed_at,
            "stale_after": stale_after,
            "dirty": False,
            "generation": 0,
        }
        statement = maker(table).values(**values)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["contract_id", "service", "month"],
                set_={
                    **{k: statement.excluded[k] for k in values if k != "generation"},
                    "generation": table.c.generation + 1,
                },
            )
        )
    return True


def fingerprint(store: Store, key: str, version: str) -> str:
    """sha256 of what the contract's figures are computed from: the version, the
    opening date, the coverage threshold and every stored input (outages, measured
    interruptions, maintenance windows, observed periods, contract events, incident
    logs)."""
    session = store.session
    contract = store.contract(key)
    sha = hashlib.sha256()
    sha.update(f"{version}|{loaders.opening_date(contract)}|{min_coverage()}".encode())
    outages = loaders.outage_table(session, contract)
    windows = loaders.maintenance_table(session, contract)
    columns = (
        outages.service, outages.start, outages.end, outages.category,
        outages.reported_at, outages.reported, windows.service, windows.kind,
        windows.announced_at, windows.start, windows.end, windows.agreed_by_customer,
    )  # fmt: skip
    for column in columns:
        sha.update(column.astype(str).tobytes())
    sha.update(repr(outages.covers).encode())
    sha.update(repr(store.obligation_events(key)).encode())
    log = store.incident_table(key).log
    for array in (log.incident, log.at, log.kind, log.value):
        sha.update(array.astype(str).tobytes())
    sha.update(repr(log.names).encode())
    return sha.hexdigest()


def refresh(store: Store, *, at: int, months: int = 13) -> dict[str, int]:
    """Compute the dirty and missing complete months (the last ``months`` before the
    month ``at`` falls in) of every contract; returns how many each contract got."""
    done: dict[str, int] = {}
    for key in store.contract_keys():
        zone = store.loaded_contract(key).contract.timezone
        local = instant(at).astimezone(ZoneInfo(zone))
        last = Month(local.year, local.month).shift(-1)
        wanted = [last.shift(-i) for i in range(months - 1, -1, -1)]
        done[key] = len(cached_figures(store, key, wanted, at=at).computed)
    return done
