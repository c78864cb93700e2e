"""The web dashboard: server-rendered pages mounted on the API app."""

from slaledger.adapters.web.page import PREFIX
from slaledger.adapters.web.routes import web_router
from slaledger.adapters.web.source import ContractRecord, DashboardSource, MemorySource, WebUser

__all__ = ["PREFIX", "ContractRecord", "DashboardSource", "MemorySource", "WebUser", "web_router"]
