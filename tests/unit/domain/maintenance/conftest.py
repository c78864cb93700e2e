"""The maintenance rules of IMRI (004) and PREVISOFT (003), built from the seed files."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.contract import Contract
from slaledger.domain.maintenance import MaintenanceRules
from tests.conftest import ROOT

PARIS = ZoneInfo("Europe/Paris")
CONTRACTS = ROOT / "examples" / "contracts"
HOUR = 3600


def at(text: str) -> int:
    """Epoch seconds of a Paris wall time 'YYYY-MM-DD HH:MM'."""
    return int(datetime.fromisoformat(text).replace(tzinfo=PARIS).timestamp())


def _rules(contract: Contract, **extra: object) -> MaintenanceRules:
    provider = HolidaysPackage()
    built = {name: BusinessCalendar(spec, provider) for name, spec in contract.calendars.items()}
    return MaintenanceRules(
        clauses=contract.maintenance,
        calendars=built.__getitem__,
        zone=PARIS,
        kpis=contract.kpis,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
def imri() -> Contract:
    return load_contract(CONTRACTS / "004-imri.yaml").contract


@pytest.fixture(scope="session")
def previsoft() -> Contract:
    return load_contract(CONTRACTS / "003-previsoft.yaml").contract


@pytest.fixture(scope="session")
def imri_rules(imri: Contract) -> MaintenanceRules:
    return _rules(imri)


@pytest.fixture(scope="session")
def previsoft_rules(previsoft: Contract) -> MaintenanceRules:
    return _rules(previsoft)


@pytest.fixture
def make_rules():
    return _rules
