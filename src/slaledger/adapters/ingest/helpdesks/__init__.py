"""Helpdesk connectors: one module per vendor, each registering its source.

Each connector has a class with ``updated_since(instant)`` (the tickets changed since
then, each with its whole history: a sync job calls it and merges by ticket key and
history id) and pure ``parse_*`` functions from the vendor's documented shapes to
``Ticket``, shared by the REST answers and the export files.
"""

from slaledger.adapters.ingest.helpdesks import freshdesk, glpi, jira, servicenow, zammad

__all__ = ["freshdesk", "glpi", "jira", "servicenow", "zammad"]
