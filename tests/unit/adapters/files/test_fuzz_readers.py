"""Fuzzing the contract loader and the data readers (hypothesis): random and mutated
inputs give either a result or an InputError (the project's clean error, which names
file, line, field, expected and found), never another exception.

Each test runs ``SLALEDGER_FUZZ_EXAMPLES`` examples (default 200, what CI runs); a longer
pass: ``SLALEDGER_FUZZ_EXAMPLES=5000 PYTHONPATH=src python -m pytest -q -p no:cacheprovider
tests/unit/adapters/files/test_fuzz_readers.py`` (docs/security.md).
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from slaledger.adapters.files.contract_file.loader import load_contract_text
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.observations import (
    read_counts,
    read_maintenance,
    read_outages,
    read_samples,
)
from slaledger.adapters.files.problems import InputError
from tests.conftest import ROOT

EXAMPLES = int(os.environ.get("SLALEDGER_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CONTRACTS = sorted((ROOT / "examples" / "contracts").glob("*.yaml"))
SEED_TEXTS = [path.read_text("utf-8") for path in CONTRACTS]
SEED_DATA = [yaml.safe_load(text) for text in SEED_TEXTS]

#: values that have broken parsers before: empty, blanks, signs, huge and tiny numbers,
#: far instants, non-finite floats, odd types, unicode, quotes and separators
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e400",
        "-0",
        "nan",
        "inf",
        "-inf",
        "9" * 30,
        "0.0000001",
        "1,5",
        "99.999999999999999999",
        "2024-02-30T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z",
        "2024-03-01T00:00:00",
        "2024-03-01T00:00:00+25:00",
        "2024-03-01",
        "24:00",
        "PT1H",
        "P1M",
        "-PT5M",
        "1 h",
        "true",
        "null",
        "~",
        "[]",
        "{}",
        "é",
        "\u202f",
        "\ufeff",
        '"',
        "a,b",
        "x\ny",
        "=1+1",
    ]
)
SCALARS = st.one_of(
    TRICKY,
    st.text(max_size=12),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates().map(str),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _clean_or_result(call: Callable[[], Any]) -> None:
    """``call()`` returns, or raises an InputError with at least one problem (any other
    exception fails the test)."""
    refused: InputError | None = None
    try:
        call()
    except InputError as exc:
        refused = exc
    if refused is not None:
        assert refused.problems, "an InputError lists its problems"
        assert all(str(p) for p in refused.problems)


# ------------------------------------------------------------------ contracts
def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copied = copy.deepcopy(data)
    holder = copied
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    return copied


def _deleted(data: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return data
    copied = copy.deepcopy(data)
    holder = copied
    for part in path[:-1]:
        holder = holder[part]
    del holder[path[-1]]
    return copied


@st.composite
def mutated_contracts(draw: st.DrawFn) -> str:
    """A seed contract with a few values replaced or removed, as YAML or JSON."""
    data = draw(st.sampled_from(SEED_DATA))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        if path and draw(st.booleans()):
            data = _deleted(data, path)
        else:
            data = _replaced(data, path, draw(VALUES))
    if draw(st.booleans()):
        return json.dumps(data, default=str)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def mangled_texts(draw: st.DrawFn) -> str:
    """A seed contract's text with a slice cut, repeated or replaced by random text."""
    text = draw(st.sampled_from(SEED_TEXTS))
    start = draw(st.integers(min_value=0, max_value=len(text)))
    end = draw(st.integers(min_value=start, max_value=min(len(text), start + 200)))
    how = draw(st.sampled_from(["cut", "repeat", "replace"]))
    if how == "cut":
        return text[:start] + text[end:]
    if how == "repeat":
        return text[:end] + text[start:end] + text[end:]
    return text[:start] + draw(st.text(max_size=40)) + text[end:]


@FUZZ
@given(text=st.text(max_size=300))
def test_random_text_is_a_contract_or_an_input_error(text: str) -> None:
    _clean_or_result(lambda: load_contract_text(text, "fuzz.yaml"))


