"""The batch progress bar: shown for big inputs on a terminal, or when forced; never on
stdout."""

from __future__ import annotations

import io
import sys

import pytest

from slaledger.adapters.cli.progress import PROGRESS_ROWS, batch_progress, wanted


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("rows", "terminal", "forced", "shown"),
    [
        (PROGRESS_ROWS + 1, True, None, True),
        (PROGRESS_ROWS, True, None, False),  # "over a million rows"
        (PROGRESS_ROWS + 1, False, None, False),  # stderr piped or captured
        (10, False, True, True),
        (PROGRESS_ROWS * 5, True, False, False),
    ],
)
def test_the_bar_is_wanted_over_a_million_rows_on_a_terminal_or_when_forced(
    monkeypatch, rows, terminal, forced, shown
):
    monkeypatch.setattr(sys, "stderr", _Terminal() if terminal else io.StringIO())
    assert wanted(rows, forced) is shown


def test_a_shown_bar_reaches_every_row_of_every_stage_on_stderr(capsys):
    with batch_progress(1000, 2, True) as bar:
        assert bar.shown
        bar.stage("instants")
        bar.advance(1000)
        bar.stage("writing")
        bar.advance(1000)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "writing" in captured.err
    assert "100%" in captured.err
    assert "1,000 rows" in captured.err
