"""Use case: the month's availability of many contracts and services at once, from request
counts too large for one machine's memory.

The engine (DuckDB or Spark, ``adapters.batch.count_runs``) reduces the counts to runs
of one state per clause (``CountClause`` in, ``CountRun`` out); each clause's figure is
then the one ``availability_for_month`` computes, on those runs, exactly as
``sla availability CONTRACT --month M --counts PATH`` computes it on the minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import numpy as np

from slaledger.domain.contract.contract import Contract
from slaledger.domain.coverage import DEFAULT_MIN_COVERAGE
from slaledger.domain.message import Text
from slaledger.domain.observations import CountTable, Origin
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    AvailabilityError,
    Observations,
    availability_for_month,
    period_for,
)
from slaledger.services.figures_json import measure_json
from slaledger.services.incidents import CalendarFor


@dataclass(frozen=True)
class CountClause:
    """One clause the engine reduces counts for: integers only (threshold num/den)."""

    key: int
    service: str
    window_start: int
    window_end: int
    num: int
    den: int
    min_requests: int


@dataclass(frozen=True)
class CountRun:
    """Consecutive intervals of one state: ``D`` down, ``E`` without requests, ``U`` up."""

    key: int
    start: int
    seconds: int
    state: str


@dataclass(frozen=True)
class BatchRow:
    """One clause's figure for the month, as ``sla availability --json`` gives it."""

    contract: str
    contract_file: str
    clause: str
    service: str
    month: str
    period_start: str | None
    period_end: str | None
    availability: str | None
    availability_exact: str | None
    target: str | None
    met: bool | None
    minutes_total: float | None
    minutes_excluded: float | None
    minutes_down: float | None
    coverage: str | None
    #: why there is no figure: a message (an ``AvailabilityError``'s) or an English text
    error: Text | None


@dataclass(frozen=True)
class _Planned:
    file: str
    contract: Contract
    clause_id: str
    service: str
    key: int | None
    error: Text | None


def availability_batch(
    *,
    contracts: Sequence[tuple[str, Contract]],
    month: Month,
    counts_source: str,
    reduce: Callable[[list[CountClause]], list[CountRun]],
    calendars: Callable[[Contract], CalendarFor],
    min_coverage: Fraction = DEFAULT_MIN_COVERAGE,
    now: int | None = None,
) -> list[BatchRow]:
    """Every availability clause of ``contracts`` (file name, contract) for ``month``."""
    planned, clauses = _plan(contracts, month)
    runs: dict[int, list[CountRun]] = {}
    for run in reduce(clauses):
        runs.setdefault(run.key, []).append(run)
    rows = []
    for item in planned:
        if item.error is not None or item.key is None:
            rows.append(_error_row(item, month, item.error or ""))
            continue
        found = sorted(runs.get(item.key, []), key=lambda r: r.start)
        if not found:
            error = f"{counts_source}: no request counts for service '{item.service}'"
            rows.append(_error_row(item, month, error))
            continue
        clause = next(c for c in clauses if c.key == item.key)
        observations = Observations(
            counts=_table(found, item.service, clause.min_requests, counts_source),
            min_coverage=min_coverage,
            now=now,
        )
        try:
            figure = availability_for_month(
                contract=item.contract,
                month=month,
                observations=observations,
                calendars=calendars(item.contract),
                service=item.service,
            )
        except AvailabilityError as exc:
            rows.append(_error_row(item, month, exc.message))
            continue
        document = measure_json(figure, ZoneInfo(item.contract.timezone))
        rows.append(
            BatchRow(
                contract=item.contract.id,
                contract_file=item.file,
                clause=item.clause_id,
                service=item.service,
                month=str(month),
                period_start=document["period"]["start"],
                period_end=document["period"]["end"],
                availability=document["availability"],
                availability_exact=document["availability_exact"],
                target=document["target"],
                met=document["met"],
                minutes_total=float(document["minutes_total"]),
                minutes_excluded=float(document["minutes_excluded"]),
                minutes_down=float(document["minutes_down"]),
                coverage=(document["coverage"] or {}).get("state"),
                error=None,
            )
        )
    return rows


def _plan(
    contracts: Sequence[tuple[str, Contract]], month: Month
) -> tuple[list[_Planned], list[CountClause]]:
    """One entry per (contract, service) the way ``sla availability --service`` picks its
    clause: the first availability clause of that service."""
    planned: list[_Planned] = []
    clauses: list[CountClause] = []
    for file, contract in contracts:
        seen: set[str] = set()
        for clause in contract.availability:
            if clause.service is None or clause.service in seen:
                continue
            seen.add(clause.service)
            try:
                window = period_for(clause, month, contract.timezone, None)
            except AvailabilityError as exc:
                planned.append(_Planned(file, contract, clause.clause.id, clause.service, None,
                                        exc.message))  # fmt: skip
                continue
            rule = clause.interruption
            threshold = Fraction(
                rule.error_rate_above if isinstance(rule.error_rate_above, Decimal) else 0
            )
            key = len(clauses)
            clauses.append(
                CountClause(
                    key=key,
                    service=clause.service,
                    window_start=window.start,
                    window_end=window.end,
                    num=threshold.numerator,
                    den=threshold.denominator * 100,
                    min_requests=rule.min_requests,
                )
            )
            planned.append(_Planned(file, contract, clause.clause.id, clause.service, key, None))
    return planned, clauses


def _table(runs: list[CountRun], service: str, min_requests: int, source: str) -> CountTable:
    """Runs as counts rows the domain reads as the intervals they stand for: a down run
    has all its requests failed, an up run none, an empty run no request."""
    requests = max(min_requests, 1)
    total = np.asarray([0 if r.state == "E" else requests for r in runs], dtype=np.int64)
    errors = np.asarray([requests if r.state == "D" else 0 for r in runs], dtype=np.int64)
    n = len(runs)
    return CountTable(
        Origin(source, kind="batch", unit="run"),
        (service,),
        np.zeros(n, dtype=np.int64),
        np.asarray([r.start for r in runs], dtype=np.int64),
        np.asarray([r.seconds for r in runs], dtype=np.int64),
        total,
        errors,
        np.arange(1, n + 1, dtype=np.int64),
    )


def _error_row(item: _Planned, month: Month, error: Text) -> BatchRow:
    return BatchRow(
        contract=item.contract.id, contract_file=item.file, clause=item.clause_id,
        service=item.service, month=str(month), period_start=None, period_end=None,
        availability=None, availability_exact=None, target=None, met=None,
        minutes_total=None, minutes_excluded=None, minutes_down=None, coverage=None,
        error=error,
    )  # fmt: skip
