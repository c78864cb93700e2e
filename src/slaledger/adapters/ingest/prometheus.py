"""Availability measured in Prometheus, read as request counts or probe samples.

A :class:`PrometheusSource` is one measurement of one service: its query or queries and
its step. ``source.fetch(client, start=..., end=...)`` runs them over ``[start, end)``
and returns the core's table (``CountTable`` or ``SampleTable``), so that a command, an
upload or a sync job can hand it on unchanged. Four ways to read the series:

- ``ratio_query``: the share of requests that failed on the server side in each step
  (0 to 1). A ratio carries no request count: each step becomes a row of 1,000,000
  requests whose server errors are the ratio in parts per million (rounded half to even).
- ``total_query`` and ``errors_query``: the number of requests, and of server errors, in
  each step; whole numbers. Where the total has a value and the errors query none, the
  errors are 0 (Prometheus has no series for an error that never happened).
- the same with ``counters=True``: the queries give cumulative counters, and the count of
  a step is the difference between its two ends, exactly. A counter that goes down (a
  restart) is refused: the requests between the last scrape and the restart are lost.
- ``up_query``: 1 (up) or 0 (down) at each step, e.g. ``min_over_time(up[1m])``.

The value Prometheus gives at an instant ``t`` describes the step that ends at ``t``:
``[t - step, t)``, as ``increase(x[1m])`` or ``min_over_time(up[1m])`` read it. So the
counts row of ``t`` starts at ``t - step``, the sample of ``t`` is written at
``t - step`` (a sample stands for the time after it), and the rows cover ``[start, end)``.

A step without a value is a gap, never a guess: no counts row, no sample, so the time is
unobserved (it lowers the coverage, and the contract's gap rule judges it). Prometheus
itself carries a series' last value forward for up to its lookback delta (5 minutes by
default): queries over a range (``increase``, ``*_over_time``) see each step on its own.

Long ranges are fetched in chunks of at most ``MAX_POINTS`` steps, under Prometheus's
11,000 points per series and request. Bad answers raise PrometheusError, naming the
server, the query and the range: several series where one is expected, NaN or infinite
values, values that are not whole numbers, not 0 or 1, or not a ratio, counter resets.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from slaledger.adapters.ingest.prometheus_api import PrometheusClient, PrometheusError, iso
from slaledger.domain.intervals import Intervals
from slaledger.domain.observations import CountTable, Origin, SampleTable

#: steps per request: under Prometheus's limit of 11,000 points per series
MAX_POINTS = 10_000
#: the requests a ratio's step stands for (the ratio is kept in parts per million)
RATIO_SCALE = 1_000_000
#: an origin name longer than this is cut and given a digest (stores keep 500 characters)
_NAME_LIMIT = 400
#: series named in a "several series" error
_LISTED = 3
_RATIO_NAN = (
    ": a ratio of 0/0 where no request arrived; --total-query and --errors-query count "
    "such a step as one without requests"
)

_DURATION = re.compile(r"^\s*(\d+)\s*(s|m|h|d)?\s*$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86_400}

Mode = Literal["ratio", "counts", "counters", "up"]
F64 = NDArray[np.float64]
Mask = NDArray[np.bool_]


@dataclass(frozen=True)
class Fetched:
    """A fetch's table, with what a person wants to know about it."""

    table: CountTable | SampleTable
    steps: int  # the steps of the range
    gaps: Intervals  # the time of the range without a value
    warnings: list[str] = field(default_factory=list)


def duration_seconds(text: str) -> int:
    """``60s``, ``1m``, ``5m``, ``1h``, ``1d`` or a number of seconds, as seconds (at
    least 1); a ValueError (the expectation, in words) for anything else."""
    match = _DURATION.match(text)
    seconds = int(match.group(1)) * _UNIT[match.group(2) or "s"] if match else 0
    if seconds < 1:
        raise ValueError("a duration such as 60s, 1m, 5m or 1h (or a number of seconds)")
    return seconds


def steps_between(start: int, end: int, step: int) -> int:
    """How many steps ``[start, end)`` holds; a ValueError (the expectation, in words)
    unless ``end`` comes a whole number of steps after ``start``."""
    if step < 1:
        raise ValueError("a step of at least one second")
    if end <= start or (end - start) % step:
        raise ValueError(f"an end after the start by a whole number of steps ({step} s)")
    return (end - start) // step


def chunks(first: int, last: int, step: int, max_points: int = MAX_POINTS) -> list[tuple[int, int]]:
    """``(start, end)`` of each request evaluating ``first, first + step, ... last``,
    each of at most ``max_points`` points."""
    found = []
    low = first
    while low <= last:
        high = min(low + (max_points - 1) * step, last)
        found.append((low, high))
        low = high + step
    return found


