"""A helpdesk's list exported as CSV: one ticket a row, no history.

GLPI's search list ("Export > CSV": a UTF-8 byte-order mark, every cell quoted and
followed by the user's CSV delimiter, ``;`` unless changed, so each line ends with one;
column headers and values in the user's language, dates without an offset) and
Freshdesk's ticket export (CSV, dates in the helpdesk's zone). Without history, a
ticket is its creation, its priority as exported and the dates of its columns: a column
the mapping's ``fields`` name with ``instant:`` dates that event. The exported status is
kept as the field ``status (exported)``: its events cannot be dated.

The columns holding the key, the creation, the priority and the status have each
vendor's default names (English); the mapping's ``export`` section names others (a GLPI
in French: ``{key: ID, created: Date d'ouverture, priority: Priorité, status: Statut}``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from slaledger.adapters.files.helpdesk_mapping import LoadedMapping
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.ingest.helpdesks.common import epoch, looks_like_instant, refused
from slaledger.domain.helpdesk.tickets import Ticket
from slaledger.domain.message import msg


@dataclass(frozen=True)
class ExportColumns:
    """The columns of an export that hold the ticket's key, creation, priority, status."""

    key: str
    created: str
    priority: str
    status: str
    #: columns also given under the name the API uses (Jira's "Project key" as project)
    renamed: Mapping[str, str] = field(default_factory=dict)
    #: columns whose dates are not events (the last update)
    undated: frozenset[str] = frozenset()
    #: a column's name as the mapping's rules name it (Jira's "Custom field (X)" as X)
    label: Callable[[str], str] = str.strip

    def overridden(self, mapping: LoadedMapping) -> ExportColumns:
        """These columns with those the mapping's ``export`` section names instead."""
        chosen = mapping.model.export
        if chosen is None:
            return self
        return replace(
            self,
            key=chosen.key or self.key,
            created=chosen.created or self.created,
            priority=chosen.priority or self.priority,
            status=chosen.status or self.status,
        )


def _delimiter(header_line: str) -> str:
    """The delimiter of the header line: the most frequent of ``;``, ``,`` and tab
    outside quotes (GLPI writes ``;`` by default, a user may choose another)."""
    outside, quoted = [], False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    counts = {d: outside.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _is_date(text: str, date_format: str | None) -> bool:
    if looks_like_instant(text):
        return True
    if not date_format:
        return False
    try:
        datetime.strptime(text, date_format)
    except ValueError:
        return False
    return True


def read_table_export(
    path: Path,
    columns: ExportColumns,
    *,
    zone: str | None,
    date_format: str | None,
    kind: str,
) -> list[Ticket]:
    """The tickets of one CSV export; every row's problems listed before any is kept."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise refused(source, msg("input.ingest.existing-file"), "no such file") from None
    except UnicodeDecodeError as exc:
        raise refused(source, msg("input.ingest.export-csv", kind=kind), str(exc)) from None
    lines = text.splitlines()
    reader = csv.reader(lines, delimiter=_delimiter(lines[0] if lines else ""))
    header = next(reader, [])
    return tickets_of_rows(
        header, reader, columns, zone=zone, date_format=date_format, source=source, kind=kind
    )


def tickets_of_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    columns: ExportColumns,
    *,
    zone: str | None,
    date_format: str | None,
    source: str,
    kind: str,
    first_row: int = 1,
) -> list[Ticket]:
    """The tickets of an export's rows under its header (cells as text; rows numbered
    from ``first_row`` in messages)."""
    header = [name.strip() for name in header]
    while header and not header[-1]:  # GLPI ends every line with its delimiter
        header.pop()
    needed = (columns.key, columns.created)
    if not header or any(name not in header for name in needed):
        found = ", ".join(header) if header else "no header"
        expected = msg("input.ingest.export-columns", kind=kind, columns=", ".join(needed))
        raise refused(source, expected, found)
    tickets: list[Ticket] = []
    problems: list[Problem] = []
    for row_number, row in enumerate(rows, start=first_row):
        if not any(cell.strip() for cell in row):
            continue
        values: dict[str, str | None] = {}
        for name, cell in zip(header, row, strict=False):
            label = columns.label(name)
            # repeated columns (Jira's Labels, Sprint...) keep their first non-empty value
            if cell.strip() and not values.get(label):
                values[label] = cell.strip()
        key = values.get(columns.key) or f"row {row_number}"
        where = f"{source} row {row_number}"
        skipped = {columns.created, *columns.undated}
        try:
            created = epoch(
                values.get(columns.created),
                where=where,
                field=columns.created,
                zone=zone,
                date_format=date_format,
            )
            instants = {
                label: epoch(cell, where=where, field=label, zone=zone, date_format=date_format)
                for label, cell in values.items()
                if cell and label not in skipped and _is_date(cell, date_format)
            }
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        fields: dict[str, str | None] = {
            "priority": values.get(columns.priority),
            # the status as exported: without history its events cannot be dated
            "status (exported)": values.get(columns.status),
            **{api: values.get(name) for name, api in columns.renamed.items()},
            **{k: v for k, v in values.items() if k not in {columns.priority, columns.status}},
        }
        tickets.append(
            Ticket(key=key, created=created, fields=fields, origin=where, instants=instants)
        )
    if problems:
        raise InputError(problems)
    return tickets
