"""After any sequence of writes (outages, incident events, late events, a new contract
version, an opening date) interleaved with reads that store figures and background
refreshes, every month the cache holds as valid equals a from-scratch recomputation."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.cli.values import declared_outages
from slaledger.adapters.db import figure_cache, figure_marks
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.models import FigureCache
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.observations import read_outages
from slaledger.domain.periods import Month
from slaledger.services import figure_codec
from slaledger.services.month_figures import month_figures, summary

ROOT = Path(__file__).resolve().parents[3]
CLEAN = ROOT / "tests" / "fixtures" / "contracts" / "invented-clean.yaml"
KEY = "northwind-hosting-clean"
MONTHS = [Month(2025, 1), Month(2025, 2), Month(2025, 3)]
BASE = datetime(2025, 1, 1, tzinfo=UTC)
#: "now" of the reads: after the months, before some events (a late-visible one)
AT = int(datetime(2025, 4, 10, tzinfo=UTC).timestamp())
LATER = datetime(2025, 4, 20, tzinfo=UTC)

outage = st.tuples(
    st.just("outage"), st.integers(0, 89 * 24 * 60), st.integers(1, 48 * 60)
)  # fmt: skip
incident = st.tuples(
    st.just("incident"), st.integers(0, 89 * 24 * 60), st.sampled_from(["sev-a", "sev-b"]),
    st.integers(1, 30 * 60),
)  # fmt: skip
late = st.tuples(st.just("late"), st.sampled_from(["sev-a", "sev-b"]), st.booleans())
version = st.tuples(st.just("version"), st.sampled_from(["99.9", "99.5", "99.95"]))
opening = st.tuples(st.just("opening"), st.integers(0, 60))
read = st.tuples(st.just("read"), st.sampled_from(range(len(MONTHS))))
refresh = st.tuples(st.just("refresh"))
writes = st.lists(
    st.one_of(outage, incident, late, version, opening, read, refresh), min_size=1, max_size=7
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file holding the contract, declared observed over the months."""
    folder = tmp_path_factory.mktemp("figures")
    path = folder / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    csv = folder / "outages.csv"
    csv.write_text("service,start,end,category,reported_at,reference,note\n")
    with Store.transaction(session_factory(url), actor="tests") as store:
        store.upload_contract_file(str(CLEAN))
        covered = declared_outages(read_outages(csv), ["2024-01..2025-12"], "Europe/Berlin")
        assert covered is not None
        store.import_outages(KEY, covered)
    return path


def _copy(source: Path, target: Path) -> None:
    """A copy of the SQLite file, its write-ahead log included (the backup API)."""
    with sqlite3.connect(source) as old, sqlite3.connect(target) as new:
        old.backup(new)


def _apply(store: Store, step: tuple[object, ...], folder: Path, counter: list[int]) -> None:
    kind = step[0]
    counter[0] += 1
    n = counter[0]
    if kind == "outage":
        _, minute, length = step
        start = BASE + timedelta(minutes=int(minute))  # type: ignore[call-overload]
        end = start + timedelta(minutes=int(length))  # type: ignore[call-overload]
        csv = folder / f"outage-{n}.csv"
        csv.write_text(
            "service,start,end,category,reported_at,reference,note\n"
            f"platform,{start.isoformat()},{end.isoformat()},unplanned,"
            f"{start.isoformat()},OUT-{n},\n"
        )
        store.import_outages(KEY, read_outages(csv))
    elif kind == "incident":
        _, minute, klass, answer = step
        at = BASE + timedelta(minutes=int(minute))  # type: ignore[call-overload]
        name = f"INC-{n}"
        store.record_event(KEY, name, event="notified", at=at, service="platform")
        store.record_event(KEY, name, event="classified", at=at, value=str(klass))
        store.record_event(
            KEY,
            name,
            event="acknowledged",
            at=at + timedelta(minutes=int(answer)),  # type: ignore[call-overload]
        )
    elif kind == "late":
        # a reclassification of the earliest incident, recorded now and dated either
        # before "now" or after it (visible to the reads once "now" passes it)
        _, klass, after_now = step
        first = _first_incident(store)
        if first is None:
            return
        name, notified = first
        at = LATER if after_now else notified + timedelta(minutes=1)
        store.record_event(KEY, name, event="classified", at=at, value=str(klass))
    elif kind == "version":
        text = CLEAN.read_text().replace("target: 99.9\n", f"target: {step[1]}\n", 1)
        store.upload_contract(text, file_name="invented-clean.yaml", accept_lint_errors=True)
    elif kind == "opening":
        store.set_opening(KEY, (BASE + timedelta(days=int(step[1]))).date())  # type: ignore[call-overload]
    elif kind == "read":
        figure_cache.cached_figures(store, KEY, [MONTHS[int(step[1])]], at=AT)  # type: ignore[call-overload]
    elif kind == "refresh":
        figure_cache.cached_figures(store, KEY, MONTHS, at=AT)


def _first_incident(store: Store) -> tuple[str, datetime] | None:
    table = store.incident_table(KEY)
    if not table.log.names:
        return None
    log = table.log
    index = int(log.incident[0])
    return log.names[index], datetime.fromtimestamp(int(log.at[0]), UTC)


