"""Outage records and maintenance windows in the store: a file's tables (already checked
by the file reader) imported as they are, all or nothing, with the periods an outage
file declares its records complete for; a synced export's outages replacing those of
the same source.
"""

from __future__ import annotations

from slaledger.adapters.db.bulk_writes import (
    bulk_delete,
    bulk_insert,
    digest,
    instant,
    known_services,
)
from slaledger.adapters.db.errors import ImportRefused
from slaledger.adapters.db.models import MaintenanceWindow, ObservedPeriod, Outage
from slaledger.adapters.db.writer import Writer
from slaledger.adapters.files.problems import Problem
from slaledger.domain.message import msg
from slaledger.domain.observations import MaintenanceTable, OutageTable


def import_outages(store: Writer, contract_key: str, table: OutageTable) -> int:
    services = known_services(store, contract_key, table.source, table.services, table.service)
    rows = [
        {
            "service_id": services[int(table.service[i])].id,
            "start": instant(table.start[i]),
            "end": instant(table.end[i]),
            "category": str(table.category[i]),
            "reported_at": instant(table.reported_at[i]) if table.reported[i] else None,
            "reference": str(table.reference[i]),
            "note": str(table.note[i]),
            "source": table.source,
            "row": int(table.row[i]),
        }
        for i in range(len(table))
    ]
    bulk_insert(store, Outage, rows)
    covers = _declared(store, contract_key, table)
    store.append_audit(
        "import",
        "outage",
        contract_key,
        {
            "source": table.source,
            "rows": len(rows),
            "sha256": digest(table.start, table.end),
            "covers": covers,
        },
    )
    return len(rows)


def sync_outages(store: Writer, contract_key: str, table: OutageTable) -> int:
    """A synced export's outage records as the export now tells them: the outages and
    declared periods stored before from the same source (``table.source``) for this
    contract are replaced, so pulling the same export twice changes nothing."""
    contract = store.contract(contract_key)
    services = [s.id for s in contract.services]
    bulk_delete(store, Outage, Outage.service_id.in_(services), Outage.source == table.source)
    bulk_delete(
        store,
        ObservedPeriod,
        ObservedPeriod.contract_id == contract.id,
        ObservedPeriod.origin == "outages",
        ObservedPeriod.source == table.source,
    )
    return import_outages(store, contract_key, table)


def _declared(store: Writer, contract_key: str, table: OutageTable) -> list[str]:
    """Store the periods the import declares its records complete for; returns them as
    ``start/end`` texts for the audit entry."""
    contract = store.contract(contract_key)
    known = {s.name: s for s in contract.services}
    unknown = sorted({c[0] for c in table.covers if c[0] is not None and c[0] not in known})
    if unknown:
        raise ImportRefused(
            [
                Problem(
                    table.source, "covers", msg("store.expected.service-of", contract=contract_key),
                    ", ".join(repr(u) for u in unknown),
                )
            ]
        )  # fmt: skip
    rows = [
        {
            "contract_id": contract.id,
            "service_id": None if who is None else known[who].id,
            "origin": "outages",
            "start": instant(start),
            "end": instant(end),
            "source": table.source,
        }
        for who, start, end, _origin in table.covers
    ]
    bulk_insert(store, ObservedPeriod, rows)
    return [f"{instant(c[1]).isoformat()}/{instant(c[2]).isoformat()}" for c in table.covers]


def import_maintenance(store: Writer, contract_key: str, table: MaintenanceTable) -> int:
    services = known_services(store, contract_key, table.source, table.services, table.service)
    rows = [
        {
            "service_id": services[int(table.service[i])].id,
            "kind": str(table.kind[i]),
            "announced_at": instant(table.announced_at[i]) if table.announced[i] else None,
            "start": instant(table.start[i]),
            "end": instant(table.end[i]),
            "agreed_by_customer": bool(table.agreed_by_customer[i]),
            "reference": str(table.reference[i]),
            "source": table.source,
            "row": int(table.row[i]),
        }
        for i in range(len(table))
    ]
    bulk_insert(store, MaintenanceWindow, rows)
    store.append_audit(
        "import",
        "maintenance_window",
        contract_key,
        {"source": table.source, "rows": len(rows), "sha256": digest(table.start, table.end)},
    )
    return len(rows)
