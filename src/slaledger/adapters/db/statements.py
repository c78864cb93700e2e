"""A stored contract's monthly statement: the Store's loaders fed to
``services.statements.build_statement`` (the API's statements and the backup tests use it,
so a statement from storage is always gathered the same way)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from slaledger.adapters.db.loaders import opening_date
from slaledger.adapters.db.models import Contract
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.contract_file import LoadedContract
from slaledger.domain.periods import Month
from slaledger.services.statements import Statement, build_statement


def stored_statement(
    store: Store,
    contract: Contract,
    *,
    month: Month,
    loaded: LoadedContract | None = None,
    fee: Decimal | None = None,
    now: datetime | None = None,
    audience: str = "provider",
    release: bool = False,
) -> Statement:
    """The statement of ``month`` for the stored ``contract``, from its outages and
    measured interruptions, maintenance windows, incident events, service opening and
    invoices (the liability caps; none stored: no caps shown).
    ``loaded`` gives the terms when the caller already holds them (default: the latest
    stored version). ``release``: give the store's connection back once everything is
    read, before the statement is computed."""
    terms = loaded if loaded is not None else store.loaded_contract(contract.key)
    observations = store.observations(contract.key)
    events, opened = store.incident_table(contract.key), opening_date(contract)
    if release:
        store.release()
    return build_statement(
        loaded_contract=terms,
        month=month,
        outages=observations.outages,
        maintenance=observations.maintenance,
        events=events,
        fee=fee,
        opened=opened,
        now=now,
        audience=audience,
        invoices=store.invoices(contract.key) or None,
        min_coverage=observations.min_coverage,
    )
