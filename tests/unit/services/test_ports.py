"""The inputs port: files, the in-memory fake (and, in tests/integration/db, the store)
are observation sources, and a use case computes the same figure from any of them."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.coverage import read_coverage
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.source import FileObservations
from slaledger.adapters.memory import MemoryObservations
from slaledger.bootstrap import contract_calendars
from slaledger.domain.periods import Month
from slaledger.services.availability import availability_for_month
from slaledger.services.ports import ObservationSource

ROOT = Path(__file__).resolve().parents[3]
CONTRACT = ROOT / "examples/contracts/000-ipfolio.yaml"
DATA = ROOT / "examples/data/000-ipfolio"
MARCH = Month(2024, 3)


def _file_source(zone: str) -> FileObservations:
    return FileObservations(
        outages=DATA / "outages.csv",
        maintenance=DATA / "maintenance.csv",
        events=DATA / "events.csv",
        covers=read_coverage(DATA / "coverage.csv", ZoneInfo(zone)),
    )


def test_files_and_memory_are_sources_and_give_the_same_figure() -> None:
    contract = load_contract(CONTRACT).contract
    files = _file_source(contract.timezone)
    read = files.observations(contract)
    memory = MemoryObservations.of(
        {contract.id: read}, {contract.id: read_events(DATA / "events.csv")}
    )
    assert isinstance(files, ObservationSource)
    assert isinstance(memory, ObservationSource)
    figures = [
        availability_for_month(
            contract=contract,
            month=MARCH,
            observations=source.observations(contract),
            calendars=contract_calendars(contract),
        )
        for source in (files, memory)
    ]
    assert figures[0].availability is not None
    assert figures[0].availability == figures[1].availability
    assert figures[0].down_seconds == figures[1].down_seconds > 0
    incidents = memory.incidents(contract)
    assert incidents is not None
    assert len(incidents.service) == len(read_events(DATA / "events.csv").service)


def test_a_source_cites_where_each_record_came_from() -> None:
    contract = load_contract(CONTRACT).contract
    outages = _file_source(contract.timezone).observations(contract).outages
    assert outages is not None
    assert outages.origin.kind == "file"
    assert outages.origin.locate(3, "INC-7") == f"{DATA / 'outages.csv'} row 3 (INC-7)"


def test_memory_source_answers_nothing_for_an_unknown_contract_and_keeps_now() -> None:
    contract = load_contract(CONTRACT).contract
    memory = MemoryObservations()
    assert memory.observations(contract, now=1_700_000_000).now == 1_700_000_000
    assert memory.observations(contract).outages is None
    assert memory.incidents(contract) is None
