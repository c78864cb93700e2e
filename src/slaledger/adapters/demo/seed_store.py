"""Load the five seed contracts and their generated year of data into a store, with
ready-made demo users.

Each ``examples/contracts/<stem>.yaml`` is stored with its provider and customer (the
contract's parties) and its services; ``examples/data/<stem>/`` gives the year's
incident events, outage records, maintenance windows, request counts (stored as the
interruptions they show) and obligation events (which give the opening date);
``examples/data/billing.csv`` the fees invoiced each month (demo values, in EUR and, for
002, USD: the seed texts state no amount). Loading
is idempotent: a store that already holds the seeds is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from slaledger.adapters.cli.values import declared_outages
from slaledger.adapters.db.models import User
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.billing import read_billing
from slaledger.adapters.files.commercial_inputs import read_obligation_events
from slaledger.adapters.files.contract_file.loader import load_contract_text
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.observations import read_counts, read_maintenance, read_outages
from slaledger.domain.claims import ClaimState, Decision
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.contract.parties import Party
from slaledger.domain.maintenance import kind_names
from slaledger.domain.obligations.model import Trigger
from slaledger.domain.obligations.schedule import known_events

ROOT = Path(__file__).resolve().parents[4]
EXAMPLES = ROOT / "examples"
SEEDS = (
    "000-ipfolio",
    "001-saas-annexes",
    "002-maintenance-us",
    "003-previsoft",
    "004-imri",
)
#: a seed's obligation events (its ``service-opened`` event gives the opening date)
OBLIGATION_EVENTS = "obligation-events.csv"
#: the invoiced fees of the year, demo values (docs/billing.md)
BILLING = "billing.csv"
ADMIN_EMAIL = "admin@demo.slaledger.test"
PARIS = ZoneInfo("Europe/Paris")
DEMO_PASSWORD = "demo-password"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str
    customer: str | None


def customer_email(contract_key: str) -> str:
    """A customer's demo viewer, named after the customer's first seed contract."""
    return f"viewer-{contract_key}@demo.slaledger.test"


def demo_logins(store: Store) -> list[DemoLogin]:
    """The demo users present in the store, with their known password."""
    users = store.session.scalars(
        select(User).where(User.email.like("%@demo.slaledger.test")).order_by(User.email)
    )
    return [
        DemoLogin(u.email, DEMO_PASSWORD, u.role, u.customer.name if u.customer else None)
        for u in users
    ]


def is_loaded(store: Store) -> bool:
    return store.session.scalar(select(User).where(User.email == ADMIN_EMAIL)) is not None


def load_demo(store: Store, examples: Path = EXAMPLES) -> bool:
    """Load the seeds, their data and the demo users; False when already loaded."""
    if is_loaded(store):
        return False
    customers: dict[str, str] = {}  # customer -> its contract
    for stem in SEEDS:
        loaded, customer = _store_contract(store, examples / "contracts" / f"{stem}.yaml")
        key = loaded.contract.id
        data = examples / "data" / stem
        if (data / "events.csv").exists():
            store.import_events(key, read_events(data / "events.csv"))
        if (data / "outages.csv").exists():
            records = read_outages(data / "outages.csv")
            declared = declared_outages(records, (), loaded.contract.timezone, data)
            store.import_outages(key, records if declared is None else declared)
        if (data / "maintenance.csv").exists():
            kinds = kind_names(loaded.contract.maintenance)
            store.import_maintenance(key, read_maintenance(data / "maintenance.csv", kinds=kinds))
        if (data / "counts.parquet").exists():
            store.import_counts(key, read_counts(data / "counts.parquet"))
        if (data / OBLIGATION_EVENTS).exists():
            terms = loaded.contract
            triggers = read_obligation_events(
                data / OBLIGATION_EVENTS,
                zone=terms.timezone,
                known=known_events(terms),
                clauses=terms.clause_ids(),
            )
            source = f"examples/data/{stem}/{OBLIGATION_EVENTS}"
            store.import_obligation_events(key, triggers, terms.timezone, source)
            _set_opening(store, loaded, triggers)
        customers.setdefault(customer, key)
    if (examples / "data" / BILLING).exists():
        # demo fees of the year (EUR; 002 in USD): the seed texts state no amount
        fees = read_billing(examples / "data" / BILLING)
        store.import_invoiced_fees(fees, f"examples/data/{BILLING}")
    store.add_user(ADMIN_EMAIL, role="provider-admin", password=DEMO_PASSWORD)
    for customer, key in customers.items():
        store.add_user(
            customer_email(key),
            role="customer-viewer",
            customer=customer,
            password=DEMO_PASSWORD,
        )
    _claims(store)
    return True


def _claims(store: Store) -> None:
    """The credits of the example year as the dashboard shows them on 20 December 2024:
    000's March credit (25 %, granted without a claim: credit note CN-2024-0001), 001's
    October credit claimed on 5 November and waiting for the provider's decision; 001's
    February credit was never claimed and expired on 1 April (nothing stored: expired is
    the absence of a claim after the deadline)."""
    ipfolio = store.contract("ipfolio-support-policy")
    march = store.add_claim(
        ipfolio,
        service="ipfolio",
        month="2024-03",
        unit="percent-of-fee",
        percent=Decimal("25.00"),
        amount=Decimal("250.00"),  # 25 % of the 1000.00 EUR invoiced for March (billing.csv)
        currency="EUR",
        note="granted without a claim (the contract asks for none)",
        at=datetime(2024, 4, 8, 10, tzinfo=PARIS),
    )
    store.record_decision(
        march,
        Decision(ClaimState.GRANTED, Decimal("25.00"), "", partial=False),
        at=datetime(2024, 4, 8, 10, tzinfo=PARIS),
    )
    store.add_claim(
        store.contract("saas-annexes"),
        service="solution",
        month="2024-10",
        unit="days-of-subscription",
        deadline=datetime(2024, 12, 1, tzinfo=PARIS),
        note="October at 99.899 %: between the two tiers, the days to be agreed",
        at=datetime(2024, 11, 5, 9, 30, tzinfo=PARIS),
    )


def _store_contract(store: Store, path: Path) -> tuple[LoadedContract, str]:
    """Upload a seed, under a customer of its own. The seeds keep their known traps, which
    the linter reports as errors: they are stored all the same (recorded in the audit
    entry), so the demo shows the findings next to the figures. Their customer parties
    are generic ("Le Client" in 001 and 003), so the seed's stem tells them apart."""
    text = path.read_text(encoding="utf-8")
    name = f"examples/contracts/{path.name}"
    loaded = load_contract_text(text, name)
    customer = f"{_party(loaded, Party.CUSTOMER)} ({path.stem})"
    store.upload_contract(text, file_name=name, accept_lint_errors=True, customer=customer)
    return loaded, customer


def _set_opening(store: Store, loaded: LoadedContract, triggers: tuple[Trigger, ...]) -> None:
    """The service opening date the contract's events give (``service-opened``)."""
    opened = next((t.at.date() for t in triggers if t.event == "service-opened"), None)
    if opened is not None:
        store.set_opening(loaded.contract.id, opened)


def _party(loaded: LoadedContract, role: Party) -> str:
    for party in loaded.contract.parties:
        if party.role is role:
            return party.name
    return f"{loaded.contract.id} ({role.value})"
