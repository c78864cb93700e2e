"""The sources file's durations: a source's own ``stale_after``, the service's
``SLALEDGER_SOURCE_STALE_AFTER``, and the refusals that name the field."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.sync.config import duration_seconds, load_sources
from slaledger.adapters.sync.runner import (
    STALE_AFTER,
    STALE_VARIABLE,
    stale_after_from,
    stale_after_of,
)

KINDS = {"counts-file", "probe"}


def _file(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "format: slaledger-sources/1\n"
        "sources:\n"
        "  - id: errors\n"
        "    contract: saas-annexes\n"
        "    kind: counts-file\n"
        f"{extra}"
        "    options: {path: counts.csv}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1h", 3600),  # no space
        ("30min", 1800),
        ("30 min", 1800),  # with a space
        ("90s", 90),
        ("1 month", None),  # not a fixed length
        ("soon", None),  # not a duration
    ],
)
def test_a_duration_is_whole_seconds_or_none(text: str, seconds: int | None) -> None:
    assert duration_seconds(text) == seconds


def test_a_source_without_stale_after_takes_the_services(tmp_path: Path) -> None:
    (source,) = load_sources(_file(tmp_path), KINDS)
    assert source.stale_after_seconds is None
    assert stale_after_of(source, timedelta(minutes=20)) == timedelta(minutes=20)


def test_a_sources_own_stale_after_wins(tmp_path: Path) -> None:
    (source,) = load_sources(_file(tmp_path, "    stale_after: 30min\n"), KINDS)
    assert source.stale_after_seconds == 1800
    assert stale_after_of(source, timedelta(hours=5)) == timedelta(minutes=30)


@pytest.mark.parametrize("text", ["soon", "0s", "1 month"])
def test_a_bad_stale_after_is_refused_with_its_line_and_field(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError) as caught:
        load_sources(_file(tmp_path, f"    stale_after: {text}\n"), KINDS)
    message = str(caught.value)
    assert "sources.yaml:6:" in message
    assert "sources[0].stale_after" in message
    assert "such as 30min or 1h" in message
    assert text in message


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, STALE_AFTER),  # unset: the default
        ({STALE_VARIABLE: "  "}, STALE_AFTER),  # blank: the default
        ({STALE_VARIABLE: "30min"}, timedelta(minutes=30)),
        ({STALE_VARIABLE: "2 h"}, timedelta(hours=2)),
    ],
)
def test_the_services_stale_after_comes_from_the_environment(
    environ: dict[str, str], expected: timedelta
) -> None:
    assert stale_after_from(environ) == expected


@pytest.mark.parametrize("text", ["soon", "0 s", "1 month", "-5 min"])
def test_a_bad_environment_stale_after_is_refused_by_name(text: str) -> None:
    with pytest.raises(InputError) as caught:
        stale_after_from({STALE_VARIABLE: text})
    message = str(caught.value)
    assert message.startswith(f"environment: {STALE_VARIABLE}: expected a duration")
    assert text in message


def test_a_sources_files_unusable_options_are_all_named_before_any_sync(tmp_path: Path) -> None:
    from slaledger.adapters.sync.pullers import PULLERS, checked_sources

    path = tmp_path / "sources.yaml"
    path.write_text(
        "format: slaledger-sources/1\nsources:\n"
        "  - {id: prom, contract: c, service: s, kind: prometheus,\n"
        "     since: '2024-03-01T00:00:00+00:00', options: {up_query: up}}\n"
        "  - {id: file, contract: c, kind: counts-file}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        checked_sources(load_sources(path, set(PULLERS)))
    assert [(p.file, p.field) for p in caught.value.problems] == [
        (f"{path} line 3", "options.url"),
        (f"{path} line 5", "options.path"),
    ]
