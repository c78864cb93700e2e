"""The state of synced sources (table ``source_state``): where each resumes, how its
runs went. Written by ``adapters/sync/runner.py``, read by the sources page and API."""

from __future__ import annotations

from sqlalchemy import select

from slaledger.adapters.db.models import SourceState
from slaledger.adapters.db.writer import Writer


def state_of(store: Writer, contract_key: str, key: str, kind: str) -> SourceState:
    """The state of source ``key`` of the contract, created (never synced) when new."""
    contract = store.contract(contract_key)
    found = store.session.scalar(
        select(SourceState).where(SourceState.contract_id == contract.id, SourceState.key == key)
    )
    if found is None:
        found = SourceState(contract_id=contract.id, key=key, kind=kind, runs=0, facts=0)
        found.last_error = ""
        store.session.add(found)
        store.session.flush()
    found.kind = kind
    return found


def states(store: Writer, contract_key: str) -> list[SourceState]:
    contract = store.contract(contract_key)
    return list(
        store.session.scalars(
            select(SourceState)
            .where(SourceState.contract_id == contract.id)
            .order_by(SourceState.key)
        )
    )
