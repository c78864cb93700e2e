"""Incidents notified by e-mail: ``.eml`` files, ``mbox`` files and IMAP mailboxes.

The seeds make e-mail the contractual channel (001: "Le Client est tenu de notifier de
tout Incident par e-mail"); the notification instant that starts the clocks is the
message's ``Date`` header, with its offset. See docs/mail.md.
"""

from slaledger.adapters.ingest.mail.files import read_eml, read_mbox
from slaledger.adapters.ingest.mail.imap import ImapSource, imap_credentials, read_imap
from slaledger.adapters.ingest.mail.mapping import MailEvent, MailImport, mail_events
from slaledger.adapters.ingest.mail.message import RawMail
from slaledger.adapters.ingest.mail.output import event_rows, incident_table, write_events
from slaledger.adapters.ingest.mail.rules import MailRules, load_mail_rules, rules_from_document

__all__ = [
    "ImapSource",
    "MailEvent",
    "MailImport",
    "MailRules",
    "RawMail",
    "event_rows",
    "imap_credentials",
    "incident_table",
    "load_mail_rules",
    "mail_events",
    "read_eml",
    "read_imap",
    "read_mbox",
    "rules_from_document",
    "write_events",
]
