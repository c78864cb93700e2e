"""The burn-rate status as JSON, the same for ``sla burn --json`` and the API: the
budget line burnt, each rule's windows and rates at the instant, the episodes of the
period so far (instants ISO 8601 in the contract's zone)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slaledger.domain.burn import duration_text
from slaledger.services.burn_alerts import BurnStatus
from slaledger.services.figures_json import local_iso, minutes


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def burn_json(status: BurnStatus, zone: ZoneInfo) -> dict[str, Any]:
    budget, line, report = status.budget, status.line, status.report
    return {
        "contract": budget.contract,
        "service": budget.service,
        "clause": budget.clause,
        "month": str(budget.month),
        "at": local_iso(budget.at, zone),
        "period": {
            "label": budget.window.label,
            "start": local_iso(budget.window.start, zone),
            "end": local_iso(budget.window.end, zone),
        },
        "budget": None
        if line is None
        else {
            "kind": line.kind,
            "label": line.label,
            "minutes_allowed": minutes(line.allowed_seconds),
            "minutes_consumed": minutes(line.consumed_seconds),
            "minutes_remaining": minutes(line.remaining_seconds),
        },
        "evaluated_until": None if report is None else local_iso(report.evaluated_until, zone),
        "rules": [
            {
                "rule": str(state.rule),
                "severity": state.rule.severity,
                "share": str(state.rule.share),
                "long_window": duration_text(state.rule.long_seconds),
                "short_window": duration_text(state.rule.short_seconds),
                "threshold": _rate(state.threshold),
                "minutes_down_long": minutes(state.long_down),
                "minutes_down_short": minutes(state.short_down),
                "burn_rate_long": _rate(state.long_rate),
                "burn_rate_short": _rate(state.short_rate),
                "firing": state.firing,
            }
            for state in (() if report is None else report.states)
        ],
        "episodes": [
            {
                "severity": episode.severity,
                "started": local_iso(episode.started, zone),
                "ended": None if episode.ended is None else local_iso(episode.ended, zone),
            }
            for episode in (() if report is None else report.episodes)
        ],
    }