@FUZZ
@given(data=VALUES)
def test_random_yaml_documents_are_a_contract_or_an_input_error(data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    _clean_or_result(lambda: load_contract_text(text, "fuzz.yaml"))


@FUZZ
@given(text=mutated_contracts())
def test_mutated_seed_contracts_are_a_contract_or_an_input_error(text: str) -> None:
    _clean_or_result(lambda: load_contract_text(text, "fuzz.yaml"))


@FUZZ
@given(text=mangled_texts())
def test_mangled_seed_texts_are_a_contract_or_an_input_error(text: str) -> None:
    _clean_or_result(lambda: load_contract_text(text, "fuzz.yaml"))


# ---------------------------------------------------------------- data readers
READERS: dict[str, tuple[Callable[[Path], Any], tuple[str, ...]]] = {
    "outages": (read_outages, ("service", "start", "end", "category", "reported_at", "note")),
    "samples": (read_samples, ("service", "at", "up", "latency_ms")),
    "counts": (
        read_counts,
        ("service", "interval_start", "interval_seconds", "total", "server_errors"),
    ),
    "events": (read_events, ("incident", "at", "event", "value", "service", "kind", "note")),
    "maintenance": (read_maintenance, ("service", "start", "end", "kind", "announced_at")),
}
CELLS = st.one_of(TRICKY, st.text(max_size=10))


@st.composite
def data_files(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """A reader's name, a suffix and a file: its columns (some dropped, shuffled or
    repeated) and rows of tricky cells, as CSV or JSON lines, or random bytes."""
    name = draw(st.sampled_from(sorted(READERS)))
    columns = list(READERS[name][1])
    columns = draw(st.permutations(columns))[: draw(st.integers(1, len(columns)))]
    if draw(st.integers(0, 9)) == 0:
        columns.append(draw(st.sampled_from(columns)))
    rows = draw(st.lists(st.lists(CELLS, min_size=len(columns), max_size=len(columns)), max_size=5))
    kind = draw(st.sampled_from(["csv", "jsonl", "bytes"]))
    if kind == "bytes":
        return name, draw(st.sampled_from([".csv", ".jsonl"])), draw(st.binary(max_size=200))
    if kind == "jsonl":
        lines = [json.dumps(dict(zip(columns, row, strict=True))) for row in rows]
        if lines and draw(st.booleans()):
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
        return name, ".jsonl", "\n".join(lines).encode()
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    return name, ".csv", buffer.getvalue().encode()


@FUZZ
@given(case=data_files())
def test_random_data_files_are_a_table_or_an_input_error(case: tuple[str, str, bytes]) -> None:
    name, suffix, body = case
    reader = READERS[name][0]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}{suffix}"
        path.write_bytes(body)
        _clean_or_result(lambda: reader(path))


# ------------------------------------------------------- uptime exports (ingest)
UPTIME = ROOT / "tests" / "fixtures" / "uptime"
EXPORTS = {
    "uptimerobot-getmonitors.json": "uptimerobot",
    "pingdom-results.json": "pingdom",
    "pingdom-summary-outage.json": "pingdom",
    "uptimekuma-heartbeats.json": "uptimekuma",
    "uptimekuma-status-page.json": "uptimekuma",
    "gatus-statuses.json": "gatus",
}
EXPORT_DATA = {name: json.loads((UPTIME / name).read_text("utf-8")) for name in EXPORTS}


@st.composite
def mutated_exports(draw: st.DrawFn) -> tuple[str, bytes]:
    """An uptime export fixture with a few values replaced or removed."""
    name = draw(st.sampled_from(sorted(EXPORTS)))
    data = EXPORT_DATA[name]
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(_paths(data)))
        if path and draw(st.booleans()):
            data = _deleted(data, path)
        else:
            data = _replaced(data, path, draw(VALUES))
    return name, json.dumps(data, default=str).encode()


@FUZZ
@given(case=mutated_exports())
# found by the fuzzing pass in CI: "monitors" a number raised TypeError
@example(case=("uptimerobot-getmonitors.json", b'{"stat": "ok", "monitors": 7}'))
def test_mutated_uptime_exports_are_an_export_or_an_input_error(case: tuple[str, bytes]) -> None:
    from slaledger.adapters.ingest.uptime_exports import read_export

    name, body = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(body)
        _clean_or_result(
            lambda: read_export(
                EXPORTS[name],  # type: ignore[arg-type]
                path,
                service="web",
                timezone="Europe/Paris",
            )
        )
