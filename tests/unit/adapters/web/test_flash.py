"""Secrets a page shows once: given out a single time, forgotten after a while or when
too many wait."""

from __future__ import annotations

from slaledger.adapters.web.flash import OneTimeSecrets


def test_a_secret_is_given_out_once() -> None:
    kept: OneTimeSecrets[str] = OneTimeSecrets()
    reference = kept.put("sla_secret")
    assert "sla_secret" not in reference
    assert kept.take(reference) == "sla_secret"
    assert kept.take(reference) is None
    assert kept.take("never-given") is None


def test_a_secret_not_taken_in_time_is_forgotten() -> None:
    now = [0.0]
    kept: OneTimeSecrets[str] = OneTimeSecrets(seconds=600, clock=lambda: now[0])
    late, early = kept.put("late"), kept.put("early")
    now[0] = 599.0
    assert kept.take(early) == "early"
    now[0] = 600.0
    assert kept.take(late) is None


def test_the_oldest_secret_is_forgotten_when_too_many_wait() -> None:
    kept: OneTimeSecrets[int] = OneTimeSecrets(limit=2)
    first, second, third = kept.put(1), kept.put(2), kept.put(3)
    assert kept.take(first) is None
    assert (kept.take(second), kept.take(third)) == (2, 3)
