"""Incidents as event logs, and the clocks derived from them."""
