"""The services compute the same figures from the store as from the files: availability
and credits of every month of the generated year, for every seed with a commitment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from slaledger.adapters.db.loaders import opening_date
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.observations import read_samples
from slaledger.adapters.i18n import english
from slaledger.bootstrap import contract_calendars
from slaledger.domain.message import decoded
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    AvailabilityError,
    Observations,
    availability_for_month,
    credits_for_month,
)
from tests.integration.db.seeds import CONTRACTS, contract, file_observations
from tests.integration.templates import Template

FEE = Decimal("1000")
#: 001 has per-minute request counts (derived interruptions), 003 outages and maintenance
MEASURED = ("001-saas-annexes", "003-previsoft")


def figures(store_or_none: Store | None, stem: str, key: str | None = None) -> list[object]:
    """(availability, credit percent, claim deadline) of each month of 2024."""
    terms = contract(stem)
    if store_or_none is None:
        observations = file_observations(stem)
    else:
        assert key is not None
        terms = store_or_none.loaded_contract(key).contract
        observations = store_or_none.observations(key)
    calendars = contract_calendars(terms)
    out: list[object] = []
    for number in range(1, 13):
        month = Month(2024, number)
        measure = availability_for_month(
            contract=terms, month=month, observations=observations, calendars=calendars
        )
        try:
            report = credits_for_month(
                contract=terms,
                month=month,
                observations=observations,
                calendars=calendars,
                fee=FEE,
            )
        except AvailabilityError:
            report = None
        out.append(
            (
                measure.availability,
                measure.down_seconds,
                report and (report.credit.percent, report.credit.amount),
            )
        )
    return out


@pytest.fixture
def measured_template(stem: str, request: pytest.FixtureRequest) -> Template:
    """The seed template of ``stem`` (``saas_template`` or ``previsoft_template``)."""
    names = {"001-saas-annexes": "saas_template", "003-previsoft": "previsoft_template"}
    template: Template = request.getfixturevalue(names[stem])
    return template


@pytest.mark.parametrize("stem", MEASURED)
def test_availability_and_credits_from_the_store_equal_those_from_the_files(
    store: Store, stem: str, measured_template: Template
) -> None:
    """(The store's database is a copy of ``measured_template``: the seed stored.)"""
    key = contract(stem).id
    from_files = figures(None, stem)
    from_store = figures(store, stem, key)
    assert from_store == from_files
    assert any(down for _, down, _ in from_files)  # the year has downtime to compare


def test_counts_are_stored_as_few_interruptions_and_monthly_totals(
    store: Store, saas_template: Template
) -> None:
    """(The store's database is a copy of ``saas_template``: 001's year seeded.)"""
    from sqlalchemy import func, select

    from slaledger.adapters.db.models import Interruption, ObservationMonth
    from slaledger.adapters.files.observations import read_counts
    from tests.integration.db.seeds import DATA

    counts = read_counts(DATA / "001-saas-annexes" / "counts.parquet")
    key = contract("001-saas-annexes").id
    interruptions = store.count(Interruption)
    assert 0 < interruptions < len(counts) / 1000
    totals = store.session.execute(
        select(func.sum(ObservationMonth.rows), func.sum(ObservationMonth.total_requests))
    ).one()
    assert (int(totals[0]), int(totals[1])) == (len(counts), int(counts.total.sum()))
    # a measured interruption's reason is kept as its message, read back as the note
    notes = [english(decoded(n)) for n in store.outage_table(key).note.tolist()]
    measured = [n for n in notes if n.startswith("server-error rate strictly above")]
    assert 1 <= len(measured) <= interruptions


def test_a_measured_interruption_reads_in_the_language_of_its_reader(
    store: Store, saas_template: Template
) -> None:
    """Its reason is stored as the message (JSON), so the trace renders it in French too;
    a row stored before, as its English sentence, still reads as it was written. (The
    store's database is a copy of ``saas_template``: 001's year seeded.)"""
    from sqlalchemy import select

    from slaledger.adapters.db.models import Interruption
    from slaledger.adapters.i18n import render
    from slaledger.domain.message import Message

    key = contract("001-saas-annexes").id
    rows = store.session.scalars(select(Interruption).order_by(Interruption.id)).all()
    kept = decoded(rows[0].reason)
    assert isinstance(kept, Message)
    assert english(kept).startswith("server-error rate strictly above")
    assert render(kept, "fr") != english(kept)
    rows[0].reason = "an English sentence kept before messages were"
    store.commit()
    notes = store.outage_table(key).note.tolist()
    assert "an English sentence kept before messages were" in notes
    assert decoded("an English sentence kept before messages were") == (
        "an English sentence kept before messages were"
    )


def test_probe_samples_give_the_same_availability_from_the_store(
    store: Store, tmp_path: Path
) -> None:
    samples = tmp_path / "samples.csv"
    lines = ["service,at,up"]
    for minute in range(0, 24 * 60, 5):  # one day of probes, down from 10:00 to 10:45
        state = "false" if 600 <= minute < 645 else "true"
        lines.append(f"solution,2024-03-05T{minute // 60:02d}:{minute % 60:02d}:00Z,{state}")
    samples.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_samples(samples)
    key = store.upload_contract_file(
        str(CONTRACTS / "001-saas-annexes.yaml"), accept_lint_errors=True
    ).contract.key
    assert store.import_samples(key, table) >= 1
    store.commit()
    terms = contract("001-saas-annexes")
    calendars = contract_calendars(terms)
    month = Month(2024, 3)
    from_file = availability_for_month(
        contract=terms, month=month, observations=Observations(samples=table), calendars=calendars
    )
    from_store = availability_for_month(
        contract=terms, month=month, observations=store.observations(key), calendars=calendars
    )
    assert from_file.down_seconds > 0
    assert (from_store.availability, from_store.down_seconds) == (
        from_file.availability,
        from_file.down_seconds,
    )


def test_the_opening_date_is_read_from_the_stored_services(store: Store) -> None:
    version = store.upload_contract_file(str(CONTRACTS / "004-imri.yaml"), accept_lint_errors=True)
    row = version.contract
    assert opening_date(row) is None
    store.set_opening(row.key, date(2024, 1, 15))
    store.commit()
    assert opening_date(row) == date(2024, 1, 15)
    first = row.services[0]
    assert opening_date(row, first.name) == date(2024, 1, 15)
    first.opened_on = "2023-12-01"  # one service opened earlier: the contract's is the earliest
    assert opening_date(row) == date(2023, 12, 1)
    assert opening_date(row, "no-such-service") is None
