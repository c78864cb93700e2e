"""A ``probe`` source's options, checked as the sources file is read (or a definition
given through the API): a probes file, or the checks themselves given inline and read by
the probes file's parser, each refusal naming the line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.sync.config import load_sources
from slaledger.adapters.sync.definitions import definition_source
from slaledger.adapters.sync.pullers import PULLERS

KINDS = set(PULLERS)


def _file(tmp_path: Path, options: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "format: slaledger-sources/1\n"
        "sources:\n"
        "  - id: portal\n"
        "    contract: saas-annexes\n"
        "    kind: probe\n"
        "    interval: 1 min\n"
        f"    options:\n{options}",
        encoding="utf-8",
    )
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_sources(path, KINDS)
    return [str(p) for p in caught.value.problems]


def test_inline_checks_load_with_the_source(tmp_path: Path) -> None:
    (source,) = load_sources(
        _file(
            tmp_path,
            "      concurrency: 5\n"
            "      checks:\n"
            "        - {id: home, service: solution, kind: http, url: 'https://portal.example/'}\n"
            "        - {id: db, service: solution, kind: tcp, host: db.example, port: 5432}\n",
        ),
        KINDS,
    )
    assert source.kind == "probe"
    assert [c["id"] for c in source.options["checks"]] == ["home", "db"]
    assert source.options["concurrency"] == 5


def test_a_probes_file_alone_loads_as_before(tmp_path: Path) -> None:
    (source,) = load_sources(_file(tmp_path, "      probes: probes.yaml\n"), KINDS)
    assert source.path("probes") == tmp_path / "probes.yaml"


def test_a_bad_inline_check_is_named_by_line_and_field(tmp_path: Path) -> None:
    problems = _problems(
        _file(
            tmp_path,
            "      checks:\n"
            "        - {id: home, service: solution, kind: http, url: 'https://portal.example/'}\n"
            "        - {id: db, service: solution, kind: udp}\n",
        )
    )
    assert len(problems) == 1
    assert "sources.yaml:10:" in problems[0]
    assert "sources[0].options.checks[1].kind" in problems[0]
    assert "expected a kind, http or tcp, found 'udp'" in problems[0]


@pytest.mark.parametrize(
    ("options", "field", "expected"),
    [
        ("      interval: 1 min\n", "options", "either 'probes' (a probes file) or 'checks'"),
        (
            "      probes: probes.yaml\n      checks: []\n",
            "options",
            "either 'probes' (a probes file) or 'checks'",
        ),
        ("      probes: probes.yaml\n      concurrency: 3\n", "options.concurrency", "only with"),
        ("      probes: probes.yaml\n      url: x\n", "options.url", "one of probes, checks"),
    ],
)
def test_options_that_are_neither_a_probes_file_nor_checks_are_refused(
    tmp_path: Path, options: str, field: str, expected: str
) -> None:
    problems = _problems(_file(tmp_path, options))
    assert any(f"sources[0].{field}:" in p and expected in p for p in problems), problems


def _definition(**options: Any) -> dict[str, Any]:
    return {"id": "portal", "service": "solution", "kind": "probe", "interval": "1 min",
            "options": options}  # fmt: skip


def test_checks_given_through_the_api_are_checked_as_the_files() -> None:
    good = {"id": "home", "service": "solution", "kind": "http", "url": "https://portal.example/"}
    source = definition_source(_definition(checks=[good]), contract="saas-annexes", kinds=KINDS)
    assert source.options["checks"] == [good]
    with pytest.raises(InputError) as caught:
        definition_source(
            _definition(checks=[good | {"timeout": "a while"}]), contract="saas-annexes",
            kinds=KINDS,
        )  # fmt: skip
    (problem,) = caught.value.problems
    assert problem.file == "request body"
    assert problem.field == "options.checks[0].timeout"
    assert problem.found == "'a while'"


def test_the_documented_probe_source_loads_and_its_quoted_refusal_is_the_real_one(
    tmp_path: Path,
) -> None:
    page = (Path(__file__).parents[4] / "docs" / "sources.md").read_text(encoding="utf-8")
    section = page.split("### Worked example: seed 001's portal", 1)[1]
    text = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    (source,) = load_sources(path, KINDS)
    assert [c["id"] for c in source.options["checks"]] == ["home", "db"]
    quoted = section.split("e.g. `", 1)[1].split("`, and nothing", 1)[0].replace("\n", " ")
    definition = dict(source.options)
    definition["checks"] = [source.options["checks"][0] | {"timeout": "a while"}]
    with pytest.raises(InputError) as caught:
        definition_source(_definition(**definition), contract="saas-annexes", kinds=KINDS)
    (problem,) = caught.value.problems
    assert " ".join(str(problem).split()).endswith(" ".join(quoted.split()))
