"""The seed-001 support mailbox and its hand-written equivalent, for the e-mail tests."""

from __future__ import annotations

from datetime import datetime

from slaledger.adapters.files.contract_file import load_contract
from slaledger.bootstrap import contract_calendars
from slaledger.domain.calendar.engine import to_epoch
from slaledger.domain.incidents.log import EVENTS
from slaledger.domain.incidents.table import IncidentTable
from slaledger.services.incidents import IncidentView, evaluate_incidents
from tests.conftest import ROOT

CONTRACT = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
RULES = ROOT / "examples" / "data" / "001-saas-annexes" / "mail-rules.yaml"
MBOX = ROOT / "examples" / "data" / "001-saas-annexes" / "mail.mbox"
FIXTURES = ROOT / "tests" / "fixtures" / "mail"
SEED_MAIL = FIXTURES / "001"
#: the same history as the mailbox, written by hand as an events file
HAND_WRITTEN = FIXTURES / "001-events.csv"
AT = to_epoch(datetime.fromisoformat("2024-04-10T00:00:00+02:00"))


def clocks(table: IncidentTable) -> list[IncidentView]:
    """Every clock of every incident of 001, through the incidents use case."""
    contract = load_contract(CONTRACT).contract
    return evaluate_incidents(
        contract=contract,
        log=table.log,
        at=AT,
        calendars=contract_calendars(contract),
        kinds=table.kind,
        effort_seconds=table.effort_seconds,
    )


def history(table: IncidentTable) -> list[tuple[str, int, str, str | None, str | None]]:
    """Each event as (incident, instant, event, value, note), in log order."""
    log = table.log
    return [
        (log.names[i], int(at), EVENTS[kind], value, table.notes.get(int(row)))
        for i, at, kind, value, row in zip(
            log.incident.tolist(), log.at.tolist(), log.kind.tolist(), log.value.tolist(),
            log.row.tolist(), strict=True,
        )
    ]  # fmt: skip
