"""The sources file: which source feeds which contract and service, how often it is
pulled and from when (``since``: the first instant of a first sync).

```yaml
format: slaledger-sources/1
sources:
  - id: portal-errors
    contract: saas-annexes
    service: solution
    kind: counts-file          # one of PULLERS
    interval: 5 min
    since: 2024-01-01T00:00:00+01:00
    stale_after: 30 min        # optional: SLALEDGER_SOURCE_STALE_AFTER, else 1 h
    options: {path: /exports/counts.csv}
```

``options`` are the kind's own settings; each kind checks them (``pullers.py``), and
a ``probe`` source's are checked here, as the file is read: either ``probes`` (a probes
file) or ``checks`` (with ``concurrency``), the checks themselves, given inline and read
by the probes file's own parser (docs/probes.md), so that a check given in the sources
file or through the API is refused before it is stored or run. Read all or nothing:
every problem names the file, the line, the field, what was expected and what was found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from slaledger.adapters.files.calendar_file import problems_from_validation
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.pydantic_errors import refusal
from slaledger.adapters.files.yaml_source import YamlDocument, dotted, load_yaml
from slaledger.adapters.ingest.probe.config import probes_from_document
from slaledger.domain.contract.values import parse_duration
from slaledger.domain.message import Text, msg

FORMAT = "slaledger-sources/1"
#: a source is pulled at most this often, in seconds
MIN_INTERVAL = 10
#: the options of a ``probe`` source: a probes file, or its checks given inline
PROBE_OPTIONS = ("probes", "checks", "concurrency")


class SourceModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
    contract: str = Field(min_length=1, max_length=200)
    service: str | None = Field(default=None, min_length=1, max_length=200)
    kind: str
    interval: str = "5 min"
    since: datetime | None = None
    #: how far back each sync pulls again before where the last one stopped
    overlap: str = "1 h"
    #: failing for longer than this is announced (default: SLALEDGER_SOURCE_STALE_AFTER)
    stale_after: str | None = None
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("interval")
    @classmethod
    def _interval(cls, value: str) -> str:
        _duration(value, MIN_INTERVAL, msg("input.sync.duration-at-least", minimum=MIN_INTERVAL))
        return value

    @field_validator("overlap")
    @classmethod
    def _overlap(cls, value: str) -> str:
        _duration(value, 0, msg("input.sync.overlap"))
        return value

    @field_validator("stale_after")
    @classmethod
    def _stale_after(cls, value: str | None) -> str | None:
        if value is not None:
            _duration(value, 1, msg("input.sync.stale-after"))
        return value

    @field_validator("since")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.utcoffset() is None:
            raise refusal("value", msg("input.sync.aware-instant"), str(value))
        return value


def duration_seconds(text: str) -> int | None:
    """``text`` as whole seconds ("1h", "30 min", "90s"); None when it is no fixed
    duration (a month, business days, a word)."""
    try:
        seconds = parse_duration(text).fixed_seconds
    except ValueError:
        return None
    return None if seconds is None else int(seconds)


def _duration(value: str, minimum: int, expected: Text) -> int:
    seconds = duration_seconds(value)
    if seconds is None or seconds < minimum:
        raise refusal("value", expected, value)
    return seconds


class SourcesFileModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["slaledger-sources/1"]
    sources: list[SourceModel]


@dataclass(frozen=True)
class Source:
    id: str
    contract: str
    service: str | None
    kind: str
    interval_seconds: int
    since: datetime | None
    options: dict[str, Any] = field(default_factory=dict)
    #: each sync pulls again this far before where the last one stopped, so that what
    #: was derived near the boundary (a last sample standing for the gap, a run of down
    #: minutes cut in two) is derived again with what came after
    overlap_seconds: int = 3600
    #: announced as failing after this long (None: the service's SLALEDGER_SOURCE_STALE_AFTER)
    stale_after_seconds: int | None = None
    #: where it was declared, for messages: ``file line N``
    where: str = ""
    #: the sources file's folder, for relative paths in ``options``
    base: Path = Path(".")

    @property
    def job(self) -> str:
        return f"source:{self.contract}:{self.id}"

    def path(self, option: str) -> Path:
        """``options[option]`` as a path, relative to the sources file."""
        value = Path(str(self.options[option]))
        return value if value.is_absolute() else self.base / value


def load_sources(path: str | Path, kinds: set[str]) -> list[Source]:
    """The sources of ``path``; ``kinds``: the kinds this build can pull."""
    doc = load_yaml(path)
    try:
        model = SourcesFileModel.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(doc, exc)) from None
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    sources = []
    base = Path(doc.file).resolve().parent
    for i, item in enumerate(model.sources):
        at = ("sources", i)
        if (item.contract, item.id) in seen:
            problems.append(doc.problem((*at, "id"), msg("input.sync.new-id"), item.id))
        seen.add((item.contract, item.id))
        source, found = _checked(doc, at, item, kinds, base)
        problems.extend(found)
        sources.append(source)
    if problems:
        raise InputError(problems)
    return sources


def _checked(
    doc: YamlDocument, at: tuple[Any, ...], item: SourceModel, kinds: set[str], base: Path
) -> tuple[Source, list[Problem]]:
    """The source of a validated entry, and what is wrong with it beyond its model (a
    kind this build cannot pull); ``at``: where the entry lies in ``doc``."""
    problems = []
    if item.kind not in kinds:
        expected = msg("input.files.one-of", values=", ".join(sorted(kinds)))
        problems.append(doc.problem((*at, "kind"), expected, item.kind))
    elif item.kind == "probe":
        problems.extend(_probe_problems(doc, (*at, "options"), item.options, base))
    line, _ = doc.position(at)
    seconds = duration_seconds(item.interval)
    assert seconds is not None  # checked by the model
    source = Source(
        id=item.id,
        contract=item.contract,
        service=item.service,
        kind=item.kind,
        interval_seconds=int(seconds),
        since=item.since,
        options=dict(item.options),
        overlap_seconds=duration_seconds(item.overlap) or 0,
        stale_after_seconds=(
            None if item.stale_after is None else duration_seconds(item.stale_after)
        ),
        where=doc.file if line is None else f"{doc.file} line {line}",
        base=base,
    )
    return source, problems


def _probe_problems(
    doc: YamlDocument, at: tuple[Any, ...], options: dict[str, Any], base: Path
) -> list[Problem]:
    """What is wrong with a ``probe`` source's options at ``at``: an unknown option,
    not exactly one of ``probes`` and ``checks``, ``concurrency`` without ``checks``, or
    the inline checks themselves (each named by line and field, as in a probes file)."""
    names = ", ".join(PROBE_OPTIONS)
    problems = [
        _problem(doc, (*at, name), msg("input.sync.one-of", names=names), name)
        for name in options
        if name not in PROBE_OPTIONS
    ]
    given = [name for name in ("probes", "checks") if name in options]
    if len(given) != 1:
        found = " and ".join(given) or None
        problems.append(_problem(doc, at, msg("input.sync.probe-file-or-checks"), found))
    elif "concurrency" in options and "checks" not in options:
        expected = msg("input.sync.probe-concurrency")
        problems.append(_problem(doc, (*at, "concurrency"), expected, options["concurrency"]))
    if problems or "checks" not in options:
        return problems
    try:
        probes_from_document(doc, at, base=base)
    except InputError as exc:
        return list(exc.problems)
    return []


def _problem(doc: YamlDocument, path: tuple[Any, ...], expected: Text, found: object) -> Problem:
    line, column = doc.position(path)
    return Problem(doc.file, dotted(path), expected, describe(found), line, column)


def parse_definition(
    data: object, kinds: set[str], *, where: str, base: Path | None = None
) -> Source:
    """One source from ``data``, the mapping a sources file holds for an entry (a
    definition given through the API, or stored): the same model and checks as the
    file's, its problems naming ``where`` and the field. Relative paths in ``options``
    are relative to ``base`` (default: the working directory)."""
    doc = YamlDocument(file=where, data=data)
    try:
        item = SourceModel.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(doc, exc)) from None
    source, problems = _checked(doc, (), item, kinds, base or Path.cwd())
    if problems:
        raise InputError(problems)
    return source