def _check(store: Store, now: int) -> int:
    """Every valid stored month equals the recomputation; returns how many were checked."""
    contract = store.contract(KEY)
    digest = store.latest_digest(contract)
    assert digest is not None
    rows = store.session.execute(
        select(
            FigureCache.month,
            FigureCache.payload,
            FigureCache.stale_after,
            FigureCache.fingerprint,
        ).where(
            FigureCache.contract_id == contract.id,
            FigureCache.month != figure_marks.GENERATION_MONTH,
            FigureCache.dirty.is_(False),
            FigureCache.version_sha256 == digest[0],
        )
    ).all()
    moment = datetime.fromtimestamp(now, UTC)
    valid = [r for r in rows if r.stale_after is None or r.stale_after > moment]
    if not valid:
        return 0
    inputs = figure_cache.inputs_of(store, KEY, now=moment)
    months = [Month.parse(r.month) for r in valid]
    scratch = month_figures(inputs=inputs, months=months, at=now)
    for row, month in zip(valid, months, strict=True):
        assert row.payload is not None
        assert figure_codec.loads(row.payload) == summary(scratch[month]), row.month
    return len(valid)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=writes, final_at=st.sampled_from([AT, int(LATER.timestamp()) + 3600]))
def test_stored_figures_equal_a_recomputation_after_any_writes(
    template: Path, tmp_path: Path, steps: list[tuple[object, ...]], final_at: int
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "db.sqlite"
    _copy(template, path)
    factory = session_factory(f"sqlite:///{path}")
    counter = [0]
    with Store.transaction(factory, actor="tests") as store:
        figure_cache.cached_figures(store, KEY, MONTHS, at=AT)  # every month stored first
    for step in steps:
        with Store.transaction(factory, actor="tests") as store:
            _apply(store, step, folder, counter)
    with Store.transaction(factory, actor="tests") as store:
        _check(store, final_at)
        # and what the reads return (stored or computed) is the recomputation too
        got = figure_cache.cached_figures(store, KEY, MONTHS, at=final_at)
        inputs = figure_cache.inputs_of(store, KEY, now=datetime.fromtimestamp(final_at, UTC))
        scratch = month_figures(inputs=inputs, months=MONTHS, at=final_at)
        assert got.figures == {m: summary(f) for m, f in scratch.items()}


def test_a_write_marks_its_months_and_leaves_the_others_clean(
    template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "db.sqlite"
    _copy(template, path)
    factory = session_factory(f"sqlite:///{path}")
    with Store.transaction(factory, actor="tests") as store:
        first = figure_cache.cached_figures(store, KEY, [Month(2024, 1), *MONTHS], at=AT)
    assert len(first.computed) == 4
    with Store.transaction(factory, actor="tests") as store:
        _apply(store, ("outage", 40 * 24 * 60, 90), tmp_path, [0])  # 10 February 2025
    with Store.transaction(factory, actor="tests") as store:
        again = figure_cache.cached_figures(store, KEY, [Month(2024, 1), *MONTHS], at=AT)
    # January 2024 lies outside the outage's reach: read from the cache, not computed
    assert again.computed == (Month(2025, 1), Month(2025, 2), Month(2025, 3))
    assert again.figures[Month(2025, 2)] != first.figures[Month(2025, 2)]


def _fresh(database_url: str) -> sessionmaker[Session]:
    upgrade(database_url)
    factory = session_factory(database_url)
    with Store.transaction(factory, actor="tests") as store:
        store.upload_contract_file(str(CLEAN))
    return factory


def test_on_both_databases_a_write_marks_the_months_it_reaches(
    database_url: str, tmp_path: Path
) -> None:
    factory = _fresh(database_url)
    try:
        with Store.transaction(factory, actor="tests") as store:
            first = figure_cache.cached_figures(store, KEY, [Month(2024, 1), *MONTHS], at=AT)
            # stored with the fingerprint of the inputs they were computed from
            digest = store.latest_digest(store.contract(KEY))
            assert digest is not None
            prints = set(store.session.scalars(
                select(FigureCache.fingerprint).where(FigureCache.month != "*")
            ))  # fmt: skip
            assert prints == {figure_cache.fingerprint(store, KEY, digest[0])}
        assert len(first.computed) == 4
        with Store.transaction(factory, actor="tests") as store:
            _apply(store, ("incident", 40 * 24 * 60, "sev-a", 600), tmp_path, [0])
        with Store.transaction(factory, actor="tests") as store:
            again = figure_cache.cached_figures(store, KEY, [Month(2024, 1), *MONTHS], at=AT)
        assert again.computed == tuple(MONTHS)
        assert again.figures[Month(2025, 2)].breached == 1  # A answered in 10 h, not 2
    finally:
        factory.kw["bind"].dispose()


def test_a_result_computed_before_a_write_is_not_stored_after_it(
    database_url: str, tmp_path: Path
) -> None:
    factory = _fresh(database_url)
    try:
        with Store.transaction(factory, actor="tests") as store:
            contract_id = store.contract(KEY).id
            generation = figure_cache.contract_generation(store.session, contract_id)
            inputs = figure_cache.inputs_of(store, KEY, now=datetime.fromtimestamp(AT, UTC))
        before = month_figures(inputs=inputs, months=MONTHS, at=AT)  # read before the write
        with Store.transaction(factory, actor="tests") as store:
            _apply(store, ("outage", 10, 600), tmp_path, [0])
        with Store.transaction(factory, actor="tests") as store:
            stored = figure_cache._store(
                store.session, contract_id, store.latest_digest(store.contract(KEY))[0],  # type: ignore[index]
                {m: summary(f) for m, f in before.items()}, generation=generation,
                computed_at=datetime.now(UTC), stale_after=None, fingerprint="",
            )  # fmt: skip
        assert stored is False
        with Store.transaction(factory, actor="tests") as store:
            assert _check(store, AT) == 0  # nothing stale was kept
    finally:
        factory.kw["bind"].dispose()
