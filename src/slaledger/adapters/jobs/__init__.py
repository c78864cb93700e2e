"""The service's one scheduler: every periodic job (alerts, monthly statements, source
syncs) is a ``Job`` it owns, run in a worker thread, never overlapping itself, and — with
several workers or processes on one database — run by one of them at a time."""
