"""Each availability clause as an OpenSLO v1 ``SLO`` document (its SLI inline).

What maps: the service, the target (``targetPercent``), the period (a calendar month or
contract year as a calendar-aligned window in the contract's zone, the rolling 12 months
as a rolling window), how downtime is measured (per-interval error rates as time slices;
outage records and probe samples as seconds, good over total). What OpenSLO cannot say —
exclusions and their conditions, maintenance rules, the formula's removed time, credit
tiers, the clause's words — rides in ``metadata.annotations`` under ``slaledger.io/``,
so that a reader of the document knows what the SLO tool will not compute.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from slaledger.domain.contract.availability import Availability, Measurement, Period
from slaledger.domain.contract.contract import Contract

API_VERSION = "openslo/v1"
ANNOTATION = "slaledger.io"
#: the metric source type the SLIs name: the contract's own computation
SOURCE_TYPE = "SLALedger"
DESCRIPTION_LIMIT = 1050
NAME_LIMIT = 63
WINDOWS = {Period.CALENDAR_MONTH: "1M", Period.ROLLING_12_MONTHS: "12M", Period.CONTRACT_YEAR: "1Y"}


class NotExportedError(ValueError):
    """A clause OpenSLO cannot carry (no numeric target)."""


def dns_name(text: str) -> str:
    """A DNS RFC 1123 label: lowercase letters, digits and ``-``, at most 63, starting
    and ending with a letter or digit."""
    name = re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")
    name = re.sub(r"-{2,}", "-", name)[:NAME_LIMIT].strip("-")
    return name or "slo"


def _minutes_shorthand(seconds: Decimal | None) -> str | None:
    if seconds is None or seconds <= 0:
        return None
    if seconds % 86400 == 0:
        return f"{int(seconds // 86400)}d"
    if seconds % 3600 == 0:
        return f"{int(seconds // 3600)}h"
    if seconds % 60 == 0:
        return f"{int(seconds // 60)}m"
    return None


def _quote(clause: Availability, language: str) -> str:
    for source in clause.clause.sources:
        text = source.quote.get(language) or next(iter(source.quote.values()), "")
        if text:
            return " ".join(text.split())[:DESCRIPTION_LIMIT]
    return ""


def _metric(contract: Contract, clause: Availability, quantity: str) -> dict[str, Any]:
    return {
        "metricSource": {
            "type": SOURCE_TYPE,
            "spec": {"contract": contract.id, "clause": clause.clause.id, "quantity": quantity},
        }
    }


def slo_document(contract: Contract, clause: Availability) -> dict[str, Any]:
    """The clause's SLO document; NotExportedError when the clause states no numeric target."""
    if not isinstance(clause.target, Decimal):
        raise NotExportedError(
            f"{contract.id}: the availability clause '{clause.clause.id}' states no numeric "
            "target (OpenSLO needs one): not exported"
        )
    service = clause.service or contract.id
    name = dns_name(f"{contract.id}-{clause.clause.id}")
    interruption = clause.interruption
    objective: dict[str, Any] = {
        "displayName": clause.clause.id,
        "targetPercent": float(clause.target),
    }
    slice_window = (
        _minutes_shorthand(interruption.interval.fixed_seconds)
        if interruption.interval is not None
        else None
    )
    threshold = interruption.error_rate_above
    if (
        interruption.measurement is Measurement.ERROR_RATE
        and slice_window
        and isinstance(threshold, Decimal)
    ):
        method = "Timeslices"
        # a slice is good when its error rate is at most the threshold
        objective["timeSliceTarget"] = float(1 - threshold / 100)
        objective["timeSliceWindow"] = slice_window
        ratio = {
            "counter": True,
            "bad": _metric(contract, clause, "failed-requests"),
            "total": _metric(contract, clause, "requests"),
        }
    else:
        method = "Occurrences"
        ratio = {
            "counter": False,
            "good": _metric(contract, clause, "available-seconds"),
            "total": _metric(contract, clause, "period-seconds-less-removed"),
        }
    window: dict[str, Any] = {"duration": WINDOWS[clause.period]}
    if clause.period is Period.ROLLING_12_MONTHS:
        window["isRolling"] = True
    else:
        start = contract.effective_from
        window["calendar"] = {
            "startTime": f"{start.isoformat() if start else '1970-01-01'} 00:00:00",
            "timeZone": contract.timezone,
        }
        window["isRolling"] = False
    annotations = {
        f"{ANNOTATION}/contract": contract.id,
        f"{ANNOTATION}/clause": clause.clause.id,
        f"{ANNOTATION}/source": ", ".join(dict.fromkeys(str(s) for s in clause.clause.sources)),
        f"{ANNOTATION}/period": clause.period.value,
        f"{ANNOTATION}/measurement": interruption.measurement.value,
    }
    if clause.period is Period.CONTRACT_YEAR:
        annotations[f"{ANNOTATION}/period-start"] = clause.period_start or "service opening"
    if clause.formula is not None:
        annotations[f"{ANNOTATION}/formula"] = str(clause.formula.expression)
    if clause.exclusions:
        annotations[f"{ANNOTATION}/exclusions"] = ", ".join(
            f"{e.category.value}={e.effect.value}"
            + (f" (if {'+'.join(c.value for c in e.conditions)})" if e.conditions else "")
            for e in clause.exclusions
        )
    if clause.allowance_seconds is not None:
        annotations[f"{ANNOTATION}/downtime-allowance-seconds"] = str(clause.allowance_seconds)
    credits = [c.clause.id for c in contract.credits if c.availability == clause.clause.id]
    if credits:
        annotations[f"{ANNOTATION}/credit-schedules"] = ", ".join(credits)
    annotations[f"{ANNOTATION}/not-expressed"] = (
        "exclusions and their conditions, maintenance rules, removed time, rounding, "
        "credit tiers: computed by SLA Ledger from the contract, not by this SLO"
    )
    spec: dict[str, Any] = {
        "service": service,
        "indicator": {
            "metadata": {"name": dns_name(f"{name}-sli"), "displayName": f"{service} availability"},
            "spec": {"ratioMetric": ratio},
        },
        "timeWindow": [window],
        "budgetingMethod": method,
        "objectives": [objective],
    }
    description = _quote(clause, contract.language)
    if description:
        spec = {"description": description, **spec}
    return {
        "apiVersion": API_VERSION,
        "kind": "SLO",
        "metadata": {
            "name": name,
            "displayName": f"{contract.title} — {clause.clause.id}"[:DESCRIPTION_LIMIT],
            "annotations": annotations,
        },
        "spec": spec,
    }


def slo_documents(contract: Contract) -> Iterator[dict[str, Any] | NotExportedError]:
    """Each availability clause's document, or why it has none."""
    for clause in contract.availability:
        try:
            yield slo_document(contract, clause)
        except NotExportedError as reason:
            yield reason
