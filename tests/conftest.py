"""Shared fixtures: the example calendars, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from slaledger.adapters.files.calendar_file import load_calendar_file
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CALENDARS = ROOT / "examples" / "calendars.yaml"


@pytest.fixture(scope="session")
def calendars() -> dict[str, BusinessCalendar]:
    provider = HolidaysPackage()
    return {
        name: BusinessCalendar(spec, provider)
        for name, spec in load_calendar_file(EXAMPLE_CALENDARS).items()
    }
