"""Turning known errors into one clear message and an exit code, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from slaledger.adapters.files.problems import InputError
from slaledger.domain.calendar.engine import CalendarError

#: exit code for bad input (files, options, values)
EXIT_INPUT = 2


def run_guarded(command: click.Command, argv: Sequence[str] | None) -> int:
    try:
        result = command.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except InputError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        return EXIT_INPUT
    except CalendarError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_INPUT
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    # without standalone mode click hands back ctx.exit(code) as the return value
    return result if isinstance(result, int) else 0
