"""A stored service opening date as the triggers of a contract's obligations."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from slaledger.adapters.files.contract_file import load_contract
from slaledger.domain.obligations.schedule import known_events
from slaledger.services.obligations import OPENING_EVENTS, opening_triggers
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"
OPENED = date(2024, 1, 15)


@pytest.mark.parametrize(
    ("stem", "events"),
    [
        ("003-previsoft", ["credentials-sent"]),  # counts from the access being handed over
        ("004-imri", ["service-opened"]),  # counts from the opening itself
        ("001-saas-annexes", []),  # no clause counts from the opening
    ],
)
def test_the_opening_stands_for_the_opening_events_the_contract_knows(
    stem: str, events: list[str]
) -> None:
    contract = load_contract(CONTRACTS / f"{stem}.yaml").contract
    triggers = opening_triggers(contract=contract, opened=OPENED)
    assert [t.event for t in triggers] == events
    assert {t.event for t in triggers} == set(OPENING_EVENTS) & known_events(contract)
    zone = ZoneInfo(contract.timezone)
    for trigger in triggers:
        assert trigger.whole_day
        assert trigger.at == datetime(2024, 1, 15, tzinfo=zone)  # local midnight
        assert trigger.at.utcoffset() is not None


def test_no_opening_date_gives_no_trigger() -> None:
    contract = load_contract(CONTRACTS / "004-imri.yaml").contract
    assert opening_triggers(contract=contract, opened=None) == ()
