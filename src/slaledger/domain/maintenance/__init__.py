"""Maintenance rules: may a window go ahead, and the next slot that may.

Pure functions over epoch seconds; calendars and the contract's clauses are arguments.
"""

from slaledger.domain.maintenance.assess import MaintenanceRules, assess, assess_all
from slaledger.domain.maintenance.caps import CapSpan, cap_span
from slaledger.domain.maintenance.kinds import article, kind_names
from slaledger.domain.maintenance.scheduling import Proposal, next_slot
from slaledger.domain.maintenance.verdict import (
    RULE_AGREEMENT,
    RULE_CAP,
    RULE_IMPACT,
    RULE_KIND,
    RULE_NOTICE,
    RULE_RECURRING,
    RULE_SLOTS,
    Reason,
    Verdict,
    Window,
)

__all__ = [
    "RULE_AGREEMENT",
    "RULE_CAP",
    "RULE_IMPACT",
    "RULE_KIND",
    "RULE_NOTICE",
    "RULE_RECURRING",
    "RULE_SLOTS",
    "CapSpan",
    "MaintenanceRules",
    "Proposal",
    "Reason",
    "Verdict",
    "Window",
    "article",
    "assess",
    "assess_all",
    "cap_span",
    "kind_names",
    "next_slot",
]
