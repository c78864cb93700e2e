"""A source defined through the API: the sources file's parser, the contract of the
address, no secret in it (only the names of the variables that hold them), and the
``*_env`` options read from the service's environment."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from slaledger.adapters.sync.config import Source
from slaledger.adapters.sync.definitions import definition_source, holds_secret
from slaledger.adapters.sync.pullers import PULLERS, environ_of

KINDS = set(PULLERS)


def _definition(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "portal-errors",
        "service": "solution",
        "kind": "prometheus",
        "interval": "5 min",
        "since": "2024-03-01T00:00:00+00:00",
        "options": {"url": "http://prom:9090", "ratio_query": "errors_ratio"},
    }
    return base | changes


def _refused(data: object, **kwargs: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        definition_source(data, contract="saas-annexes", kinds=KINDS, **kwargs)
    return caught.value


def test_a_good_definition_becomes_the_source_a_sources_file_would_give() -> None:
    source = definition_source(_definition(), contract="saas-annexes", kinds=KINDS)
    assert source.job == "source:saas-annexes:portal-errors"
    assert source.interval_seconds == 300
    assert source.since == datetime(2024, 3, 1, tzinfo=UTC)
    assert source.options["ratio_query"] == "errors_ratio"


def test_a_bad_interval_is_named_with_what_was_expected_and_found() -> None:
    (problem,) = _refused(_definition(interval="2 s")).problems
    assert problem.field == "interval"
    assert "at least 10 s" in english(problem.expected)
    assert english(problem.found) == "2 s"


def test_an_unknown_field_and_an_unknown_kind_are_named() -> None:
    problems = _refused(_definition(colour="blue")).problems
    assert [(p.field, english(p.found)) for p in problems] == [("colour", "unknown field 'colour'")]
    (problem,) = _refused(_definition(kind="ftp")).problems
    assert (problem.field, english(problem.found)) == ("kind", "'ftp'")
    assert "prometheus" in english(problem.expected)


@pytest.mark.parametrize(
    "option",
    ["token", "password", "app_token", "api_key", "apiKey", "client-secret", "basic_password"],
)
def test_an_inline_secret_is_refused_without_being_quoted(option: str) -> None:
    options = {"url": "http://prom:9090", "ratio_query": "q", option: "s3cr3t-value"}
    (problem,) = _refused(_definition(options=options)).problems
    assert problem.field == f"options.{option}"
    assert f"'{option}_env'" in english(problem.expected)
    assert "s3cr3t-value" not in str(problem)


def test_a_password_in_a_url_is_refused_without_being_quoted() -> None:
    options = {"url": "https://ops:hunter22@prom:9090", "ratio_query": "q"}
    (problem,) = _refused(_definition(options=options)).problems
    assert problem.field == "options.url"
    assert "hunter22" not in str(problem)


def test_the_names_of_variables_are_accepted_and_must_be_names() -> None:
    options = {"url": "http://prom:9090", "ratio_query": "q", "token_env": "PROM_TOKEN"}
    source = definition_source(_definition(options=options), contract="c", kinds=KINDS)
    assert source.options["token_env"] == "PROM_TOKEN"
    options["token_env"] = "not a name!"
    (problem,) = _refused(_definition(options=options)).problems
    assert problem.field == "options.token_env"


def test_the_address_gives_the_contract_and_the_name() -> None:
    (problem,) = _refused(_definition(contract="another")).problems
    assert problem.field == "contract"
    (problem,) = _refused(_definition(), name="other-name").problems
    assert (problem.field, english(problem.found)) == ("id", "'portal-errors'")
    data = _definition()
    del data["id"]
    source = definition_source(data, contract="saas-annexes", kinds=KINDS, name="by-address")
    assert source.id == "by-address"


def test_a_definition_that_is_no_mapping_is_refused() -> None:
    (problem,) = _refused(["id", "x"]).problems
    assert "mapping" in english(problem.expected)


@pytest.mark.parametrize(
    ("name", "secret"),
    [("user", False), ("author", False), ("token_env", False), ("ca_file", False),
     ("private_key", True), ("TOKEN", True)],
)  # fmt: skip
def test_which_option_names_hold_a_secret(name: str, secret: bool) -> None:
    assert holds_secret(name) is secret


def test_an_env_option_reads_the_variable_it_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROM_TOKEN_A", "abc")
    source = Source(
        id="p", contract="c", service="s", kind="prometheus", interval_seconds=60, since=None,
        options={"token_env": "PROM_TOKEN_A"}, where="request body",
    )  # fmt: skip
    assert environ_of(source)["SLALEDGER_PROMETHEUS_TOKEN"] == "abc"
    monkeypatch.delenv("PROM_TOKEN_A")
    with pytest.raises(InputError, match=r"options\.token_env"):
        environ_of(source)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"options": {"ratio_query": "errors_ratio"}}, "options.url"),  # no server
        ({"since": None}, "since"),  # where would the first sync start?
        ({"options": {"url": "http://prom:9090"}}, "options"),  # no way of measuring
        ({"options": {"url": "http://prom:9090", "up_query": "up", "qeury": "x"}},
         "options.qeury"),
        ({"kind": "uptime-export", "options": {"format": "statuscake", "path": "x.json"}},
         "options.format"),
        ({"kind": "counts-file", "options": {}}, "options.path"),
    ],
)  # fmt: skip
def test_options_that_would_fail_every_sync_are_refused_when_defined(
    changes: dict[str, Any], field: str
) -> None:
    error = _refused(_definition(**changes))
    assert error.problems[0].field == field