@dataclass(frozen=True)
class PrometheusSource:
    """One service's availability in Prometheus: one of ``ratio_query``, ``total_query``
    with ``errors_query`` (``counters`` when they are cumulative), or ``up_query``."""

    service: str
    step: int = 60
    ratio_query: str | None = None
    total_query: str | None = None
    errors_query: str | None = None
    up_query: str | None = None
    counters: bool = False

    def __post_init__(self) -> None:
        if not self.service.strip():
            raise ValueError("a service name")
        if self.step < 1:
            raise ValueError("a step of at least one second")
        given = {
            name
            for name, query in (
                ("ratio", self.ratio_query),
                ("total", self.total_query),
                ("errors", self.errors_query),
                ("up", self.up_query),
            )
            if query
        }
        if given not in ({"ratio"}, {"total", "errors"}, {"up"}):
            raise ValueError(
                "one of --ratio-query, --total-query with --errors-query, or --up-query"
            )
        if self.counters and given != {"total", "errors"}:
            raise ValueError("--counters with --total-query and --errors-query")

    @property
    def mode(self) -> Mode:
        if self.ratio_query:
            return "ratio"
        if self.up_query:
            return "up"
        return "counters" if self.counters else "counts"

    @property
    def kind(self) -> Literal["counts", "samples"]:
        return "samples" if self.up_query else "counts"

    def queries(self) -> list[str]:
        return [
            q for q in (self.ratio_query, self.total_query, self.errors_query, self.up_query) if q
        ]

    def origin(self, url: str) -> Origin:
        """``url query`` (queries joined by `` ; ``), cut with a digest when long."""
        name = f"{url.rstrip('/')} {' ; '.join(self.queries())}"
        if len(name) > _NAME_LIMIT:
            digest = hashlib.sha256(name.encode()).hexdigest()[:16]
            name = f"{name[: _NAME_LIMIT - 30]}... sha256:{digest}"
        return Origin(name, kind="prometheus", unit="step")

    # ------------------------------------------------------------------ fetching
    def fetch(self, client: PrometheusClient, *, start: int, end: int) -> Fetched:
        """The table of ``[start, end)``: nothing is returned unless every request
        succeeded and every value is usable."""
        steps = steps_between(start, end, self.step)
        reader = _Reader(client, self, start, end)
        if self.mode == "up":
            assert self.up_query
            samples = reader.samples(self.up_query)
            table: CountTable | SampleTable = samples
            covered = Intervals.of(samples.at, samples.at + self.step)
        else:
            counts = reader.counts()
            table = counts
            covered = Intervals.of(counts.interval_start, counts.interval_start + self.step)
        gaps = Intervals.span(start, end) - covered
        return Fetched(table, steps, gaps, reader.warnings)


