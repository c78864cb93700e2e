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
from collections.abc import Mapping, Sequence
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
from slaledger.services.availability import Observations
from slaledger.services.month_figures import (
    MonthFigures,
    MonthInputs,
    incident_views,
    month_figures,
    summary,
)

GENERATION = figure_marks.GENERATION_MONTH
#: decoded payloads kept in memory, by (database, row id, generation, computed at): a
#: page reading a clean month decodes it once per process (every store of a row bumps
#: its generation; the database's address keeps two databases' rows apart)
_DECODED: Lru[tuple[str, int, int, datetime | None], MonthFigures] = Lru(4096)


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


def cached_figures(
    store: Store,
    key: str,
    months: Sequence[Month],
    *,
    at: int,
    known: tuple[dict[Month, MonthFigures], dict[Month, datetime]] | None = None,
) -> Cached:
    """The months' figures as of ``at`` (epoch seconds): stored ones when valid, the
    others computed now and stored (complete months only). ``known``: the valid stored
    months already read (``stored_months``). Commits nothing: the caller's transaction
    does."""
    session = store.session
    contract = store.contract(key)
    digest = store.latest_digest(contract)
    version = "" if digest is None else digest[0]
    moment = instant(at)
    if known is None:
        known = stored_months(session, {contract.id: (version, months)}, moment).get(
            contract.id, ({}, {})
        )
    found, stamps = dict(known[0]), dict(known[1])
    missing = [m for m in months if m not in found]
    if not missing:
        return Cached(found, stamps)
    zone = store.loaded_contract(key).contract.timezone
    generation = contract_generation(session, contract.id)
    inputs = inputs_of(store, key, now=moment)
    made = {m: summary(f) for m, f in month_figures(inputs=inputs, months=missing, at=at).items()}
    now = store.clock()
    complete = [m for m in missing if m.end(zone) <= at]
    if complete:
        stale_after = _next_event(session, contract.id, moment)
        _store(
            session, contract.id, version, {m: made[m] for m in complete},
            generation=generation, computed_at=now, stale_after=stale_after,
            fingerprint=inputs_fingerprint(inputs, version),
        )  # fmt: skip
    found.update(made)
    stamps.update({m: now for m in missing})
    return Cached(found, stamps, tuple(missing))


def stored_months(
    session: Session,
    wanted: Mapping[int, tuple[str, Sequence[Month]]],
    moment: datetime,
) -> dict[int, tuple[dict[Month, MonthFigures], dict[Month, datetime]]]:
    """For each contract id -> (its latest version's sha256, the months asked), the
    valid stored months and when they were computed: one query for all."""
    labels = sorted({str(m) for _, months in wanted.values() for m in months})
    result: dict[int, tuple[dict[Month, MonthFigures], dict[Month, datetime]]] = {
        cid: ({}, {}) for cid in wanted
    }
    if not labels or not wanted:
        return result
    rows = session.execute(
        select(
            FigureCache.id, FigureCache.contract_id, FigureCache.month, FigureCache.generation,
            FigureCache.computed_at, FigureCache.stale_after, FigureCache.version_sha256,
        ).where(
            FigureCache.contract_id.in_(sorted(wanted)),
            FigureCache.service == "",
            FigureCache.month.in_(labels),
            FigureCache.dirty.is_(False),
        )
    ).all()  # fmt: skip
    for row in rows:
        version, months = wanted[row.contract_id]
        asked = {str(m): m for m in months}
        if row.version_sha256 != version or row.month not in asked or row.computed_at is None:
            continue
        if row.stale_after is not None and row.stale_after <= moment:
            continue
        figures = _decoded(session, row.id, row.generation, row.computed_at)
        if figures is not None:
            result[row.contract_id][0][asked[row.month]] = figures
            result[row.contract_id][1][asked[row.month]] = row.computed_at
    return result


def _decoded(
    session: Session, row_id: int, generation: int, computed_at: datetime | None
) -> MonthFigures | None:
    key = (str(session.get_bind().engine.url), row_id, generation, computed_at)
    known = _DECODED.get(key)
    if known is not None:
        return known
    text = session.scalar(select(FigureCache.payload).where(FigureCache.id == row_id))
    if text is None:
        return None
    figures = figure_codec.loads(text)
    if not isinstance(figures, MonthFigures):
        return None
    return _DECODED.put(key, figures)


