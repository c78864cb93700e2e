"""The store is an observation source like the files it was filled from: the same month
computes the same figure through either, on SQLite and PostgreSQL."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from slaledger.adapters.db.source import StoreObservations
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.coverage import read_coverage
from slaledger.adapters.files.source import FileObservations
from slaledger.bootstrap import contract_calendars
from slaledger.domain.periods import Month
from slaledger.services.availability import availability_for_month
from slaledger.services.ports import ObservationSource
from tests.integration.db.seeds import DATA, contract
from tests.integration.templates import Template


def test_the_store_and_the_files_give_the_same_figures(
    store: Store, ipfolio_template: Template
) -> None:
    """(The store's database is a copy of ``ipfolio_template``: 000's year seeded.)"""
    key = contract("000-ipfolio").id
    terms = contract("000-ipfolio")
    folder = DATA / "000-ipfolio"
    files = FileObservations(
        outages=folder / "outages.csv",
        maintenance=folder / "maintenance.csv",
        covers=read_coverage(folder / "coverage.csv", ZoneInfo(terms.timezone)),
    )
    stored = StoreObservations(store)
    assert isinstance(stored, ObservationSource)
    for month in (Month(2024, 3), Month(2024, 7)):
        figures = [
            availability_for_month(
                contract=terms,
                month=month,
                observations=source.observations(terms),
                calendars=contract_calendars(terms),
            )
            for source in (files, stored)
        ]
        assert figures[0].availability is not None, month
        assert figures[0].availability == figures[1].availability, month
    incidents = stored.incidents(terms)
    assert incidents is not None
    assert key == terms.id
    assert len(incidents.service) > 0
