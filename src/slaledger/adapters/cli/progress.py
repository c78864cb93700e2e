"""A progress bar on stderr for long batches (rich), or nothing.

Shown for inputs over PROGRESS_ROWS rows when stderr is a terminal; ``--progress``
forces it (any size, any stderr), ``--no-progress`` hides it. It never writes to
stdout, so piping a command's output is not disturbed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

#: inputs with more rows than this show a bar by default (on a terminal)
PROGRESS_ROWS = 1_000_000


class BatchProgress:
    """Stages of a batch over its rows: each stage moves the bar over every row once."""

    def __init__(self, progress: Progress | None, rows: int, stages: int) -> None:
        self._progress = progress
        self._task: TaskID | None = None
        if progress is not None:
            self._task = progress.add_task("reading", total=max(rows, 1) * stages)

    @property
    def shown(self) -> bool:
        return self._progress is not None

    def stage(self, description: str) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=description)

    def advance(self, rows: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, rows)


def wanted(rows: int, forced: bool | None) -> bool:
    """Whether to show the bar: as forced, else for big inputs on a terminal."""
    if forced is not None:
        return forced
    return rows > PROGRESS_ROWS and sys.stderr.isatty()


@contextmanager
def batch_progress(rows: int, stages: int, forced: bool | None) -> Iterator[BatchProgress]:
    """A BatchProgress, drawn on stderr when ``wanted``."""
    if not wanted(rows, forced):
        yield BatchProgress(None, rows, stages)
        return
    console = Console(file=sys.stderr, force_terminal=True if forced else None)
    progress = Progress(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn(f"{rows:,} rows"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    with progress:
        yield BatchProgress(progress, rows, stages)
