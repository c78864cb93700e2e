"""The Store: a unit of work over one Session. Every write appends an audit entry in
the same transaction; nothing is committed until ``commit()`` (or the end of
``Store.transaction``). Reads go through ``slaledger.adapters.db.loaders`` and return the
objects the file readers return, so the services compute from storage as from files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from slaledger.adapters.db import (
    fees_io,
    figure_marks,
    invoices_io,
    loaders,
    obligation_events_io,
    observations_io,
)
from slaledger.adapters.db.access import Access
from slaledger.adapters.db.alert_settings import AlertSettingsStore
from slaledger.adapters.db.claims import ClaimsStore
from slaledger.adapters.db.errors import ContractRejected, CustomerChanged, NotFound, StoreError
from slaledger.adapters.db.models import (
    AlertDelivery,
    Contract,
    ContractVersion,
    Customer,
    Incident,
    IncidentEvent,
    Provider,
    Service,
)
from slaledger.adapters.db.status_pages import StatusPagesStore
from slaledger.adapters.db.totp import SecondFactors
from slaledger.adapters.db.unit_of_work import session_factory, utc_now
from slaledger.adapters.files.contract_file.loader import load_contract_text
from slaledger.adapters.files.problems import InputError
from slaledger.domain.commercial.payments import Invoice
from slaledger.domain.commercial.prices import InvoicedFee
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.contract.parties import Party
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.lint import Severity, lint_contract
from slaledger.domain.message import Items, msg
from slaledger.domain.obligations.model import Trigger
from slaledger.domain.observations import CountTable, MaintenanceTable, OutageTable, SampleTable
from slaledger.services.availability import Observations

__all__ = ["ContractRejected", "NotFound", "Store", "StoreError", "session_factory", "utc_now"]


class Store(Access, AlertSettingsStore, ClaimsStore, SecondFactors, StatusPagesStore):
    """Writes (audited) and reads over one Session: contracts, observations, incidents,
    credits, alerts, and (from Access) users and tokens, (from AlertSettingsStore) the
    contracts' own alert settings, (from ClaimsStore) credit claims and notes, (from
    StatusPagesStore) the customer status pages and their tokens."""

    @property
    def _known(self) -> dict[tuple[str, str], object]:
        """Rows already looked up by key in this Store's session (the session's identity
        map only answers primary keys). An entry is used only while its row is still
        persistent in the session: a rolled-back insert is looked up again."""
        found: dict[tuple[str, str], object] | None = self.__dict__.get("_known_rows")
        if found is None:
            found = self.__dict__["_known_rows"] = {}
        return found

    # ------------------------------------------------------------- parties
    def ensure_provider(self, name: str) -> Provider:
        found = self.session.scalar(select(Provider).where(Provider.name == name))
        if found is not None:
            return found
        provider = Provider(name=name, created_at=self.clock())
        self.session.add(provider)
        self.session.flush()
        self.append_audit("create", "provider", provider.id, {"name": name})
        return provider

    def ensure_customer(self, name: str) -> Customer:
        found = self.session.scalar(select(Customer).where(Customer.name == name))
        if found is not None:
            return found
        customer = Customer(name=name, created_at=self.clock())
        self.session.add(customer)
        self.session.flush()
        self.append_audit("create", "customer", customer.id, {"name": name})
        return customer

    # ----------------------------------------------------------- contracts
    def upload_contract(
        self,
        text: str,
        *,
        file_name: str,
        effective_from: datetime | None = None,
        accept_lint_errors: bool = False,
        customer: str | None = None,
        confirm_customer_change: bool = False,
    ) -> ContractVersion:
        """Store a new version of the contract in ``text`` (YAML). ``customer`` names the
        customer account a new contract belongs to (default: its customer party's name,
        which generic seeds share: "Le Client"). A text that does not
        load raises ContractRejected with its problems; one that lints with error-severity
        findings too, with the findings, unless ``accept_lint_errors`` (an explicit choice,
        recorded in the audit entry: real contracts, the seeds among them, have gaps).
        Uploading the latest version's exact text again changes nothing. A new version
        whose customer party differs from the latest version's raises CustomerChanged
        unless ``confirm_customer_change`` (recorded in the audit entry); the contract
        stays with its customer account either way."""
        try:
            loaded = load_contract_text(text, file_name)
        except InputError as exc:
            raise ContractRejected(file_name, problems=exc.problems) from None
        errors = [
            f for f in lint_contract(loaded.contract, loaded.lines) if f.severity is Severity.ERROR
        ]
        if errors and not accept_lint_errors:
            raise ContractRejected(file_name, findings=tuple(errors))
        terms = loaded.contract
        digest = hashlib.sha256(text.encode()).hexdigest()
        contract = self.session.scalar(select(Contract).where(Contract.key == terms.id))
        if contract is None:
            contract = Contract(
                key=terms.id,
                title=terms.title,
                provider=self.ensure_provider(_party(loaded, Party.PROVIDER)),
                customer=self.ensure_customer(customer or _party(loaded, Party.CUSTOMER)),
                created_at=self.clock(),
            )
            self.session.add(contract)
            self.session.flush()
            self.append_audit("create", "contract", contract.id, {"key": terms.id})
        latest = self.latest_version(contract)
        if latest is not None and latest.sha256 == digest:
            return latest
        changed = self._customer_change(contract, latest, loaded)
        if changed is not None and not confirm_customer_change:
            raise CustomerChanged(terms.id, *changed)
        contract.title = terms.title
        version = ContractVersion(
            contract=contract,
            number=(latest.number + 1) if latest else 1,
            yaml_text=text,
            sha256=digest,
            file_name=file_name,
            effective_from=effective_from or _start_of(loaded) or self.clock(),
            uploaded_at=self.clock(),
            uploaded_by=self.actor,
        )
        self.session.add(version)
        known = {s.name for s in contract.services}
        for service in terms.services:
            if service.id not in known:
                self.session.add(Service(contract=contract, name=service.id))
        self.session.flush()
        self.append_audit(
            "upload",
            "contract_version",
            version.id,
            {"contract": terms.id, "number": version.number, "sha256": digest}
            | {"lint_errors_accepted": sorted({f.rule for f in errors})}
            | ({"customer_changed": list(changed)} if changed else {}),
        )
        return version

    def _customer_change(
        self, contract: Contract, latest: ContractVersion | None, loaded: LoadedContract
    ) -> tuple[str, str] | None:
        """(before, after) when the new text's customer party is not the latest
        version's, else None."""
        if latest is None:
            return None
        before = _party(load_contract_text(latest.yaml_text, latest.file_name), Party.CUSTOMER)
        after = _party(loaded, Party.CUSTOMER)
        return None if before == after else (before, after)

    def upload_contract_file(
        self, path: str, *, accept_lint_errors: bool = False, confirm_customer_change: bool = False
    ) -> ContractVersion:
        """``upload_contract`` of a file, stored under its name (not its whole path)."""
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        return self.upload_contract(
            text,
            file_name=os.path.basename(path),
            accept_lint_errors=accept_lint_errors,
            confirm_customer_change=confirm_customer_change,
        )

    def contract(self, key: str) -> Contract:
        """The contract of ``key``, looked up once per Store (requests name it often)."""
        known = self._known.get(("contract", key))
        if isinstance(known, Contract) and inspect(known).persistent:
            return known
        found = self.session.scalar(select(Contract).where(Contract.key == key))
        if found is None:
            raise NotFound(msg("store.no-contract", key=key))
        self._known[("contract", key)] = found
        return found

    def contracts(self, *, customer_id: int | None = None) -> list[Contract]:
        query = select(Contract).order_by(Contract.key)
        if customer_id is not None:
            query = query.where(Contract.customer_id == customer_id)
        return list(self.session.scalars(query))

    def contract_keys(self) -> list[str]:
        """The keys of every stored contract, in the order they were created."""
        return list(self.session.scalars(select(Contract.key).order_by(Contract.id)))

    def latest_version(self, contract: Contract) -> ContractVersion | None:
        return self.session.scalar(
            select(ContractVersion)
            .where(ContractVersion.contract_id == contract.id)
            .order_by(ContractVersion.number.desc())
            .limit(1)
        )

    def latest_digest(self, contract: Contract) -> tuple[str, str] | None:
        """The sha256 and file name of the contract's latest version (not its text)."""
        found = self.session.execute(
            select(ContractVersion.sha256, ContractVersion.file_name)
            .where(ContractVersion.contract_id == contract.id)
            .order_by(ContractVersion.number.desc())
            .limit(1)
        ).first()
        return None if found is None else (found.sha256, found.file_name)

    def loaded_contract(self, key: str, *, at: datetime | None = None) -> LoadedContract:
        """The contract as ``load_contract`` gives it: the version in force at ``at``
        (the latest when not given)."""
        return loaders.loaded_contract(self.session, self.contract(key), at=at)

    def service(self, contract: Contract, name: str) -> Service:
        for service in contract.services:
            if service.name == name:
                return service
        names = tuple(s.name for s in contract.services)
        if not names:
            raise NotFound(msg("store.no-service-none", contract=contract.key, name=name))
        raise NotFound(
            msg("store.no-service", contract=contract.key, name=name, known=Items(names, "comma"))
        )

    def set_opening(self, contract_key: str, opened: date) -> None:
        """The service opening date of every service of the contract (contract years, and
        the obligations that run from the opening)."""
        contract = self.contract(contract_key)
        for service in contract.services:
            service.opened_on = opened.isoformat()
        self.session.flush()
        figure_marks.mark(self.session, contract.id)  # contract years: every month
        self.append_audit("update", "service", contract.id, {"opened_on": opened.isoformat()})

    # ------------------------------------------------- imports (all or nothing)
    def import_outages(self, contract_key: str, table: OutageTable) -> int:
        return self._all_or_nothing(observations_io.import_outages, contract_key, table)

    def import_maintenance(self, contract_key: str, table: MaintenanceTable) -> int:
        return self._all_or_nothing(observations_io.import_maintenance, contract_key, table)

    def import_counts(self, contract_key: str, table: CountTable) -> int:
        """Derive and store the interruptions the counts show; returns how many."""
        return self._all_or_nothing(observations_io.import_counts, contract_key, table)

    def import_samples(self, contract_key: str, table: SampleTable) -> int:
        return self._all_or_nothing(observations_io.import_samples, contract_key, table)

    def import_events(self, contract_key: str, table: IncidentTable) -> int:
        return self._all_or_nothing(observations_io.import_events, contract_key, table)

    def sync_outages(self, contract_key: str, table: OutageTable) -> int:
        """A synced export's outage records, replacing those of the same source."""
        return self._all_or_nothing(observations_io.sync_outages, contract_key, table)

    def sync_events(self, contract_key: str, table: IncidentTable, source: str) -> int:
        """A synced source's incidents, replacing the history of those already stored."""
        return self._all_or_nothing(
            lambda store, key, t: observations_io.sync_events(store, key, t, source),
            contract_key,
            table,
        )

    def import_invoices(self, contract_key: str, invoices: Sequence[Invoice], source: str) -> int:
        """Add the invoices, or update those already stored under the same number."""
        with self.session.begin_nested():
            return invoices_io.import_invoices(self, contract_key, invoices, source)

    def import_obligation_events(
        self, contract_key: str, triggers: Sequence[Trigger], zone: str, source: str
    ) -> int:
        """Add the contract's events (read in its ``zone``), or update those already
        stored (same event, instant, ref and clause)."""
        with self.session.begin_nested():
            count = obligation_events_io.import_obligation_events(
                self, contract_key, triggers, zone, source
            )
            # the suspension clauses read the contract's events: every month
            figure_marks.mark(self.session, self.contract(contract_key).id)
            return count

    def obligation_events(self, contract_key: str) -> tuple[Trigger, ...]:
        """The contract's stored events, in time order."""
        return obligation_events_io.stored_obligation_events(
            self.session, self.contract(contract_key)
        )

    def import_invoiced_fees(self, fees: Sequence[InvoicedFee], file: str) -> int:
        """Store a billing file's fees (all or nothing), replacing those already stored
        for the same contract, service and month."""
        with self.session.begin_nested():
            return fees_io.import_fees(self, fees, file)

    def replace_invoiced_fees(
        self, contract_key: str, fees: Sequence[InvoicedFee], source: str
    ) -> int:
        """The contract's invoiced fees become ``fees`` (all or nothing)."""
        with self.session.begin_nested():
            return fees_io.replace_fees(self, contract_key, fees, source)

    def invoiced_fees(self, contract_key: str) -> tuple[InvoicedFee, ...]:
        return fees_io.stored_fees(self.session, self.contract(contract_key))

    def invoices(self, contract_key: str) -> tuple[Invoice, ...]:
        return invoices_io.stored_invoices(self.session, self.contract(contract_key))

    def _all_or_nothing(
        self, load: Callable[[Store, str, Any], int], contract_key: str, table: Any
    ) -> int:
        """Run ``load`` in a savepoint: on any error nothing of it stays in the session."""
        with self.session.begin_nested():
            return load(self, contract_key, table)

    # ------------------------------------------------------------- loaders
    def observations(
        self,
        contract_key: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        now: datetime | None = None,
    ) -> Observations:
        """Outages (with measured interruptions) and maintenance windows of the contract,
        as ``services.availability`` takes them, known as of ``now`` (the service's
        clock; the system clock when None): what lies after it is no data."""
        return loaders.observations(
            self.session, self.contract(contract_key), start=start, end=end, now=now
        )

    def outage_table(self, contract_key: str, *, measured: bool = True) -> OutageTable:
        return loaders.outage_table(self.session, self.contract(contract_key), measured=measured)

    def maintenance_table(self, contract_key: str) -> MaintenanceTable:
        return loaders.maintenance_table(self.session, self.contract(contract_key))

    def incident_table(self, contract_key: str, *, keys: list[str] | None = None) -> IncidentTable:
        return loaders.incident_table(self.session, self.contract(contract_key), keys=keys)

    # ----------------------------------------------------------- incidents
    def incident(self, contract: Contract, key: str) -> Incident | None:
        """The contract's incident of ``key``, or None (looked up once per Store)."""
        known = self._known.get(("incident", f"{contract.id}:{key}"))
        if isinstance(known, Incident) and inspect(known).persistent:
            return known
        found = self.session.scalar(
            select(Incident).where(Incident.contract_id == contract.id, Incident.key == key)
        )
        if found is not None:
            self._known[("incident", f"{contract.id}:{key}")] = found
        return found

    def record_event(
        self,
        contract_key: str,
        incident_key: str,
        *,
        event: str,
        at: datetime,
        value: str | None = None,
        note: str = "",
        service: str | None = None,
        kind: str = "incident",
        effort_seconds: int = 0,
    ) -> IncidentEvent:
        """Append one event to an incident's log (its first one opens the incident).
        The log with the new event must follow the event grammar, else StoreError."""
        contract = self.contract(contract_key)
        if service is not None:
            self.service(contract, service)
        incident = self.incident(contract, incident_key)
        if incident is not None:
            # the grammar is checked on the log as stored now (another writer's events
            # included), not on events this session loaded earlier
            self.session.expire(incident, ["events"])
        else:
            incident = Incident(
                contract=contract,
                key=incident_key,
                service=service,
                kind=kind,
                effort_seconds=0,
                created_at=self.clock(),
            )
            self.session.add(incident)
        row = IncidentEvent(
            incident=incident, at=at, event=event, value=value, note=note, recorded_at=self.clock()
        )
        self.session.add(row)
        incident.effort_seconds += effort_seconds
        self.session.flush()
        self._known[("incident", f"{contract.id}:{incident_key}")] = incident
        loaders.check_incident(self.session, incident)
        figure_marks.incidents_written(self.session, [incident.id])
        self.append_audit(
            "append",
            "incident_event",
            row.id,
            {"contract": contract_key, "incident": incident_key, "event": event, "at": at}
            | {"value": value, "note": note, "effort_seconds": effort_seconds},
        )
        return row

    # -------------------------------------------------------------- alerts
    def alert_sent(self, incident_id: int, clock: str, transition: str, channel: str) -> bool:
        return (
            self.session.scalar(
                select(AlertDelivery.id).where(
                    AlertDelivery.incident_id == incident_id,
                    AlertDelivery.clock == clock,
                    AlertDelivery.transition == transition,
                    AlertDelivery.channel == channel,
                )
            )
            is not None
        )

    def record_alert(
        self,
        incident_id: int,
        *,
        clock: str,
        transition: str,
        channel: str,
        sent_at: datetime,
        status: str = "sent",
        detail: str = "",
    ) -> AlertDelivery | None:
        """Record a delivery; None when this (incident, clock, transition, channel) was
        already recorded (the unique constraint decides, even between processes)."""
        if self.alert_sent(incident_id, clock, transition, channel):
            return None
        delivery = AlertDelivery(
            incident_id=incident_id,
            clock=clock,
            transition=transition,
            channel=channel,
            sent_at=sent_at,
            status=status,
            detail=detail,
        )
        try:
            with self.session.begin_nested():
                self.session.add(delivery)
        except IntegrityError:
            return None
        self.append_audit(
            "create",
            "alert_delivery",
            delivery.id,
            {"incident": incident_id, "clock": clock, "transition": transition}
            | {"channel": channel, "status": status},
        )
        return delivery


def _party(loaded: LoadedContract, role: Party) -> str:
    for party in loaded.contract.parties:
        if party.role is role:
            return party.name
    return f"{loaded.contract.id} ({role.value})"


def _start_of(loaded: LoadedContract) -> datetime | None:
    day = loaded.contract.effective_from
    if day is None:
        return None
    return datetime.combine(day, time(), ZoneInfo(loaded.contract.timezone)).astimezone(UTC)
