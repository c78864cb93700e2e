"""What the commands on a contract file share (``sla obligations``, ``price``,
``penalties``, ``ledger``): the contract opened with its zone and calendars, its clause
problems named by file and line, the one clause of a kind in force on a day; today's
date for defaults; JSON output."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import click

from slaledger.adapters.cli.values import COMMAND_LINE
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.i18n import render
from slaledger.bootstrap import named_calendars
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.clause import HasClause, in_force
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.message import msg
from slaledger.domain.obligations.model import ObligationError


@dataclass(frozen=True)
class OpenedContract:
    """A contract file read for a command."""

    loaded: LoadedContract

    @property
    def contract(self) -> Contract:
        return self.loaded.contract

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.contract.timezone)

    def calendars(self) -> dict[str, BusinessCalendar]:
        return named_calendars(self.contract)

    def clause_problem(self, error: ObligationError, language: str = "en") -> InputError:
        """A clause that cannot give a date, named by the file's field and line; what is
        missing told in ``language``."""
        where = error.where or ""
        return InputError(
            [
                Problem(
                    file=self.loaded.file,
                    field=f"{where} (clause {error.clause_id})" if where else "",
                    line=self.loaded.lines.get(where) if where else None,
                    expected=msg("input.cli.clause-date"),
                    found=render(error.message, language),
                )
            ]
        )

    def pick(
        self, clauses: tuple[HasClause, ...], on: date, what: str, clause_id: str | None
    ) -> Any:
        """The one clause of a kind that applies on ``on`` (``--clause`` when several do)."""
        chosen = in_force(clauses, on)
        if clause_id is not None:
            chosen = [c for c in chosen if c.clause.id == clause_id]
        if len(chosen) == 1:
            return chosen[0]
        ids = ", ".join(sorted(c.clause.id for c in in_force(clauses, on))) or "none"
        raise InputError(
            [
                Problem(
                    file=self.loaded.file if not chosen and clause_id is None else COMMAND_LINE,
                    field="--clause" if chosen or clause_id else what,
                    expected=msg("input.cli.one-clause", what=what, day=on.isoformat(), ids=ids),
                    found=clause_id
                    or (
                        msg("input.found.none")
                        if not chosen
                        else msg("input.found.clauses", n=len(chosen))
                    ),
                )
            ]
        )


def today(zone: ZoneInfo) -> date:
    """The one place these commands read the clock: for defaults the user did not give."""
    return datetime.now(zone).date()


def print_json(data: Mapping[str, Any]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
