"""A store for the incident pages: the 001 seed contract and four incidents whose clocks
end in every way, seen at a fixed "now" (Wednesday 13 March 2024, 16:00 in Paris).

The take-into-account clock counts working hours (10:00-18:00); a critical incident has
4 of them, an important one 10, a minor one 24.
- INC-HIST-1: notified Tuesday 5 March at 10:00 as minor, reclassified critical at
  10:30 (deadline 14:00), paused 11:00-12:00 (deadline moved to 15:00), acknowledged at
  14:30: met, 30 minutes early. Its pause carries an internal note.
- INC-HIST-2: notified Monday 4 March at 10:00, critical (deadline 14:00), acknowledged
  the next day at 12:00: breached, stopped late. Restored.
- INC-FEB: notified 14 February at 11:00, important, acknowledged at 11:30: met.
- INC-OPEN: notified today at 15:30, critical, acknowledged at 15:40 and not restored:
  open, though its clock is met.
- INC-RUNNING: notified today at 15:45, critical, nothing since: its clocks run.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import ADMIN_EMAIL, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[3]
CONTRACT = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
NOW = datetime.fromisoformat("2024-03-13T16:00:00+01:00")
VIEWER_EMAIL = "viewer@customer.test"
NOTE = "Waiting for the customer's VPN access"
#: (incident, instant, event, value, note)
EVENTS = (
    ("INC-HIST-1", "2024-03-05T10:00", "notified", None, ""),
    ("INC-HIST-1", "2024-03-05T10:00", "classified", "minor", ""),
    ("INC-HIST-1", "2024-03-05T10:30", "classified", "critical", ""),
    ("INC-HIST-1", "2024-03-05T11:00", "paused", "customer", NOTE),
    ("INC-HIST-1", "2024-03-05T12:00", "resumed", None, ""),
    ("INC-HIST-1", "2024-03-05T14:30", "acknowledged", None, ""),
    ("INC-HIST-1", "2024-03-05T14:45", "diagnosed", None, ""),
    ("INC-HIST-1", "2024-03-05T16:00", "restored", None, ""),
    ("INC-HIST-2", "2024-03-04T10:00", "notified", None, ""),
    ("INC-HIST-2", "2024-03-04T10:00", "classified", "critical", ""),
    ("INC-HIST-2", "2024-03-05T12:00", "acknowledged", None, ""),
    ("INC-HIST-2", "2024-03-05T12:10", "diagnosed", None, ""),
    ("INC-HIST-2", "2024-03-05T13:00", "restored", None, ""),
    ("INC-FEB", "2024-02-14T11:00", "notified", None, ""),
    ("INC-FEB", "2024-02-14T11:00", "classified", "important", ""),
    ("INC-FEB", "2024-02-14T11:30", "acknowledged", None, ""),
    ("INC-FEB", "2024-02-14T11:40", "diagnosed", None, ""),
    ("INC-FEB", "2024-02-14T12:00", "restored", None, ""),
    ("INC-OPEN", "2024-03-13T15:30", "notified", None, ""),
    ("INC-OPEN", "2024-03-13T15:30", "classified", "critical", ""),
    ("INC-OPEN", "2024-03-13T15:40", "acknowledged", None, ""),
    ("INC-OPEN", "2024-03-13T15:50", "diagnosed", None, ""),
    ("INC-RUNNING", "2024-03-13T15:45", "notified", None, ""),
    ("INC-RUNNING", "2024-03-13T15:45", "classified", "critical", ""),
)


def seed_history(url: str) -> str:
    """The store at ``url`` with the contract, its incidents, the provider's admin and a
    customer-viewer of the contract's customer (both with the demo password); returns
    the contract's key."""
    upgrade(url)
    factory = session_factory(url)
    try:
        with Store.transaction(factory, actor="tests") as store:
            row = store.upload_contract_file(str(CONTRACT), accept_lint_errors=True).contract
            key = row.key
            for incident, at, event, value, note in EVENTS:
                store.record_event(
                    key,
                    incident,
                    event=event,
                    at=datetime.fromisoformat(f"{at}:00+01:00"),
                    value=value,
                    note=note,
                    service="solution",
                )
            store.add_user(ADMIN_EMAIL, role="provider-admin", password=DEMO_PASSWORD)
            store.add_user(
                VIEWER_EMAIL,
                role="customer-viewer",
                customer=row.customer.name,
                password=DEMO_PASSWORD,
            )
    finally:
        factory.kw["bind"].dispose()
    return key
