"""An event's note goes through the store: imported from a file or recorded one by one,
it comes back in the incident table by the event's row (the dashboard shows it to the
provider's people)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from slaledger.adapters.db.store import Store
from slaledger.adapters.files.events import read_events

ROOT = Path(__file__).resolve().parents[3]
CONTRACT = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"


def test_notes_imported_and_recorded_come_back_with_their_events(
    store: Store, tmp_path: Path
) -> None:
    key = store.upload_contract_file(str(CONTRACT), accept_lint_errors=True).contract.key
    events = tmp_path / "events.csv"
    events.write_text(
        "incident,at,event,value,note\n"
        "INC-1,2024-03-15T16:00:00+01:00,notified,,Reported by phone\n"
        "INC-1,2024-03-15T16:10:00+01:00,classified,critical,\n",
        encoding="utf-8",
    )
    store.import_events(key, read_events(events))
    store.record_event(
        key,
        "INC-1",
        event="acknowledged",
        at=datetime.fromisoformat("2024-03-15T16:20:00+01:00"),
        note="Taken by the night team",
    )
    table = store.incident_table(key)
    by_kind = {
        int(kind): table.notes.get(int(row), "")
        for kind, row in zip(table.log.kind, table.log.row, strict=True)
    }
    assert sorted(table.notes.values()) == ["Reported by phone", "Taken by the night team"]
    assert list(by_kind.values()) == ["Reported by phone", "", "Taken by the night team"]
