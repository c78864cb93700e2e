"""What happened, as column-oriented tables: outages, probe samples, request counts and
maintenance windows — the facts every availability figure is computed from.

File readers, the store and every connector (Prometheus, a prober, a helpdesk) *produce*
these tables; the use cases under ``services/`` consume them and never ask where they came
from, except to cite it: each table carries an :class:`Origin` and each record its
``row`` (1-based: a file's data row, a store record, a query's step), which traces and
messages print as ``origin.locate(row)``.

Tables are frozen dataclasses of NumPy arrays. Services are int codes into the tuple
``services``, as the domain computes on codes; instants are int64 epoch seconds.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]
Text = NDArray[np.str_]

#: the categories an outage record may carry (docs/inputs.md)
OUTAGE_CATEGORIES = frozenset(
    {
        "unplanned",
        "planned-maintenance",
        "force-majeure",
        "customer",
        "third-party",
        "customer-change",
    }
)


@dataclass(frozen=True)
class Origin:
    """Where a table's facts came from, for traces.

    ``kind`` says which adapter filled it (``file``, ``store``, ``api``, ``prometheus``,
    ``probe``, ``helpdesk``, ``memory``…), ``name`` what a reader recognises (a file's
    path, ``db:<contract>``, a query), ``unit`` what one record is called in it (``row``
    of a file, ``step`` of a query, ``ticket`` of a helpdesk).
    """

    name: str
    kind: str = "file"
    unit: str = "row"

    def locate(self, record: object, reference: object = None) -> str:
        """``name unit record`` and, when given, the record's own reference in brackets."""
        text = f"{self.name} {self.unit} {record}"
        return f"{text} ({reference})" if reference else text

    def __str__(self) -> str:
        return self.name


class _Records:
    """What every table answers: the name of its origin, and its number of records."""

    origin: Origin
    row: I64

    @property
    def source(self) -> str:
        return self.origin.name

    def __len__(self) -> int:
        return int(self.row.size)


#: a period a source is declared (or was observed to be) complete for:
#: ``(service or None for all, start, end, origin)``, origin ``outages``, ``counts``,
#: ``samples``
Covered = tuple[str | None, int, int, str]


@dataclass(frozen=True, eq=False)
class OutageTable(_Records):
    """Outage records, in source order. ``reported_at`` is 0 where ``reported`` is false.

    ``covers`` holds the periods the records are declared complete for (origin
    ``outages``: ``--covers``, a data folder's ``coverage.csv``, an import's declared
    range) or, from the store, that the counts and samples the measured rows were derived
    from observed (origin ``counts``, ``samples``): records of downtime only say nothing
    of the time between them, so a period no declaration covers has no data.
    """

    origin: Origin
    services: tuple[str, ...]
    service: I64
    start: I64
    end: I64
    category: Text
    reported_at: I64
    reported: Mask
    reference: Text
    note: Text
    row: I64
    covers: tuple[Covered, ...] = ()


@dataclass(frozen=True, eq=False)
class SampleTable(_Records):
    """Probe samples sorted by service, then instant; ``latency_ms`` is NaN where blank."""

    origin: Origin
    services: tuple[str, ...]
    service: I64
    at: I64
    up: Mask
    latency_ms: NDArray[np.float64]
    row: I64


@dataclass(frozen=True, eq=False)
class CountTable(_Records):
    """Request counts per interval sorted by service, then interval start."""

    origin: Origin
    services: tuple[str, ...]
    service: I64
    interval_start: I64
    interval_seconds: I64
    total: I64
    server_errors: I64
    row: I64


@dataclass(frozen=True, eq=False)
class MaintenanceTable(_Records):
    """Maintenance windows, in source order. ``announced_at`` is 0 where not announced."""

    origin: Origin
    services: tuple[str, ...]
    service: I64
    kind: Text
    announced_at: I64
    announced: Mask
    start: I64
    end: I64
    agreed_by_customer: Mask
    reference: Text
    row: I64


Table = TypeVar("Table", OutageTable, SampleTable, CountTable, MaintenanceTable)


def renamed(table: Table, name: str) -> Table:
    """The table with its origin renamed (an upload's temporary copy: the file as sent)."""
    return dataclasses.replace(table, origin=dataclasses.replace(table.origin, name=name))


def take(table: Table, rows: Mask) -> Table:
    """The records of ``table`` where ``rows`` is true (every column indexed alike)."""
    chosen = {
        f.name: getattr(table, f.name)[rows]
        for f in dataclasses.fields(table)
        if isinstance(getattr(table, f.name), np.ndarray)
    }
    return dataclasses.replace(table, **chosen)
