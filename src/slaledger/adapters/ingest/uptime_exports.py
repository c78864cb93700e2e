"""Exports of uptime monitors — UptimeRobot, Pingdom, Uptime Kuma, Gatus — read into the core's
tables: outage records (with the time the monitor watched) or probe samples.

The format is always named (``read_export("pingdom", path, ...)``), never guessed from
the content; within a format, the documented shapes are told apart by their keys (see
each reader's module). A bad record fails the whole file with an InputError naming the
file, the row (the n-th record of the export), the field, what was expected and what was
found; nothing is returned half-read.

A monitor's own accounting is kept where it decides what a check says: a failed check is
down whatever the monitor's retry state (Pingdom's ``unconfirmed_down``, Uptime Kuma's
``PENDING``); a check the monitor did not run (paused, unknown, maintenance) is not an
observation at all: no sample, and no time observed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.ingest import gatus, pingdom, uptime_kuma, uptimerobot
from slaledger.adapters.ingest.uptime_common import Export
from slaledger.domain.message import msg

__all__ = ["FORMATS", "Export", "ExportFormat", "read_export"]

ExportFormat = Literal["uptimerobot", "pingdom", "uptimekuma", "gatus"]
FORMATS: tuple[ExportFormat, ...] = ("uptimerobot", "pingdom", "uptimekuma", "gatus")
_READERS: dict[str, Callable[..., Export]] = {
    "uptimerobot": uptimerobot.read,
    "pingdom": pingdom.read,
    "uptimekuma": uptime_kuma.read,
    "gatus": gatus.read,
}


def read_export(
    kind: ExportFormat,
    path: str | Path,
    *,
    service: str,
    monitor: str | None = None,
    timezone: str | None = None,
) -> Export:
    """The records of ``path``, an export of ``kind``, as facts about ``service``.
    ``monitor`` chooses one monitor of an export that holds several (by name or id);
    ``timezone`` is the account's zone, for exports that write local times (UptimeRobot's
    CSV)."""
    if kind not in _READERS:
        raise ValueError(f"unknown export format {kind!r}")
    file = Path(path)
    if not file.is_file():
        raise InputError(
            [Problem(str(file), "", msg("input.ingest.export-file", kind=kind), "no such file")]
        )
    return _READERS[kind](file, service=service, monitor=monitor, timezone=timezone)