def contract_generation(session: Session, contract_id: int) -> int:
    """The contract's generation, its row created when missing: read it before the
    inputs, ``claim`` it before storing what was computed from them."""
    found = session.scalar(
        select(FigureCache.generation).where(
            FigureCache.contract_id == contract_id, FigureCache.month == GENERATION
        )
    )
    if found is not None:
        return found
    figure_marks.mark(session, contract_id, "9999-99", "9999-99")  # creates the row
    return contract_generation(session, contract_id)


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
    if not claim(session, contract_id, generation):
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


def claim(session: Session, contract_id: int, generation: int) -> bool:
    """Lock the contract's generation row if it still is ``generation`` (no write marked
    the contract since it was read): True when what was computed from the inputs read
    after it may be stored."""
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
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def fingerprint(store: Store, key: str, version: str) -> str:
    """sha256 of what the contract's figures are computed from, as stored now: the
    version, the opening date, the coverage threshold and every input (outages, measured
    interruptions, maintenance windows, observed periods, contract events, incident
    logs). A valid stored month carries the fingerprint of the inputs as they are."""
    return inputs_fingerprint(inputs_of(store, key, now=datetime.now(UTC)), version)


def inputs_fingerprint(inputs: MonthInputs, version: str) -> str:
    """``fingerprint`` of inputs already loaded (what was computed from)."""
    sha = hashlib.sha256()
    sha.update(f"{version}|{inputs.opened}|{min_coverage()}".encode())
    observed = inputs.observations
    for table in (observed.outages, observed.maintenance):
        if table is None:
            continue
        for name in sorted(vars(table)):
            value = getattr(table, name)
            if hasattr(value, "dtype"):
                sha.update(f"{name}:".encode() + value.astype(str).tobytes())
    covers = observed.outages.covers if observed.outages is not None else ()
    sha.update(repr(covers).encode())
    sha.update(repr(observed.contract_events).encode())
    if inputs.incidents is not None:
        log = inputs.incidents.log
        for array in (log.incident, log.at, log.kind, log.value):
            sha.update(array.astype(str).tobytes())
        sha.update(repr(log.names).encode())
    return sha.hexdigest()


def refresh(
    store: Store, *, at: int, months: int = 13, keys: Sequence[str] | None = None
) -> dict[str, int]:
    """Compute the dirty and missing complete months (the last ``months`` before the
    month ``at`` falls in) of every contract (or of ``keys``); returns how many each
    contract got."""
    done: dict[str, int] = {}
    for key in store.contract_keys() if keys is None else keys:
        zone = store.loaded_contract(key).contract.timezone
        local = instant(at).astimezone(ZoneInfo(zone))
        last = Month(local.year, local.month).shift(-1)
        wanted = [last.shift(-i) for i in range(months - 1, -1, -1)]
        done[key] = len(cached_figures(store, key, wanted, at=at).computed)
    return done


def live_count(store: Store, key: str, *, at: int) -> int:
    """The contract's incidents open at ``at`` (notified by then, neither restored nor
    closed), their logs evaluated now: only the incidents that may be open are read."""
    contract = store.contract(key)
    moment = instant(at)
    ended = select(IncidentEvent.incident_id).where(
        IncidentEvent.event.in_(("restored", "closed")), IncidentEvent.at <= moment
    )
    started = select(IncidentEvent.incident_id).where(
        IncidentEvent.event == "notified", IncidentEvent.at <= moment
    )
    keys = list(
        store.session.scalars(
            select(Incident.key).where(
                Incident.contract_id == contract.id,
                Incident.id.in_(started),
                Incident.id.not_in(ended),
            )
        )
    )
    if not keys:
        return 0
    loaded = store.loaded_contract(key)
    inputs = MonthInputs(
        contract=loaded.contract,
        calendars=contract_calendars(loaded.contract),
        observations=Observations(),
        incidents=loaders.incident_table(store.session, contract, keys=keys),
    )
    return sum(1 for view in incident_views(inputs, at) if view.open)
