"""Helpdesk tickets as the connectors deliver them, the mapping rules that turn them into
incident events, and the comparison of the helpdesk's own SLA verdicts with the
contract's clocks. Pure: the connectors (adapters.ingest.helpdesks) do the I/O."""
