"""Saved API answers as files: what a connector read, written to disk and read again.

For helpdesks without an export that carries the history (Zammad, GLPI, Freshdesk),
``--file`` takes a JSON file holding the API's own answers, as ``curl`` saves them:
``{"tickets": [<ticket>...], "history": {"<ticket id>": <the history answer>}}``. Each
connector parses them with the same functions as its live answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from slaledger.adapters.ingest.helpdesks.common import refused
from slaledger.domain.message import msg


def read_recorded(path: Path, *, history_kind: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    source = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise refused(source, msg("input.ingest.existing-file"), "no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise refused(source, msg("input.ingest.json-file"), str(exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("tickets"), list):
        raise refused(
            source,
            msg("input.ingest.saved-answers", kind=history_kind),
            type(data).__name__,
        )
    history = data.get("history") or {}
    if not isinstance(history, dict):
        raise refused(source, msg("input.ingest.history-object"), type(history).__name__, "history")
    return data["tickets"], {str(k): v for k, v in history.items()}


def recorded_tickets(
    paths: Sequence[Path],
    *,
    history_kind: str,
    zone: str | None,
    parse: Callable[..., Any],
) -> list[Any]:
    """The tickets of saved API answers: each row parsed with its history."""
    out = []
    for path in paths:
        rows, history = read_recorded(path, history_kind=history_kind)
        for row in rows:
            out.append(parse(row, history.get(str(row.get("id")), []), zone=zone, origin=str(path)))
    return out


def exports_or_recorded(
    paths: Sequence[Path],
    *,
    suffix: str,
    read_export: Callable[[Path], list[Any]],
    history_kind: str,
    zone: str | None,
    parse: Callable[..., Any],
) -> list[Any]:
    """The tickets of the files given: the vendor's export (by its ``suffix``, read by
    ``read_export``: no history) or saved API answers, in the order given."""
    out: list[Any] = []
    for path in paths:
        if Path(path).suffix.lower() == suffix:
            out += read_export(Path(path))
        else:
            out += recorded_tickets([path], history_kind=history_kind, zone=zone, parse=parse)
    return out
