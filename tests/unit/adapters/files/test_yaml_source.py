"""YAML text to located documents; bad text to located problems."""

from __future__ import annotations

import pytest

from slaledger.adapters.files.contract_file.loader import load_contract_text
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.files.yaml_source import load_yaml_text
from slaledger.adapters.i18n import english


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
    assert english(problem.expected) == "printable YAML text"
    assert found in english(problem.found)


def test_a_syntax_error_names_its_line() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml_text("a: [1, 2\nb: 3\n", "x.yaml")
    assert caught.value.problems[0].line is not None
    assert english(caught.value.problems[0].expected) == "valid YAML"


# found by the fuzzing pass (tests/unit/adapters/files/test_fuzz_readers.py)
def test_a_scalar_without_a_constructor_stays_its_text() -> None:
    """``=`` is YAML's ``value`` tag, which SafeLoader cannot construct: a
    ConstructorError escaped the loader."""
    assert load_yaml_text("=\n", "f.yaml").data == "="
    assert load_yaml_text("a: !unknown 5\n", "f.yaml").data == {"a": "5"}
    with pytest.raises(InputError) as refused:
        load_contract_text("=\n", "f.yaml")
    assert refused.value.problems


def test_a_json_escaped_character_outside_the_bmp_is_paired_again() -> None:
    """JSON writes U+1F600 as two escaped surrogates; YAML decoded them one by one and
    the lone halves broke UTF-8 encoding further on (UnicodeEncodeError)."""
    doc = load_yaml_text('{"note": "ok \\ud83d\\ude00"}', "f.json")
    assert doc.data == {"note": "ok \U0001f600"}


def test_a_lone_surrogate_is_refused_naming_its_place() -> None:
    with pytest.raises(InputError) as refused:
        load_yaml_text('{"a": 1,\n "note": "x\\ud800"}', "f.json")
    [problem] = refused.value.problems
    assert (problem.file, problem.line, english(problem.expected)) == ("f.json", 2, "Unicode text")
    assert "a lone surrogate in 'x\\ud800'" in english(problem.found)
    str(problem).encode("utf-8")  # printable


def test_a_key_with_a_tag_no_constructor_knows_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        load_yaml_text("? !unknown [a]\n: 1\n", "f.yaml")
    assert english(refused.value.problems[0].expected) == "a plain YAML value"
