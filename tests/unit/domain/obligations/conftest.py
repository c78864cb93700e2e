"""The seed contracts and their calendars, loaded once for the obligations tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.contract import Contract
from tests.conftest import ROOT

PARIS = ZoneInfo("Europe/Paris")
CONTRACTS = ROOT / "examples" / "contracts"


def paris(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=PARIS)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def seeds() -> dict[str, Contract]:
    return {
        path.stem.split("-", 1)[0]: load_contract(path).contract
        for path in sorted(CONTRACTS.glob("00*.yaml"))
    }


@pytest.fixture(scope="session")
def seed_calendars(seeds: dict[str, Contract]) -> dict[str, dict[str, BusinessCalendar]]:
    provider = HolidaysPackage()
    return {
        key: {name: BusinessCalendar(spec, provider) for name, spec in c.calendars.items()}
        for key, c in seeds.items()
    }
