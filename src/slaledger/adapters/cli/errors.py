"""Turning known errors into one clear message and an exit code, never a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from slaledger.adapters.cli.click_language import speaking
from slaledger.adapters.db.errors import StoreError
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import LANGUAGES, render
from slaledger.domain.calendar.engine import CalendarError
from slaledger.domain.message import Text, msg

#: exit code for bad input (files, options, values)
EXIT_INPUT = 2


#: the environment variable naming the language of the CLI's error messages (fr or en)
LANG_VARIABLE = "SLALEDGER_LANG"


def error_language(argv: Sequence[str] | None) -> str:
    """The language bad-input errors are told in: the command's own ``--lang`` when it
    has one and it names fr or en, else ``SLALEDGER_LANG``, else English."""
    args = list(sys.argv[1:] if argv is None else argv)
    for index, arg in enumerate(args):
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in LANGUAGES:
            return value
    chosen = os.environ.get(LANG_VARIABLE, "").strip().lower()
    return chosen if chosen in LANGUAGES else "en"


def told(text: Text) -> str:
    """A refusal's message (an ``AvailabilityError``'s) in the error language."""
    return render(text, error_language(None))


def run_guarded(command: click.Command, argv: Sequence[str] | None) -> int:
    """Run ``command``; click's own words (usage errors) and ours in the error language."""
    with speaking(error_language(argv)):
        return _run(command, argv)


def _run(command: click.Command, argv: Sequence[str] | None) -> int:
    try:
        result = command.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except InputError as exc:
        language = error_language(argv)
        for problem in exc.problems:
            line = msg("cli.error", text=problem.message())
            click.echo(render(line, language), err=True)
        return EXIT_INPUT
    except StoreError as exc:
        click.echo(render(msg("cli.error", text=exc.message), error_language(argv)), err=True)
        return 1
    except CalendarError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_INPUT
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo(render(msg("cli.aborted"), error_language(argv)), err=True)
        return 1
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    # without standalone mode click hands back ctx.exit(code) as the return value
    return result if isinstance(result, int) else 0
