"""The obligations calendar: every dated commitment of a contract, with its clause."""

from slaledger.domain.obligations.backups import BackupCheck, check_backups
from slaledger.domain.obligations.credit_claims import claim_deadline, claim_deadline_after
from slaledger.domain.obligations.dates import DeadlineError, add_months, shift
from slaledger.domain.obligations.model import (
    Category,
    Item,
    ItemKind,
    ObligationError,
    RecurringSeries,
    Trigger,
    Window,
)
from slaledger.domain.obligations.recurrence import RecurrenceError, ics_rule, occurrences
from slaledger.domain.obligations.schedule import Schedule, build_schedule, known_events
from slaledger.domain.obligations.terms import TermPeriod, licence_last_day, term_periods
from slaledger.domain.obligations.triggered import MAINTENANCE_EVENT
from slaledger.domain.obligations.workdays import act_by, is_working_day

__all__ = [
    "MAINTENANCE_EVENT",
    "BackupCheck",
    "Category",
    "DeadlineError",
    "Item",
    "ItemKind",
    "ObligationError",
    "RecurrenceError",
    "RecurringSeries",
    "Schedule",
    "TermPeriod",
    "Trigger",
    "Window",
    "act_by",
    "add_months",
    "build_schedule",
    "check_backups",
    "claim_deadline",
    "claim_deadline_after",
    "ics_rule",
    "is_working_day",
    "known_events",
    "licence_last_day",
    "occurrences",
    "shift",
    "term_periods",
]
