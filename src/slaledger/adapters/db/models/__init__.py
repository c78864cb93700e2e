"""The tables, as SQLAlchemy 2 typed declarative models, one module per concept on one
shared ``Base`` (so one metadata). Alembic owns the schema.

Every name is re-exported here: import the models from ``slaledger.adapters.db.models``.
Importing this package imports every module, so ``Base.metadata`` (what Alembic compares
with) and ``TABLES`` hold every table.
"""

from __future__ import annotations

from slaledger.adapters.db.models.access import (
    ROLES,
    ApiToken,
    FeedToken,
    LoginAttempt,
    TokenUse,
    User,
    WebSession,
)
from slaledger.adapters.db.models.alerts import AlertDelivery, AlertSetting, BurnAlert, BurnSetting
from slaledger.adapters.db.models.audit import AuditData, AuditEntry
from slaledger.adapters.db.models.base import NAMING, Base, UTCDateTime
from slaledger.adapters.db.models.billing import (
    InvoicedFeeRecord,
    InvoiceRecord,
    ObligationEventRecord,
)
from slaledger.adapters.db.models.budget_cells import StoredBudgetCell
from slaledger.adapters.db.models.claims import ClaimNotice, CreditClaim, CreditNote
from slaledger.adapters.db.models.contracts import (
    Contract,
    ContractVersion,
    Customer,
    Provider,
    Service,
)
from slaledger.adapters.db.models.figures import FigureCache
from slaledger.adapters.db.models.incidents import Incident, IncidentEvent
from slaledger.adapters.db.models.observations import (
    Interruption,
    MaintenanceWindow,
    ObservationMonth,
    ObservedPeriod,
    Outage,
)
from slaledger.adapters.db.models.security import RecoveryCode, SecuritySetting, UserTotp
from slaledger.adapters.db.models.sources import (
    HelpdeskVerdict,
    SourceAlert,
    SourceDefinition,
    SourceState,
)
from slaledger.adapters.db.models.status_pages import STATUS_VISIBILITIES, StatusPage, StatusToken

#: every table in dependency order (parents first): backups write and restore in it
TABLES = tuple(Base.metadata.sorted_tables)

__all__ = [
    "NAMING",
    "ROLES",
    "STATUS_VISIBILITIES",
    "TABLES",
    "AlertDelivery",
    "AlertSetting",
    "ApiToken",
    "AuditData",
    "AuditEntry",
    "Base",
    "BurnAlert",
    "BurnSetting",
    "ClaimNotice",
    "Contract",
    "ContractVersion",
    "CreditClaim",
    "CreditNote",
    "Customer",
    "FeedToken",
    "FigureCache",
    "HelpdeskVerdict",
    "Incident",
    "IncidentEvent",
    "Interruption",
    "InvoiceRecord",
    "InvoicedFeeRecord",
    "LoginAttempt",
    "MaintenanceWindow",
    "ObligationEventRecord",
    "ObservationMonth",
    "ObservedPeriod",
    "Outage",
    "Provider",
    "RecoveryCode",
    "SecuritySetting",
    "Service",
    "SourceAlert",
    "SourceDefinition",
    "SourceState",
    "StatusPage",
    "StatusToken",
    "StoredBudgetCell",
    "TokenUse",
    "UTCDateTime",
    "User",
    "UserTotp",
    "WebSession",
]
