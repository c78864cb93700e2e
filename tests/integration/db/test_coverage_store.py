"""The store keeps what the measurements cover (table ``observed_period``): the periods an
outages import declares complete, and what imported counts observed; figures read from
the store are no data exactly where the same files say so."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from slaledger.adapters.db.models import AuditEntry, ObservedPeriod
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.coverage import covers_option, declare
from slaledger.adapters.files.observations import read_counts, read_outages
from slaledger.bootstrap import contract_calendars
from slaledger.domain.coverage import count_intervals
from slaledger.domain.periods import Month
from slaledger.services.availability import availability_for_month
from tests.integration.db.seeds import CONTRACTS, DATA, contract, file_observations, seed
from tests.integration.templates import Template

PARIS = ZoneInfo("Europe/Paris")


def _figure(store: Store, key: str, stem: str, month: Month, now: datetime | None = None):  # type: ignore[no-untyped-def]
    terms = contract(stem)
    return availability_for_month(
        contract=terms,
        month=month,
        observations=store.observations(key, now=now),
        calendars=contract_calendars(terms),
    )


def test_an_outages_import_without_a_declaration_gives_no_data(store: Store) -> None:
    key = store.upload_contract_file(str(CONTRACTS / "000-ipfolio.yaml"), accept_lint_errors=True)
    key_text = key.contract.key
    store.import_outages(key_text, read_outages(DATA / "000-ipfolio" / "outages.csv"))
    figure = _figure(store, key_text, "000-ipfolio", Month(2024, 3))
    assert figure.availability is None
    assert figure.met is None
    assert figure.coverage is not None
    assert figure.coverage.cause == "no-source"


def test_a_declared_import_is_stored_audited_and_gives_the_figure(store: Store) -> None:
    version = store.upload_contract_file(
        str(CONTRACTS / "000-ipfolio.yaml"), accept_lint_errors=True
    )
    key = version.contract.key
    table = declare(
        read_outages(DATA / "000-ipfolio" / "outages.csv"),
        covers_option(["2024-03..2024-03"], ZoneInfo("UTC")),
    )
    assert table is not None
    store.import_outages(key, table)
    [period] = store.session.query(ObservedPeriod).all()
    assert (period.origin, period.service_id) == ("outages", None)
    assert period.start == datetime(2024, 3, 1, tzinfo=UTC)
    assert period.end == datetime(2024, 4, 1, tzinfo=UTC)
    entry = store.session.query(AuditEntry).order_by(AuditEntry.seq.desc()).first()
    assert entry is not None
    assert entry.entity == "outage"
    assert json.loads(entry.payload)["covers"] == [
        "2024-03-01T00:00:00+00:00/2024-04-01T00:00:00+00:00"
    ]
    march = _figure(store, key, "000-ipfolio", Month(2024, 3))
    assert march.coverage is not None
    assert march.coverage.cause == "complete"
    assert march.availability is not None
    assert _figure(store, key, "000-ipfolio", Month(2024, 4)).availability is None


def test_stored_figures_say_no_data_exactly_where_the_files_do(store: Store) -> None:
    """Every seed, every month of 2024 and December 2023: the store (declared outages,
    counts observed at import) and the files agree on the coverage state and figure."""
    for stem in ("000-ipfolio", "001-saas-annexes", "003-previsoft"):
        key = seed(store, stem)
        terms = contract(stem)
        files = file_observations(stem)
        for month in [Month(2023, 12), *(Month(2024, m) for m in range(1, 13))]:
            stored = _figure(store, key, stem, month)
            direct = availability_for_month(
                contract=terms, month=month, observations=files,
                calendars=contract_calendars(terms),
            )  # fmt: skip
            assert stored.coverage is not None
            assert direct.coverage is not None
            assert stored.coverage.state == direct.coverage.state, (stem, month)
            assert stored.availability == direct.availability, (stem, month)


def test_counts_record_what_they_observed_and_the_service_clock_bounds_it(
    store: Store, saas_template: Template
) -> None:
    """(The store's database is a copy of ``saas_template``: 001's year seeded.)"""
    key = contract("001-saas-annexes").id
    runs = store.session.query(ObservedPeriod).filter(ObservedPeriod.origin == "counts").all()
    counts = read_counts(DATA / "001-saas-annexes" / "counts.parquet")
    # one run per stretch of consecutive minutes: the seed's missing minutes are gaps
    stretches = count_intervals(counts.interval_start, counts.interval_seconds)
    assert len(runs) == len(stretches) > 1
    assert sorted(r.start for r in runs)[0] == datetime.fromtimestamp(
        int(counts.interval_start.min()), UTC
    )
    # as of the middle of March 2024, April is in the future and March partly observed
    now = datetime(2024, 3, 16, tzinfo=PARIS)
    assert _figure(store, key, "001-saas-annexes", Month(2024, 4), now).availability is None
    march = _figure(store, key, "001-saas-annexes", Month(2024, 3), now)
    assert march.coverage is not None
    assert march.coverage.cause == "running"
    assert march.availability is not None
