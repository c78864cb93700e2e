"""Sources kept in sync by the service: each source of a sources file (docs/sources.md)
is pulled by the scheduler on its interval, from the instant it last reached, into the
store — idempotently, audited, its state shown on the dashboard's sources page."""
