"""The one guard no text with a control character passes into the database.

Every engine of ``make_engine`` carries it: before any ``INSERT`` or ``UPDATE`` reaches
the driver — an ORM flush, a bulk ``insert()`` executemany, a restore, an audit entry —
each text value it binds (strings inside JSON values too) is searched for a control
character (``limits.CONTROL_CHARACTERS``: NUL and the other C0 controls but tab, line
feed and carriage return, DEL, the C1 controls). One found refuses the whole statement
with ``TextRefused``, naming the table, the column and the row (the file and its row
for imported observations); nothing of the statement is written, and the transaction
around it rolls back. PostgreSQL cannot store a NUL at all, and SQLite would store what
a later restore into PostgreSQL refuses: both databases answer the same.

The file readers and the API's schemas refuse such text earlier with their own
messages; this guard is for every path that does not (multipart file names, query
parameters, a contract's text, user e-mails...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Engine, PickleType, String, event
from sqlalchemy.engine import Connection, ExecutionContext
from sqlalchemy.sql import TextClause
from sqlalchemy.sql.dml import UpdateBase

from slaledger.adapters.db.errors import TextRefused
from slaledger.adapters.files.limits import CONTROL_CHARACTERS, CONTROL_EXPECTED, control_character
from slaledger.adapters.files.problems import Problem

_CONTROL = re.compile(CONTROL_CHARACTERS)
#: a textual write's table (no production code writes with text(), tests may)
_TEXT_WRITE = re.compile(r'^\s*(?:insert\s+into|update)\s+"?(\w+)', re.IGNORECASE)
#: the context attribute set once its parameters were checked (insertmanyvalues calls
#: the listener once per batch of the same statement)
_CHECKED = "_slaledger_text_checked"


def install(engine: Engine) -> None:
    """Refuse control characters in every write of ``engine`` (see the module)."""
    event.listen(engine, "before_cursor_execute", _before_cursor_execute)


def _before_cursor_execute(
    _connection: Connection,
    _cursor: Any,
    statement: str,
    _parameters: Any,
    context: ExecutionContext | None,
    _executemany: bool,
) -> None:
    if context is None or getattr(context, _CHECKED, False):
        return
    compiled = getattr(context, "compiled", None)
    if compiled is None:
        return  # exec_driver_sql: a PRAGMA, BEGIN IMMEDIATE
    setattr(context, _CHECKED, True)
    clause = compiled.statement
    table = _written_table(clause, statement)
    if table is None:
        return
    params: Sequence[Mapping[str, Any]] = context.compiled_parameters  # type: ignore[attr-defined]
    if params and _holds_control(params, _numeric_keys(clause)):
        raise TextRefused([_problem(table, params)])


def _written_table(clause: Any, statement: str) -> str | None:
    """The table an INSERT or UPDATE writes, else None (reads, deletes)."""
    if isinstance(clause, UpdateBase) and (clause.is_insert or clause.is_update):
        return str(getattr(clause.table, "name", "?"))
    if isinstance(clause, TextClause) and (found := _TEXT_WRITE.match(statement)):
        return found.group(1)
    return None


def _numeric_keys(clause: Any) -> frozenset[str]:
    """The bound columns that hold no text (numbers, instants, booleans): skipped."""
    table = getattr(clause, "table", None)
    if table is None:
        return frozenset()
    return frozenset(
        c.key for c in table.columns if not isinstance(c.type, String | JSON | PickleType)
    )


def _holds_control(params: Sequence[Mapping[str, Any]], skipped: frozenset[str]) -> bool:
    """Whether any text value holds a control character: one search per column over
    the values joined (an executemany binds the keys of its first row in every row)."""
    for key in params[0].keys() - skipped:
        column = [row.get(key) for row in params]
        try:
            joined = "\t".join(column)  # type: ignore[arg-type]
        except TypeError:  # None, numbers, JSON values
            joined = "\t".join(text for value in column for text in _nested(value))
        if _CONTROL.search(joined) is not None:
            return True
    return False


def _nested(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nested(key)
            yield from _nested(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _nested(item)


def _problem(table: str, params: Sequence[Mapping[str, Any]]) -> Problem:
    """The first text value holding a control character, located."""
    for index, row in enumerate(params, start=1):
        for field, value in row.items():
            texts = [value] if isinstance(value, str) else list(_nested(value))
            for text in texts:
                found = control_character(text)
                if found is None:
                    continue
                source, file_row = row.get("source"), row.get("row")
                if isinstance(source, str) and source and isinstance(file_row, int):
                    # an imported observation: the file's own row
                    where = f"{_safe(source)} (table {table})"
                    return Problem(where, field, CONTROL_EXPECTED, found, row=file_row)
                row_id = next(
                    (row[k] for k in ("id", f"{table}_id", "id_1") if isinstance(row.get(k), int)),
                    None,
                )  # an ORM update binds its key as <table>_id
                where = f"table {table}" + (f" id {row_id}" if isinstance(row_id, int) else "")
                number = index if len(params) > 1 else None
                return Problem(where, field, CONTROL_EXPECTED, found, row=number)
    raise AssertionError("a control character was found, then not")  # pragma: no cover


def _safe(text: str) -> str:
    """A file name fit to print (its own control characters escaped)."""
    return text if _CONTROL.search(text) is None else repr(text)
