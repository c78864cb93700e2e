"""YAML text to located documents; bad text to located problems."""

from __future__ import annotations

import pytest

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.files.yaml_source import load_yaml_text


@pytest.mark.parametrize(
    ("text", "line", "column", "found"),
    [
        ("a: 1\nb: x\x07y\n", 2, 5, "'\\x07'"),  # a bell inside a value
        ("a: \x01", 1, 4, "'\\x01'"),  # a control character at the end
    ],
)
def test_a_character_yaml_does_not_allow_is_located_not_a_traceback(
    text: str, line: int, column: int, found: str
) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml_text(text, "contract.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column) == ("contract.yaml", line, column)
    assert problem.expected == "printable YAML text"
    assert found in problem.found


def test_a_syntax_error_names_its_line() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml_text("a: [1, 2\nb: 3\n", "x.yaml")
    assert caught.value.problems[0].line is not None
    assert caught.value.problems[0].expected == "valid YAML"
