"""Uploaded files handed to the existing file readers, and single records as one-row
tables, so that every write goes through the same all-or-nothing imports."""

from __future__ import annotations

import dataclasses
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import numpy as np
from fastapi import UploadFile

from slaledger.adapters.api.problems import ProblemError, invalid, title
from slaledger.adapters.api.schemas import MaintenanceCreate, OutageCreate
from slaledger.adapters.files.observations import read_window
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.domain.calendar.engine import to_epoch
from slaledger.domain.message import Items, msg
from slaledger.domain.observations import (
    CountTable,
    MaintenanceTable,
    Origin,
    OutageTable,
    SampleTable,
)
from slaledger.domain.observations import renamed as renamed_table

#: the source named in the audit log and in traces for records written through the API
API_SOURCE = "api"
T = TypeVar("T")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str | None, default: str) -> str:
    """The uploaded file's base name, reduced to safe characters (its extension kept:
    the readers choose the format by it)."""
    base = Path(name or "").name
    cleaned = _UNSAFE.sub("_", base).lstrip(".")[:120]
    return cleaned or default


@contextmanager
def saved(upload: UploadFile, *, default: str, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """The upload written to a private temporary folder under its own name, so that
    readers' messages name the file the person sent."""
    name = safe_name(upload.filename, default)
    if not name.lower().endswith(suffixes):
        raise invalid(
            "file", msg("problem.expected.suffix", suffixes=Items(suffixes, "comma")), name
        )
    with tempfile.TemporaryDirectory(prefix="slaledger-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as target:
            while chunk := upload.file.read(1 << 20):
                target.write(chunk)
        yield path


def read_upload(
    reader: Callable[[Path], T], upload: UploadFile, *, default: str, suffixes: tuple[str, ...]
) -> T:
    """The upload read by a file reader (all or nothing), its problems and its table's
    ``source`` naming the file as sent, not the temporary copy."""
    with saved(upload, default=default, suffixes=suffixes) as path:
        try:
            table = reader(path)
        except InputError as exc:
            raise InputError([renamed(p, str(path), path.name) for p in exc.problems]) from None
    if isinstance(table, OutageTable | SampleTable | CountTable | MaintenanceTable):
        return renamed_table(table, path.name)  # type: ignore[type-var]
    return table


def renamed(problem: Problem, temporary: str, name: str) -> Problem:
    return dataclasses.replace(
        problem,
        file=problem.file.replace(temporary, name),
        found=(
            problem.found.replace(temporary, name)
            if isinstance(problem.found, str)
            else problem.found
        ),
    )


def _check_order(start_field: str, body_start: int, body_end: int) -> None:
    if body_end < body_start:
        raise invalid(
            "end", msg("problem.expected.end-after", field=start_field), "an earlier instant"
        )


def one_outage(body: OutageCreate) -> OutageTable:
    start, end = to_epoch(body.start), to_epoch(body.end)
    _check_order("start", start, end)
    reported = body.reported_at is not None
    return OutageTable(
        Origin(API_SOURCE, kind="api"),
        (body.service,),
        np.zeros(1, dtype=np.int64),
        np.asarray([start], dtype=np.int64),
        np.asarray([end], dtype=np.int64),
        np.asarray([body.category], dtype=np.str_),
        np.asarray([to_epoch(body.reported_at) if body.reported_at else 0], dtype=np.int64),
        np.asarray([reported], dtype=np.bool_),
        np.asarray([body.reference], dtype=np.str_),
        np.asarray([body.note], dtype=np.str_),
        np.ones(1, dtype=np.int64),
    )


def request_window(
    fields: Mapping[str, str | None], *, kinds: Iterable[str], source: str = API_SOURCE
) -> MaintenanceTable:
    """A window of a request (a query, a body) read as a row of a maintenance file is
    (``read_window``, the CLI's and the dashboard's reader too); a problem answers 422
    naming the field, what was expected and what was found."""
    try:
        return read_window(fields, source=source, kinds=kinds)
    except InputError as exc:
        errors = [
            {"field": p.field, "expected": p.expected, "found": p.found} for p in exc.problems
        ]
        first = exc.problems[0]
        raise ProblemError(
            422,
            "validation",
            title(422),
            msg("problem.invalid", field=first.field, expected=first.expected, found=first.found),
            errors=errors,
        ) from None


def instant_text(value: datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def one_window(body: MaintenanceCreate, *, kinds: Iterable[str]) -> MaintenanceTable:
    """The body as a one-row maintenance table, checked as a file row is."""
    return request_window(
        {
            "service": body.service,
            "kind": body.kind,
            "start": instant_text(body.start),
            "end": instant_text(body.end),
            "announced_at": instant_text(body.announced_at),
            "agreed_by_customer": "yes" if body.agreed_by_customer else "no",
            "reference": body.reference,
        },
        kinds=kinds,
    )
