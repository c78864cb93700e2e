"""The scheduler's observer for /metrics counts runs, failures and skips apart and times
the runs that ran or failed."""

from __future__ import annotations

from slaledger.adapters.api.ops.metrics import process_metrics
from slaledger.adapters.jobs.scheduler import JobRun


def test_the_metrics_observer_counts_runs_failures_and_skips_apart() -> None:
    metrics = process_metrics()

    def value(name: str) -> float:
        found = metrics.registry.get_sample_value(name, {"job": "observer-test"})
        return found or 0.0

    before = [value(f"slaledger_job_{kind}_total") for kind in ("runs", "failures", "skipped")]
    timed = value("slaledger_job_duration_seconds_count")
    for outcome in ("ran", "failed", "failed", "skipped"):
        metrics.job_run(JobRun("observer-test", outcome, 0.25))
    after = [value(f"slaledger_job_{kind}_total") for kind in ("runs", "failures", "skipped")]
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 2, 1]
    assert value("slaledger_job_duration_seconds_count") - timed == 3  # skips take no time
