"""The web dashboard: server-rendered pages mounted on the API app."""

# The pages use the API's pieces (its busy gate, its parameters) and the API mounts the
# pages: load the API first, so that importing any dashboard module alone works.
import slaledger.adapters.api  # noqa: F401  (isort: the API before the pages)
from slaledger.adapters.web.routes import PREFIX, web_router
from slaledger.adapters.web.source import ContractRecord, DashboardSource, MemorySource, WebUser

__all__ = ["PREFIX", "ContractRecord", "DashboardSource", "MemorySource", "WebUser", "web_router"]