class _Reader:
    """The series of one fetch, indexed by step: ``k`` is the instant ``start + k·step``
    (0 to ``steps``), and the row of step ``k`` is ``[start + (k-1)·step, start + k·step)``."""

    def __init__(
        self, client: PrometheusClient, source: PrometheusSource, start: int, end: int
    ) -> None:
        self.client, self.source, self.start, self.end = client, source, start, end
        self.step = source.step
        self.steps = steps_between(start, end, source.step)
        self.origin = source.origin(client.url)
        self.warnings: list[str] = []

    def fail(self, query: str, reason: str) -> PrometheusError:
        return PrometheusError(self.client.url, query, self.start, self.end, reason)

    def when(self, k: int | np.integer) -> str:
        """The instant of step ``k``, for messages."""
        return iso(self.start + int(k) * self.step)

    def series(
        self, query: str, *, from_start: bool = False, nan_hint: str = ""
    ) -> tuple[Mask, F64]:
        """Which instants have a value, and the values (0 elsewhere)."""
        present = np.zeros(self.steps + 1, dtype=np.bool_)
        values = np.zeros(self.steps + 1, dtype=np.float64)
        first = self.start if from_start else self.start + self.step
        labels: str | None = None
        for low, high in chunks(first, self.end, self.step):
            try:
                answer = self.client.query_range(query, low, high, self.step)
            except PrometheusError as exc:  # named with the whole range asked for
                raise self.fail(query, exc.reason) from None
            self.warnings.extend(answer.warnings)
            found = [s.labels() for s in answer.series]
            if len(found) > 1 or (found and labels is not None and found[0] != labels):
                names = found if len(found) > 1 else [labels or "", found[0]]
                listed = ", ".join(names[:_LISTED]) + (", ..." if len(names) > _LISTED else "")
                raise self.fail(
                    query,
                    f"expected one series, found {len(set(names))}: {listed} (aggregate "
                    "them, e.g. sum(...), or select one by its labels)",
                )
            for series in answer.series:
                labels = series.labels()
                offset = series.at - self.start
                k = offset // self.step
                if bool(np.any((offset % self.step != 0) | (k < 0) | (k > self.steps))):
                    raise self.fail(query, "an answer with instants outside the steps asked for")
                present[k] = True
                values[k] = series.values
        bad = np.flatnonzero(present & ~np.isfinite(values))
        if bad.size:
            first = int(bad[0])
            raise self.fail(
                query,
                f"expected a number at {self.when(first)}, found {values[first]} "
                f"({_count(bad.size, 'such step')}){nan_hint}",
            )
        return present, values

    def whole(self, query: str, values: F64, mask: Mask, what: str) -> None:
        """Refuse values that are negative or not whole where ``mask`` holds."""
        bad = np.flatnonzero(mask & ((values < 0) | (values != np.floor(values))))
        if bad.size:
            k = int(bad[0])
            raise self.fail(
                query,
                f"expected {what} (a whole number of at least 0) at {self.when(k)}, found "
                f"{values[k]:g} (wrap the query in round() if it extrapolates)",
            )

    # -------------------------------------------------------------- the modes
    def counts(self) -> CountTable:
        source = self.source
        if source.mode == "ratio":
            assert source.ratio_query
            present, ratio = self.series(source.ratio_query, nan_hint=_RATIO_NAN)
            ks = np.flatnonzero(present[1:]) + 1
            outside = ks[(ratio[ks] < 0) | (ratio[ks] > 1)]
            if outside.size:
                k = outside[0]
                raise self.fail(
                    source.ratio_query,
                    f"expected a ratio from 0 to 1 at {self.when(k)}, found {ratio[k]:g}",
                )
            nominal = np.full(ks.size, RATIO_SCALE, dtype=np.int64)
            parts = np.rint(ratio[ks] * RATIO_SCALE).astype(np.int64)
            return self._count_table(ks, nominal, parts)
        assert source.total_query
        assert source.errors_query
        counters = source.mode == "counters"
        has_total, total = self.series(source.total_query, from_start=counters)
        has_errors, errors = self.series(source.errors_query, from_start=counters)
        errors = np.where(has_errors, errors, 0.0)
        self.whole(source.total_query, total, has_total, "a count of requests")
        self.whole(source.errors_query, errors, has_total, "a count of server errors")
        if counters:
            ks = np.flatnonzero(has_total[1:] & has_total[:-1]) + 1
            total_in = total[ks] - total[ks - 1]
            errors_in = errors[ks] - errors[ks - 1]
            self._no_reset(source.total_query, ks, total_in, total)
            self._no_reset(source.errors_query, ks, errors_in, errors)
        else:
            ks = np.flatnonzero(has_total[1:]) + 1
            total_in, errors_in = total[ks], errors[ks]
        above = np.flatnonzero(errors_in > total_in)
        if above.size:
            i = int(above[0])
            raise self.fail(
                source.errors_query,
                f"expected at most the total at {self.when(ks[i])}, found {errors_in[i]:g} "
                f"server errors for {total_in[i]:g} requests",
            )
        return self._count_table(ks, total_in.astype(np.int64), errors_in.astype(np.int64))

    def _no_reset(self, query: str, ks: NDArray[np.int64], increase: F64, counter: F64) -> None:
        fell = np.flatnonzero(increase < 0)
        if fell.size:
            k = int(ks[fell[0]])
            raise self.fail(
                query,
                f"a counter reset at {self.when(k)}: it fell from {counter[k - 1]:g} to "
                f"{counter[k]:g} ({_count(fell.size, 'reset')}); the requests between its "
                "last scrape and the restart are lost, so its counts would not be exact "
                "(increase() in the query accepts that)",
            )

    def samples(self, query: str) -> SampleTable:
        present, values = self.series(query)
        ks = np.flatnonzero(present[1:]) + 1
        other = ks[(values[ks] != 0) & (values[ks] != 1)]
        if other.size:
            k = other[0]
            raise self.fail(
                query,
                f"expected 0 (down) or 1 (up) at {self.when(k)}, found {values[k]:g} "
                "(min_over_time(up[1m]) is down when any check of the step failed)",
            )
        at = self.start + (ks - 1) * self.step
        return SampleTable(
            self.origin,
            (self.source.service,),
            np.zeros(ks.size, dtype=np.int64),
            at.astype(np.int64),
            values[ks] == 1,
            np.full(ks.size, np.nan),
            ks.astype(np.int64),
        )

    def _count_table(
        self, ks: NDArray[np.int64], total: NDArray[np.int64], errors: NDArray[np.int64]
    ) -> CountTable:
        return CountTable(
            self.origin,
            (self.source.service,),
            np.zeros(ks.size, dtype=np.int64),
            (self.start + (ks - 1) * self.step).astype(np.int64),
            np.full(ks.size, self.step, dtype=np.int64),
            total,
            errors,
            ks.astype(np.int64),
        )


def _count(count: int, noun: str) -> str:
    """``1 reset``, ``3 resets``."""
    return f"{count} {noun}" + ("" if count == 1 else "s")
