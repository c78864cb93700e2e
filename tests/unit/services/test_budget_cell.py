"""The contracts list's budget cell and until when it holds: for random outages and
maintenance windows (some in progress, some dated later than "now") and a random "now",
a cell said to hold until ``until`` is the cell computed at any instant before it; an
outage in progress makes it change now (``until`` None)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.coverage import covers_option, declare
from slaledger.adapters.files.observations import read_maintenance, read_outages
from slaledger.bootstrap import contract_calendars
from slaledger.domain.contract.contract import Contract
from slaledger.domain.periods import Month
from slaledger.services.availability import Observations
from slaledger.services.budget_cell import SteadyCell, steady_cell
from tests.conftest import ROOT

IPFOLIO = load_contract(ROOT / "examples" / "contracts" / "000-ipfolio.yaml").contract
CLEAN = load_contract(ROOT / "tests" / "fixtures" / "contracts" / "invented-clean.yaml").contract
MARCH = Month(2024, 3)
START = datetime(2024, 3, 1, tzinfo=UTC)
OUTAGES = "service,start,end,category,reported_at,reference,note\n"
MAINTENANCE = "service,kind,announced_at,start,end,agreed_by_customer,reference\n"

span = st.tuples(st.integers(0, 30 * 24 * 60), st.integers(1, 12 * 60))
cases = st.fixed_dictionaries(
    {
        "clean": st.booleans(),
        "outages": st.lists(span, max_size=4),
        "maintenance": st.lists(span, max_size=2),
        "now": st.integers(0, 31 * 24 * 60 - 1),
        "probes": st.lists(st.floats(0, 1), min_size=3, max_size=3),
    }
)


def _observations(contract: Contract, case: dict, folder: Path) -> Observations:  # type: ignore[type-arg]
    service = str(contract.availability[0].service)
    lines = []
    for n, (minute, length) in enumerate(case["outages"]):
        start = START + timedelta(minutes=minute)
        end = start + timedelta(minutes=length)
        lines.append(f"{service},{start.isoformat()},{end.isoformat()},unplanned,"
                     f"{start.isoformat()},O-{n},\n")  # fmt: skip
    outages = folder / "outages.csv"
    outages.write_text(OUTAGES + "".join(lines), encoding="utf-8")
    windows = []
    for n, (minute, length) in enumerate(case["maintenance"]):
        start = START + timedelta(minutes=minute)
        end = start + timedelta(minutes=length)
        announced = start - timedelta(days=7)
        windows.append(f"{service},scheduled-maintenance,{announced.isoformat()},"
                       f"{start.isoformat()},{end.isoformat()},false,M-{n}\n")  # fmt: skip
    maintenance = folder / "maintenance.csv"
    maintenance.write_text(MAINTENANCE + "".join(windows), encoding="utf-8")
    zone = ZoneInfo(contract.timezone)
    return Observations(
        outages=declare(read_outages(outages), covers_option(["2023-03..2024-04"], zone)),
        maintenance=read_maintenance(maintenance),
    )


def _cell(contract: Contract, observations: Observations, at: int) -> SteadyCell:
    return steady_cell(
        contract=contract, month=MARCH, at=at, observations=observations,
        calendars=contract_calendars(contract),
    )  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases)
def test_a_cell_holds_until_the_instant_it_names(case: dict) -> None:  # type: ignore[type-arg]
    contract = CLEAN if case["clean"] else IPFOLIO
    with tempfile.TemporaryDirectory() as folder:
        observations = _observations(contract, case, Path(folder))
    at = int((START + timedelta(minutes=case["now"])).timestamp())
    found = _cell(contract, observations, at)
    assert found.cell is not None
    if found.until is None:
        # it changes now: a little later, something the cell is drawn from has moved
        return
    assert at < found.until <= MARCH.end(contract.timezone)
    probes = {found.until - 1, *(at + int(p * (found.until - 1 - at)) for p in case["probes"])}
    for t in sorted(probes):
        assert _cell(contract, observations, t).cell == found.cell, t


def test_an_outage_in_progress_changes_the_cell_now() -> None:
    case = {"outages": [(9 * 24 * 60, 6 * 60)], "maintenance": []}
    with tempfile.TemporaryDirectory() as folder:
        observations = _observations(CLEAN, case, Path(folder))
    during = int((START + timedelta(days=9, hours=1)).timestamp())
    assert _cell(CLEAN, observations, during).until is None
    after = int((START + timedelta(days=10)).timestamp())
    found = _cell(CLEAN, observations, after)
    assert found.until == MARCH.end(CLEAN.timezone)  # nothing dated after: the month's end
    assert found.cell is not None
    assert found.cell.consumed_seconds == 6 * 3600


def test_an_outage_dated_later_ends_the_cell_at_its_start() -> None:
    case = {"outages": [(20 * 24 * 60, 30)], "maintenance": []}
    with tempfile.TemporaryDirectory() as folder:
        observations = _observations(IPFOLIO, case, Path(folder))
    at = int((START + timedelta(days=5)).timestamp())
    found = _cell(IPFOLIO, observations, at)
    assert found.until == int((START + timedelta(days=20)).timestamp())
