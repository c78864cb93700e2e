"""The ``sla`` command: translates arguments and output, nothing else."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from slaledger.adapters.cli.calendar_cmds import calendar
from slaledger.adapters.cli.errors import run_guarded


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="slaledger")
def cli() -> None:
    """SLA Ledger: IT service contracts as executable, auditable commitments."""


cli.add_command(calendar)


def main(argv: Sequence[str] | None = None) -> None:
    sys.exit(run_guarded(cli, argv))
